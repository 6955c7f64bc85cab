import type { JobStatus } from "../../bindings";
import { formatBytes, formatCount } from "../../lib/format";
import { t } from "../../text";
import { RichText } from "../../text/RichText";
import { checkText } from "./checkText";

interface FinishedJobProps {
  job: JobStatus;
  /** Starts the check of every label (a repair: it also writes any damaged label again). */
  onCheckEvery: () => void;
  /** Another action or the check itself is running. */
  busy: boolean;
}

/**
 * A finished job's "what now": where the data is and how big, whether it was checked, and a
 * button to check every label.
 */
export function FinishedJob({ job, onCheckEvery, busy }: FinishedJobProps) {
  const size = formatBytes((job.total_labels * job.label_bits) / 8);
  const check = job.last_check;
  const wrong = check !== null && check.mismatches > 0 && !check.repaired;
  return (
    <div
      className={`notice ${wrong ? "notice-warning" : "notice-ok"} job-finished`}
      data-testid="job-finished"
      data-checked={check === null ? "no" : check.every_label ? "every" : "sample"}
    >
      <p className="notice-title">
        {t("jobs.finished.ready", { size, labels: formatCount(job.total_labels) })}
      </p>
      <p>
        <RichText text="jobs.finished.where" params={{ dir: <span className="path">{job.dir}</span> }} />
      </p>
      <p data-testid="job-finished-check">{checkText(check, job.finished)}</p>
      {!(check?.every_label === true && !wrong) && (
        <button type="button" disabled={busy} onClick={onCheckEvery} data-testid="job-check-every">
          {t("jobs.finished.checkEvery")}
        </button>
      )}
    </div>
  );
}
