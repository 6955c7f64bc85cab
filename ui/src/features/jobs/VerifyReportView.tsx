import type { VerifyReport } from "../../bindings";
import { formatCount } from "../../lib/format";

/** The outcome of a spot check, in words. */
export function VerifyReportView({ report, onClose }: { report: VerifyReport; onClose: () => void }) {
  const checked = `${formatCount(report.labels_checked)} of ${formatCount(report.labels_planned)} sampled labels`;
  const ok = report.mismatches === 0 && !report.stopped;
  let text: string;
  if (report.mismatches > 0) {
    const first = report.first_mismatch;
    const where = first
      ? ` The first is label ${formatCount(first.label_in_file)} of ${first.file_name} (position ${formatCount(first.position)}).`
      : "";
    text = `Checked ${checked}: ${formatCount(report.mismatches)} do not match.${where} The data is damaged: delete this job with its data and create it again.`;
  } else if (report.stopped) {
    text = `The check stopped after ${checked}; none of those were wrong. Run Verify again to finish it.`;
  } else {
    text = `Checked ${checked}: all correct.`;
  }
  return (
    <div
      className={`notice ${ok ? "notice-ok" : "notice-error"}`}
      role="status"
      data-testid="verify-result"
      data-mismatches={report.mismatches}
    >
      <p>{text}</p>
      <button type="button" onClick={onClose}>
        Dismiss
      </button>
    </div>
  );
}
