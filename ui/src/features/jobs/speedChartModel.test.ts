import { describe, expect, it } from "vitest";

import type { ThroughputSample } from "./jobsReducer";
import {
  chartScales,
  formatSpeedTick,
  speedLines,
  speedSummary,
  speedTicks,
  stepPath,
  timeTicks,
  TOTAL_LINE_ID,
  valueAt,
} from "./speedChartModel";

const MIN = 60_000;
const names = new Map([
  ["gpu-post:0", "NVIDIA H100"],
  ["cpu", "Ryzen 9 7950X"],
]);

function sample(at: number, byProcessor: Record<string, number>): ThroughputSample {
  const labelsPerSec = Object.values(byProcessor).reduce((sum, value) => sum + value, 0);
  return { at, labelsPerSec, byProcessor };
}

/** True when `value` is 1, 2 or 5 times a power of ten. */
function round(value: number): boolean {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].some((factor) => Math.abs(value / power - factor) < 1e-9);
}

describe("speed chart model", () => {
  it("puts the speed axis on round numbers from 0 to at least the highest speed", () => {
    expect(speedTicks(13_700_000)).toEqual([0, 5e6, 10e6, 15e6]);
    expect(speedTicks(59_000)).toEqual([0, 20_000, 40_000, 60_000]);
    expect(speedTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(speedTicks(0)).toEqual([0, 1]);
    for (const max of [1, 7, 42, 99, 101, 950, 12_345, 2.5e6, 7.77e8, 3.2e9]) {
      const ticks = speedTicks(max);
      const step = ticks[1] ?? 0;
      expect(ticks[0]).toBe(0);
      expect(round(step), `step ${String(step)} for ${String(max)}`).toBe(true);
      expect(ticks.every((tick, index) => Math.abs(tick - index * step) < step * 1e-9)).toBe(true);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });

  it("writes the speed axis short, in the person's locale", () => {
    expect(formatSpeedTick(0)).toBe("0");
    expect(formatSpeedTick(500)).toBe("500");
    expect(formatSpeedTick(20_000)).toBe("20 k");
    expect(formatSpeedTick(15_000_000)).toBe("15 M");
    expect(formatSpeedTick(2_500_000)).toBe("2.5 M");
    expect(formatSpeedTick(1.5e9)).toBe("1.5 bn");
  });

  it("marks every minute of the window, ending at now", () => {
    expect(timeTicks(5 * MIN).map((tick) => tick.label)).toEqual([
      "−5 min",
      "−4 min",
      "−3 min",
      "−2 min",
      "−1 min",
      "now",
    ]);
    expect(timeTicks(5 * MIN)[0]?.offsetMs).toBe(5 * MIN);
    expect(timeTicks(10 * MIN).map((tick) => tick.label)).toEqual(["−10 min", "−5 min", "now"]);
  });

  it("draws a line per processor, in the order of the processors list, and a total that adds them up", () => {
    const samples = [
      sample(0, { cpu: 50_000 }),
      sample(10_000, { cpu: 40_000, "gpu-post:0": 12_000_000 }),
      sample(20_000, { cpu: 60_000, "gpu-post:0": 11_000_000 }),
    ];
    const lines = speedLines(samples, 0, 30_000, names);
    expect(lines.map((line) => line.name)).toEqual(["NVIDIA H100", "Ryzen 9 7950X", "All processors"]);
    const total = lines.find((line) => line.id === TOTAL_LINE_ID);
    for (const at of [0, 5_000, 10_000, 15_000, 25_000, 30_000]) {
      const parts = lines
        .filter((line) => line.id !== TOTAL_LINE_ID)
        .reduce((sum, line) => sum + (valueAt(line, at) ?? 0), 0);
      expect(total && valueAt(total, at), `at ${String(at)}`).toBe(parts);
    }
    expect(lines.map((line) => line.current)).toEqual([11_000_000, 60_000, 11_060_000]);
    expect(lines[0]?.peak).toBe(12_000_000);
  });

  it("draws only the processor's line when one processor runs (the total would be the same line)", () => {
    const lines = speedLines([sample(0, { cpu: 50_000 }), sample(5_000, { cpu: 55_000 })], 0, 9_000, names);
    expect(lines.map((line) => line.id)).toEqual(["cpu"]);
    expect(speedSummary(lines, 5 * MIN).visible).toBe(
      "Now 55,000 labels/s; at most 55,000 labels/s in the last 5 minutes.",
    );
  });

  it("ends a processor's line where it stopped, and starts a new piece where it came back", () => {
    const samples = [
      sample(0, { cpu: 100, "gpu-post:0": 1_000 }),
      sample(10_000, { "gpu-post:0": 1_000 }),
      sample(20_000, { cpu: 200, "gpu-post:0": 1_000 }),
      sample(30_000, { "gpu-post:0": 900 }),
    ];
    const cpu = speedLines(samples, 0, 40_000, names).find((line) => line.id === "cpu");
    expect(cpu?.runs).toEqual([
      [{ from: 0, to: 10_000, value: 100 }],
      [{ from: 20_000, to: 30_000, value: 200 }],
    ]);
    expect(cpu && valueAt(cpu, 15_000)).toBeNull();
    expect(cpu && valueAt(cpu, 35_000)).toBeNull();
    expect(cpu?.current).toBeNull();
    expect(speedSummary(speedLines(samples, 0, 40_000, names), 5 * MIN).full).toMatch(
      /NVIDIA H100: 900 labels\/s now; Ryzen 9 7950X: stopped; All processors: 900 labels\/s now\.$/,
    );
  });

  it("shows only the window: what is older is cut at its start, the last speed holds until its end", () => {
    const samples = [sample(0, { cpu: 10 }), sample(60_000, { cpu: 20 }), sample(120_000, { cpu: 30 })];
    const [cpu] = speedLines(samples, 90_000, 150_000, names);
    expect(cpu?.runs).toEqual([
      [
        { from: 90_000, to: 120_000, value: 20 },
        { from: 120_000, to: 150_000, value: 30 },
      ],
    ]);
    // The first sample no longer shows, so the highest speed is in the window.
    expect(cpu?.peak).toBe(30);
    expect(speedLines(samples, 200_000, 260_000, names)[0]?.runs).toEqual([
      [{ from: 200_000, to: 260_000, value: 30 }],
    ]);
  });

  it("says zero now when the last job finished this instant, not the speed before it", () => {
    // The chart's end is the last sample's time until its clock ticks on.
    const end = 10 * MIN;
    const lines = speedLines(
      [sample(end - 2000, { cpu: 64_000, "gpu-post:0": 30_000 }), sample(end, {})],
      end - 5 * MIN,
      end,
      names,
    );
    const total = lines.find((line) => line.id === TOTAL_LINE_ID);
    expect(total?.current).toBe(0);
    expect(lines.find((line) => line.id === "cpu")?.current).toBeNull();
  });

  it("says when nothing has run", () => {
    const lines = speedLines([sample(0, {})], 0, 5 * MIN, names);
    expect(speedSummary(lines, 5 * MIN)).toEqual({
      visible: "Nothing has run in the last 5 minutes.",
      full: "Speed, labels per second, last 5 minutes. Nothing has run in the last 5 minutes.",
    });
  });

  it("maps times and speeds to pixels and draws steps", () => {
    const scales = chartScales({ left: 50, top: 10, width: 100, height: 50 }, 0, 1000, 200);
    expect(scales.x(0)).toBe(50);
    expect(scales.x(1000)).toBe(150);
    expect(scales.y(0)).toBe(60);
    expect(scales.y(200)).toBe(10);
    expect(scales.timeAt(100)).toBe(500);
    const [cpu] = speedLines([sample(0, { cpu: 100 }), sample(500, { cpu: 200 })], 0, 1000, names);
    expect(cpu && stepPath(cpu, scales.x, scales.y)).toBe("M50.0,35.0H100.0V10.0H150.0");
  });
});
