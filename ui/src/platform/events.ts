// One typed subscription per backend event. Each resolves to a function that stops listening.
// src-tauri's contract test (src-tauri/src/contract.rs) fails when an event is on one side only.
import { listen } from "@tauri-apps/api/event";

import type {
  ConfirmQuitPayload,
  JobPayload,
  JobProgress,
  JobRemovedPayload,
  JobListNotSavedPayload,
  JobStatus,
  QueueOrderPayload,
  RepairProgress,
} from "../bindings";

export type Unsubscribe = () => void;

/** Every event: its name and payload. The test backend is typed by it too. */
export interface EventMap {
  "jobs://added": JobPayload;
  "jobs://changed": JobPayload;
  "jobs://removed": JobRemovedPayload;
  "jobs://progress": JobProgress;
  "jobs://reordered": QueueOrderPayload;
  "jobs://not-saved": JobListNotSavedPayload;
  "jobs://repair-progress": RepairProgress;
  "app://confirm-quit": ConfirmQuitPayload;
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
/** The job list could not be saved; the message says why and what to do. */
export const onJobListNotSaved = (handler: (message: string) => void) =>
  subscribe("jobs://not-saved", ({ message }) => {
    handler(message);
  });
/** How far a repair (`repairJob`) got: labels read and compared so far, of all. */
export const onRepairProgress = (handler: (progress: RepairProgress) => void) =>
  subscribe("jobs://repair-progress", handler);
/** Quit was asked for while jobs run: the window asks before `quitApp`. */
export const onConfirmQuit = (handler: (running: number) => void) =>
  subscribe("app://confirm-quit", ({ running }) => {
    handler(running);
  });
