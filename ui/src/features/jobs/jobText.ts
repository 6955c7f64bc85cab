// The words the dashboard uses for job states and failures (the words themselves are in
// text/en/jobs.ts).
import type { FailureKind, JobState, JobStatus } from "../../bindings";
import {
  formatApproxDuration,
  formatDuration,
  formatFinishTime,
  formatLabelRate,
  formatMibRate,
  mibPerSec,
} from "../../lib/format";
import { t } from "../../text";

/**
 * A table of words for code that indexes it; each entry is read from the active text when it is
 * read, not when this module loaded (text/index.ts: activateText).
 */
function textTable<K extends string>(
  keys: readonly K[],
  text: (key: K) => string,
): Readonly<Record<K, string>> {
  const table = {} as Record<K, string>;
  for (const key of keys) Object.defineProperty(table, key, { enumerable: true, get: () => text(key) });
  return table;
}

/** A job state in a word: "Waiting", "Aborted" (jobs.state). */
export const STATE_LABELS: Readonly<Record<JobState["state"], string>> = textTable(
  ["queued", "running", "paused", "completed", "failed", "cancelled"],
  (state) => t(`jobs.state.${state}`),
);

/** What to do after each kind of failure (jobs.failure). */
export const FAILURE_HINTS: Readonly<Record<FailureKind, string>> = textTable(
  ["disk_full", "io", "compute", "library", "internal"],
  (kind) => t(`jobs.failure.${kind}`),
);

/** How the engine says a pause rule holds a job: "paused: on battery; ...". */
export const HOLD_PREFIX = "paused: ";

/**
 * How fast the job computes: "15.1 million labels/s · 14.4 MiB/s"; "Measuring…" while it runs
 * but the engine has no speed for it yet (never "0 MiB/s"); a dash when it does not run.
 */
export function speedLine(job: JobStatus): string {
  if (job.state.state !== "running") return "—";
  if (job.labels_per_sec <= 0) return t("jobs.card.measuring");
  return `${formatLabelRate(job.labels_per_sec)} · ${formatMibRate(mibPerSec(job.labels_per_sec, job.label_bits))}`;
}

/** One line about time: how long is left, or how long it took. */
export function timeLine(job: JobStatus): string {
  switch (job.state.state) {
    case "running":
      return job.eta_secs === null
        ? t("jobs.time.estimating")
        : capitalize(
            t("jobs.time.left", {
              left: formatApproxDuration(job.eta_secs),
              finish: formatFinishTime(job.eta_secs),
            }),
          );
    case "queued":
      return job.waiting_for?.startsWith(HOLD_PREFIX) === true
        ? t("jobs.time.heldByRule")
        : t("jobs.time.waitingForProcessor");
    case "paused":
      return job.eta_secs === null
        ? t("jobs.time.paused")
        : t("jobs.time.pausedLeft", { left: formatApproxDuration(job.eta_secs) });
    case "completed":
      return job.started !== null && job.finished !== null
        ? t("jobs.time.finishedIn", { duration: formatDuration(job.finished - job.started) })
        : t("jobs.time.finished");
    case "failed":
      return t("jobs.time.failed");
    case "cancelled":
      return t("jobs.time.aborted");
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
