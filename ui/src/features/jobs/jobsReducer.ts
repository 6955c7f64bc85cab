// The jobs as the window knows them: the first list_jobs() answer, then every event applied in
// order. Applying the same change twice (a command's answer and its event) changes nothing.
import type { JobProgress, JobStatus } from "../../bindings";

/** The speed of all running jobs at one moment, in total and by processor. */
export interface ThroughputSample {
  /** Milliseconds since the Unix epoch. */
  at: number;
  /** All running jobs together. */
  labelsPerSec: number;
  /**
   * Each busy processor's speed, summed over the jobs it works on, by provider id. A processor
   * that is not busy is left out, so its line on the chart ends.
   */
  byProcessor: Readonly<Record<string, number>>;
}

/** How far back the throughput chart looks. */
export const THROUGHPUT_WINDOW_MS = 5 * 60 * 1000;
/** Samples closer together than this are merged into one. */
const SAMPLE_SPACING_MS = 1000;

export interface JobsState {
  /** In queue order, as list_jobs returns them. */
  jobs: JobStatus[];
  throughput: ThroughputSample[];
}

export type JobsAction =
  | { type: "listed"; jobs: JobStatus[]; at: number }
  | { type: "upserted"; job: JobStatus; at: number }
  | { type: "removed"; id: number; at: number }
  | { type: "progressed"; progress: JobProgress; at: number }
  | { type: "reordered"; order: number[] };

export const initialJobsState: JobsState = { jobs: [], throughput: [] };

export function jobsReducer(state: JobsState, action: JobsAction): JobsState {
  switch (action.type) {
    case "listed":
      return withSample({ ...state, jobs: action.jobs }, action.at);
    case "upserted": {
      const exists = state.jobs.some((job) => job.id === action.job.id);
      const jobs = exists
        ? state.jobs.map((job) => (job.id === action.job.id ? action.job : job))
        : [...state.jobs, action.job];
      return withSample({ ...state, jobs }, action.at);
    }
    case "removed":
      if (!state.jobs.some((job) => job.id === action.id)) return state;
      return withSample({ ...state, jobs: state.jobs.filter((job) => job.id !== action.id) }, action.at);
    case "progressed": {
      const { progress } = action;
      if (!state.jobs.some((job) => job.id === progress.id)) return state;
      const jobs = state.jobs.map((job) =>
        job.id === progress.id
          ? {
              ...job,
              labels_done: progress.labels_done,
              total_labels: progress.total_labels,
              labels_per_sec: progress.labels_per_sec,
              eta_secs: progress.eta_secs,
              processor_speeds: progress.processor_speeds,
            }
          : job,
      );
      return withSample({ ...state, jobs }, action.at);
    }
    case "reordered":
      return { ...state, jobs: reorder(state.jobs, action.order) };
  }
}

/** Puts jobs in `order`; jobs the order does not name keep their place at the end. */
export function reorder(jobs: JobStatus[], order: number[]): JobStatus[] {
  const position = new Map(order.map((id, index) => [id, index]));
  const rank = (job: JobStatus) => position.get(job.id) ?? order.length + jobs.indexOf(job);
  return [...jobs].sort((a, b) => rank(a) - rank(b));
}

/** The ids in `order` with `id` moved to `index`. */
export function moveId(order: number[], id: number, index: number): number[] {
  const rest = order.filter((other) => other !== id);
  rest.splice(index, 0, id);
  return rest;
}

/** The speeds of the running jobs now, as a sample at `at`. */
export function speedSample(jobs: JobStatus[], at: number): ThroughputSample {
  const running = jobs.filter((job) => job.state.state === "running");
  const byProcessor: Record<string, number> = {};
  for (const job of running) {
    for (const { processor, labels_per_sec } of job.processor_speeds) {
      byProcessor[processor] = (byProcessor[processor] ?? 0) + labels_per_sec;
    }
  }
  const labelsPerSec = running.reduce((sum, job) => sum + job.labels_per_sec, 0);
  return { at, labelsPerSec, byProcessor };
}

function idle(sample: ThroughputSample): boolean {
  return sample.labelsPerSec === 0 && Object.keys(sample.byProcessor).length === 0;
}

function withSample(state: JobsState, at: number): JobsState {
  const sample = speedSample(state.jobs, at);
  const kept = state.throughput.filter((old) => old.at >= at - THROUGHPUT_WINDOW_MS);
  const last = kept[kept.length - 1];
  if (last && idle(last) && idle(sample)) {
    // Idle: one zero marks the stop; more would only grow the list.
    return { ...state, throughput: kept };
  }
  if (last && at - last.at < SAMPLE_SPACING_MS) {
    return { ...state, throughput: [...kept.slice(0, -1), { ...sample, at: last.at }] };
  }
  return { ...state, throughput: [...kept, sample] };
}
