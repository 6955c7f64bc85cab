interface ProgressBarProps {
  done: number;
  total: number;
  label: string;
}

export function ProgressBar({ done, total, label }: ProgressBarProps) {
  const fraction = total > 0 ? Math.min(done / total, 1) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.floor(fraction * 100)}
    >
      <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
    </div>
  );
}
