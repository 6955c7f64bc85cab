// The words the dashboard uses for job states and failures.
import type { FailureKind, JobState, JobStatus } from "../../bindings";
import { formatApproxDuration, formatDuration, formatFinishTime } from "../../lib/format";

export const STATE_LABELS: Record<JobState["state"], string> = {
  queued: "Waiting",
  running: "Running",
  paused: "Paused",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Aborted",
};

/** What to do after each kind of failure. */
export const FAILURE_HINTS: Record<FailureKind, string> = {
  disk_full: "The disk is full: free some space, then Resume.",
  io: "The app could not read or write the data folder. Check that the drive is connected and writable, then Resume.",
  compute:
    "The processor reported an error. Resume to try again; if it fails again, start a new job on another processor.",
  library: "The GPU library failed. Check its status on the Processors page, then Resume.",
  internal:
    "An internal error stopped the job; what was written is kept. Resume to try again, and if it happens again, send the logs from About.",
};

/** How the engine says a pause rule holds a job: "paused: on battery; ...". */
export const HOLD_PREFIX = "paused: ";

/** One line about time: how long is left, or how long it took. */
export function timeLine(job: JobStatus): string {
  switch (job.state.state) {
    case "running":
      return job.eta_secs === null
        ? "Estimating the time left…"
        : `${capitalize(formatApproxDuration(job.eta_secs))} left · done around ${formatFinishTime(job.eta_secs)}`;
    case "queued":
      return job.waiting_for?.startsWith(HOLD_PREFIX) === true
        ? "Goes on when the pause rule allows"
        : "Starts when a processor is free";
    case "paused":
      return job.eta_secs === null
        ? "Paused"
        : `Paused, ${formatApproxDuration(job.eta_secs)} left when resumed`;
    case "completed":
      return job.started !== null && job.finished !== null
        ? `Finished in ${formatDuration(job.finished - job.started)}`
        : "Finished";
    case "failed":
      return "Stopped by an error";
    case "cancelled":
      return "Aborted";
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
