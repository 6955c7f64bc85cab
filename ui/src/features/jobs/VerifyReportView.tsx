import type { VerifyReport } from "../../bindings";
import { formatCount } from "../../lib/format";

interface VerifyReportViewProps {
  report: VerifyReport;
  onClose: () => void;
  /** Offered when labels do not match: starts a repair. */
  onRepair: () => void;
}

/** The outcome of a spot check, in words, with what was found in each file. */
export function VerifyReportView({ report, onClose, onRepair }: VerifyReportViewProps) {
  const checked = `${formatCount(report.labels_checked)} of ${formatCount(report.labels_planned)} sampled labels`;
  const ok = report.mismatches === 0 && !report.stopped;
  let text: string;
  if (report.mismatches > 0) {
    const first = report.first_mismatch;
    const where = first
      ? ` The first is label ${formatCount(first.label_in_file)} of ${first.file_name} (position ${formatCount(first.position)}).`
      : "";
    text = `Checked ${checked}: ${formatCount(report.mismatches)} do not match.${where} The data is damaged: Repair recomputes every label and writes the damaged ones again.`;
  } else if (report.stopped) {
    text = `The check stopped after ${checked}; none of those were wrong. Run Verify again to finish it.`;
  } else {
    text = `Checked ${checked}: all correct.`;
  }
  const damagedFiles = report.files.filter((file) => file.mismatches > 0);
  return (
    <div
      className={`notice ${ok ? "notice-ok" : "notice-error"}`}
      role="status"
      data-testid="verify-result"
      data-mismatches={report.mismatches}
    >
      <p>{text}</p>
      {damagedFiles.length > 0 && (
        <ul className="verify-files" aria-label="Files with wrong labels">
          {damagedFiles.map((file) => (
            <li key={file.file_name}>
              {file.file_name}: {formatCount(file.mismatches)} of {formatCount(file.labels_checked)} checked
              labels wrong
            </li>
          ))}
        </ul>
      )}
      {report.mismatches > 0 && (
        <button type="button" className="primary" onClick={onRepair} data-testid="job-repair">
          Repair
        </button>
      )}
      <button type="button" onClick={onClose}>
        Dismiss
      </button>
    </div>
  );
}
