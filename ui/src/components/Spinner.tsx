/** A small turning circle with words beside it, announced to screen readers. */
export function Spinner({ label }: { label: string }) {
  return (
    <span className="spinner" role="status">
      <span className="spinner-circle" aria-hidden="true" />
      {label}
    </span>
  );
}
