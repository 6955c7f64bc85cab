import { describe, expect, it } from "vitest";

import { fixtures } from "../../platform/testing/fixtures";
import { initialJobsState, jobsReducer, moveId, THROUGHPUT_WINDOW_MS } from "./jobsReducer";

const job = fixtures.job({ id: 1, labels_per_sec: 0 });

describe("jobs reducer", () => {
  it("records total throughput at most once a second and forgets what is older than the window", () => {
    let state = jobsReducer(initialJobsState, { type: "listed", jobs: [job], at: 0 });
    const progress = (at: number, rate: number) =>
      (state = jobsReducer(state, {
        type: "progressed",
        progress: {
          id: 1,
          labels_done: at,
          total_labels: 1_000_000,
          labels_per_sec: rate,
          eta_secs: null,
          processor_speeds: [{ processor: "cpu", labels_per_sec: rate }],
        },
        at,
      }));
    progress(1000, 100);
    progress(1500, 120);
    progress(2500, 90);
    expect(state.throughput).toEqual([
      { at: 0, labelsPerSec: 0, byProcessor: {} },
      { at: 1000, labelsPerSec: 120, byProcessor: { cpu: 120 } },
      { at: 2500, labelsPerSec: 90, byProcessor: { cpu: 90 } },
    ]);
    progress(THROUGHPUT_WINDOW_MS + 2000, 80);
    expect(state.throughput.map((sample) => sample.at)).toEqual([2500, THROUGHPUT_WINDOW_MS + 2000]);
  });

  it("counts only running jobs and ignores progress of unknown jobs", () => {
    const paused = fixtures.job({ id: 2, state: { state: "paused" }, labels_per_sec: 500 });
    const state = jobsReducer(initialJobsState, { type: "listed", jobs: [job, paused], at: 0 });
    expect(state.throughput).toEqual([{ at: 0, labelsPerSec: 0, byProcessor: {} }]);
    const unchanged = jobsReducer(state, {
      type: "progressed",
      progress: {
        id: 9,
        labels_done: 1,
        total_labels: 2,
        labels_per_sec: 1,
        eta_secs: 1,
        processor_speeds: [],
      },
      at: 5000,
    });
    expect(unchanged).toBe(state);
  });

  it("sums each processor's speed over the jobs it works on, and leaves out a processor that stopped", () => {
    const a = fixtures.job({
      id: 1,
      labels_per_sec: 300,
      processor_speeds: [
        { processor: "gpu-post:0", labels_per_sec: 200 },
        { processor: "cpu", labels_per_sec: 100 },
      ],
    });
    const b = fixtures.job({
      id: 2,
      labels_per_sec: 250,
      processor_speeds: [{ processor: "gpu-post:0", labels_per_sec: 250 }],
    });
    let state = jobsReducer(initialJobsState, { type: "listed", jobs: [a, b], at: 0 });
    expect(state.throughput).toEqual([
      { at: 0, labelsPerSec: 550, byProcessor: { "gpu-post:0": 450, cpu: 100 } },
    ]);
    state = jobsReducer(state, {
      type: "progressed",
      progress: {
        id: 1,
        labels_done: 10,
        total_labels: 1_000_000,
        labels_per_sec: 210,
        eta_secs: null,
        processor_speeds: [{ processor: "gpu-post:0", labels_per_sec: 210 }],
      },
      at: 2000,
    });
    expect(state.jobs[0]?.processor_speeds).toEqual([{ processor: "gpu-post:0", labels_per_sec: 210 }]);
    expect(state.throughput[1]).toEqual({ at: 2000, labelsPerSec: 460, byProcessor: { "gpu-post:0": 460 } });
  });

  it("applies the same job twice without duplicating it", () => {
    let state = jobsReducer(initialJobsState, { type: "upserted", job, at: 0 });
    state = jobsReducer(state, { type: "upserted", job: { ...job, name: "renamed" }, at: 0 });
    expect(state.jobs.map((j) => j.name)).toEqual(["renamed"]);
  });

  it("moves an id within the order", () => {
    expect(moveId([1, 2, 3], 3, 0)).toEqual([3, 1, 2]);
    expect(moveId([1, 2, 3], 1, 2)).toEqual([2, 3, 1]);
  });
});
