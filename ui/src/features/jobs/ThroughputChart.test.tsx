import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { ThroughputSample } from "./jobsReducer";
import { ThroughputChart } from "./ThroughputChart";

const NOW = new Date(2026, 11, 1, 14, 30, 0).getTime();
const names = new Map([
  ["gpu-post:0", "NVIDIA H100"],
  ["cpu", "Ryzen 9 7950X"],
]);

function sample(agoMs: number, byProcessor: Record<string, number>): ThroughputSample {
  const labelsPerSec = Object.values(byProcessor).reduce((sum, value) => sum + value, 0);
  return { at: NOW - agoMs, labelsPerSec, byProcessor };
}

const twoProcessors = [
  sample(4 * 60_000, { "gpu-post:0": 12_000_000 }),
  sample(2 * 60_000, { "gpu-post:0": 11_000_000, cpu: 50_000 }),
  sample(60_000, { "gpu-post:0": 13_000_000 }),
];

describe("speed chart", () => {
  beforeEach(() => {
    // Only the clock: the chart's own timer runs as it would.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("says what it shows, with a scale of round speeds and times up to now", () => {
    render(<ThroughputChart samples={twoProcessors} providerNames={names} />);
    const chart = screen.getByRole("figure", { name: "Speed, labels per second, last 5 minutes" });
    expect(chart).toHaveTextContent(
      "Now 13.0 million labels/s; at most 13.0 million labels/s in the last 5 minutes.",
    );
    const svg = within(chart).getByRole("img");
    expect(svg).toHaveTextContent("labels/s");
    const ticks = [...svg.querySelectorAll(".speed-chart-tick")].map((tick) => tick.textContent);
    expect(ticks).toEqual(expect.arrayContaining(["0", "5 M", "10 M", "15 M"]));
    expect(screen.getAllByTestId("speed-chart-time").map((tick) => tick.textContent)).toEqual([
      "−5 min",
      "−4 min",
      "−3 min",
      "−2 min",
      "−1 min",
      "now",
    ]);
  });

  it("has a line per processor and the total, named in a legend with the speed now", () => {
    render(<ThroughputChart samples={twoProcessors} providerNames={names} />);
    const items = screen.getAllByTestId("speed-chart-legend-item");
    expect(items.map((item) => item.textContent)).toEqual([
      "NVIDIA H100 13.0 million labels/s",
      "Ryzen 9 7950X stopped",
      "All processors 13.0 million labels/s",
    ]);
    const svg = screen.getByRole("img");
    expect(svg.querySelectorAll("path.speed-chart-line")).toHaveLength(3);
    // Each line looks different beyond its colour: its dashes differ by class.
    const looks = [...svg.querySelectorAll("path.speed-chart-line")].map((path) =>
      path.getAttribute("class"),
    );
    expect(new Set(looks).size).toBe(3);
    expect(svg).toHaveAccessibleName(
      "Speed, labels per second, last 5 minutes. Now 13.0 million labels/s; at most 13.0 million labels/s in the last 5 minutes. NVIDIA H100: 13.0 million labels/s now; Ryzen 9 7950X: stopped; All processors: 13.0 million labels/s now.",
    );
  });

  it("shows the time and each line's speed under the pointer, and hides them when it leaves", () => {
    render(<ThroughputChart samples={twoProcessors} providerNames={names} />);
    const svg = screen.getByTestId("speed-chart-svg");
    expect(screen.queryByTestId("speed-chart-tooltip")).toBeNull();
    // The plot spans x 52 to 626 for the 5 minutes: 363 is about 2.3 minutes ago.
    fireEvent.mouseMove(svg, { clientX: 363 });
    const tooltip = screen.getByTestId("speed-chart-tooltip");
    expect(tooltip).toHaveTextContent(/2:27:\d\d\sPM/);
    expect(tooltip).toHaveTextContent("NVIDIA H100: 12.0 million labels/s");
    expect(tooltip).toHaveTextContent("Ryzen 9 7950X: not running");
    expect(tooltip).toHaveTextContent("All processors: 12.0 million labels/s");

    fireEvent.mouseMove(svg, { clientX: 400 });
    expect(screen.getByTestId("speed-chart-tooltip")).toHaveTextContent("Ryzen 9 7950X: 50,000 labels/s");
    expect(screen.getByTestId("speed-chart-tooltip")).toHaveTextContent(
      "All processors: 11.1 million labels/s",
    );

    fireEvent.mouseLeave(svg);
    expect(screen.queryByTestId("speed-chart-tooltip")).toBeNull();
  });

  it("says so when nothing has run, without an empty chart", () => {
    render(<ThroughputChart samples={[sample(30_000, {})]} providerNames={names} />);
    expect(screen.getByTestId("throughput-chart")).toHaveTextContent(
      "Nothing has run in the last 5 minutes.",
    );
    expect(screen.queryByRole("img")).toBeNull();
  });
});
