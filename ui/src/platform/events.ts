// One typed subscription per backend event. Each resolves to a function that stops listening.
import { listen } from "@tauri-apps/api/event";

import type {
  JobPayload,
  JobProgress,
  JobRemovedPayload,
  JobStatus,
  ProvidersView,
  QueueOrderPayload,
} from "../bindings";

export type Unsubscribe = () => void;

/** Every event: its name and payload. The test backend is typed by it too. */
export interface EventMap {
  "jobs://added": JobPayload;
  "jobs://changed": JobPayload;
  "jobs://removed": JobRemovedPayload;
  "jobs://progress": JobProgress;
  "jobs://reordered": QueueOrderPayload;
  "providers://changed": ProvidersView;
}

export type EventName = keyof EventMap;

async function subscribe<E extends EventName>(
  event: E,
  handler: (payload: EventMap[E]) => void,
): Promise<Unsubscribe> {
  const unlisten = await listen<EventMap[E]>(event, (message) => {
    handler(message.payload);
  });
  return () => {
    unlisten();
  };
}

export const onJobAdded = (handler: (job: JobStatus) => void) =>
  subscribe("jobs://added", ({ job }) => {
    handler(job);
  });
export const onJobChanged = (handler: (job: JobStatus) => void) =>
  subscribe("jobs://changed", ({ job }) => {
    handler(job);
  });
export const onJobRemoved = (handler: (id: number) => void) =>
  subscribe("jobs://removed", ({ id }) => {
    handler(id);
  });
export const onJobProgress = (handler: (progress: JobProgress) => void) =>
  subscribe("jobs://progress", handler);
/** The new order of every job id, as `list_jobs` would return them. */
export const onJobsReordered = (handler: (order: number[]) => void) =>
  subscribe("jobs://reordered", ({ order }) => {
    handler(order);
  });
export const onProvidersChanged = (handler: (view: ProvidersView) => void) =>
  subscribe("providers://changed", handler);
