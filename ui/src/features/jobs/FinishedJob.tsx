import type { JobCheck, JobStatus } from "../../bindings";
import { formatBytes, formatCount } from "../../lib/format";

interface FinishedJobProps {
  job: JobStatus;
  /** Starts the check of every label (a repair: it also writes any damaged label again). */
  onCheckEvery: () => void;
  /** Another action or the check itself is running. */
  busy: boolean;
}

/** When a check ended, as people say it: "today at 17:40", "on 3 Dec at 09:12". */
export function checkedWhen(atSecs: number, now: Date = new Date()): string {
  const at = new Date(atSecs * 1000);
  const time = at.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
  if (at.toDateString() === now.toDateString()) return `today at ${time}`;
  return `on ${at.toLocaleDateString(undefined, { day: "numeric", month: "short" })} at ${time}`;
}

/** How long after a job finished its automatic check is still expected. */
const CHECK_EXPECTED_SECS = 120;

/** What the last check found, as one sentence; `finished` (Unix seconds) for a job not checked. */
export function checkText(check: JobCheck | null, finished: number | null, now: Date = new Date()): string {
  if (check === null) {
    const recent = finished !== null && now.getTime() / 1000 - finished < CHECK_EXPECTED_SECS;
    return recent ? "A sample of the labels is being checked…" : "The labels have not been checked yet.";
  }
  const when = checkedWhen(check.at);
  const count = formatCount(check.labels_checked);
  if (check.every_label) {
    if (check.mismatches === 0) return `Every label (${count}) was checked ${when}: all are correct.`;
    const fixed = check.repaired ? " and written again" : "";
    return `Every label (${count}) was checked ${when}: ${formatCount(check.mismatches)} were damaged${fixed}; the data is correct now.`;
  }
  if (check.mismatches === 0)
    return `${count} labels picked at random were computed again on the processor (CPU) ${when} and all match.`;
  return `${formatCount(check.mismatches)} of ${count} labels checked ${when} are wrong. Check every label to find and rewrite the damaged ones.`;
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
        Your PoS data is ready: {size}, {formatCount(job.total_labels)} labels.
      </p>
      <p>
        It is in <span className="path">{job.dir}</span>. Leave the folder where it is and keep its files
        together; Open folder shows it.
      </p>
      <p data-testid="job-finished-check">{checkText(check, job.finished)}</p>
      {!(check?.every_label === true && !wrong) && (
        <button type="button" disabled={busy} onClick={onCheckEvery} data-testid="job-check-every">
          Check every label
        </button>
      )}
    </div>
  );
}
