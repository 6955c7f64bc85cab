// The jobs as the window knows them: the first list_jobs() answer, then every event applied in
// order. Applying the same change twice (a command's answer and its event) changes nothing.
import type { JobProgress, JobStatus } from "../../bindings";

/** Total speed of all running jobs at one moment. */
export interface ThroughputSample {
  /** Milliseconds since the Unix epoch. */
  at: number;
  labelsPerSec: number;
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

function totalSpeed(jobs: JobStatus[]): number {
  return jobs
    .filter((job) => job.state.state === "running")
    .reduce((sum, job) => sum + job.labels_per_sec, 0);
}

function withSample(state: JobsState, at: number): JobsState {
  const labelsPerSec = totalSpeed(state.jobs);
  const kept = state.throughput.filter((sample) => sample.at >= at - THROUGHPUT_WINDOW_MS);
  const last = kept[kept.length - 1];
  if (last?.labelsPerSec === 0 && labelsPerSec === 0) {
    // Idle: one zero marks the stop; more would only grow the list.
    return { ...state, throughput: kept };
  }
  if (last && at - last.at < SAMPLE_SPACING_MS) {
    return { ...state, throughput: [...kept.slice(0, -1), { at: last.at, labelsPerSec }] };
  }
  return { ...state, throughput: [...kept, { at, labelsPerSec }] };
}
