import type { VerifyReport } from "../../bindings";
import { formatCount } from "../../lib/format";
import { t } from "../../text";

interface VerifyReportViewProps {
  report: VerifyReport;
  onClose: () => void;
  /** Offered when labels do not match: starts a repair. */
  onRepair: () => void;
}

/** The outcome of a spot check, in words, with what was found in each file. */
export function VerifyReportView({ report, onClose, onRepair }: VerifyReportViewProps) {
  const counts = { checked: formatCount(report.labels_checked), planned: formatCount(report.labels_planned) };
  const ok = report.mismatches === 0 && !report.stopped;
  let text: string;
  if (report.mismatches > 0) {
    const first = report.first_mismatch;
    const wrong = t("jobs.verify.wrong", { ...counts, wrong: formatCount(report.mismatches) });
    const found = first
      ? t("common.sentences", {
          first: wrong,
          second: t("jobs.verify.firstWrong", {
            label: formatCount(first.label_in_file),
            file: first.file_name,
            position: formatCount(first.position),
          }),
        })
      : wrong;
    text = t("common.sentences", { first: found, second: t("jobs.verify.damaged") });
  } else if (report.stopped) {
    text = t("jobs.verify.stopped", counts);
  } else {
    text = t("jobs.verify.correct", counts);
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
        <ul className="verify-files" aria-label={t("jobs.verify.filesLabel")}>
          {damagedFiles.map((file) => (
            <li key={file.file_name}>
              {t("jobs.verify.file", {
                file: file.file_name,
                wrong: formatCount(file.mismatches),
                checked: formatCount(file.labels_checked),
              })}
            </li>
          ))}
        </ul>
      )}
      {report.mismatches > 0 && (
        <button type="button" className="primary" onClick={onRepair} data-testid="job-repair">
          {t("jobs.verify.repair")}
        </button>
      )}
      <button type="button" onClick={onClose}>
        {t("common.dismiss")}
      </button>
    </div>
  );
}
