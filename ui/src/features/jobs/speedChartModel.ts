// The maths of the dashboard's speed chart, without React: the lines from the samples, the
// round numbers of the speed axis, the minute marks of the time axis and the summary a screen
// reader hears. ThroughputChart.tsx draws what these return.
import { formatCount, formatLabelRate, formatShortNumber } from "../../lib/format";
import { t } from "../../text";
import type { ThroughputSample } from "./jobsReducer";

/** The chart's title for a window of `minutes` (the chart's words are in text/en/jobs.ts: jobs.chart). */
export function speedChartTitle(minutes: number): string {
  return t("jobs.chart.title", { count: minutes });
}

/** The id of the line of all processors together (no provider id looks like it). */
export const TOTAL_LINE_ID = "total";

/** One stretch of a line: `value` labels/s from `from` until `to` (ms since the epoch). */
export interface Step {
  from: number;
  to: number;
  value: number;
}

/** One line of the chart: a processor's speed, or all processors together. */
export interface SpeedLine {
  id: string;
  name: string;
  /** Stretches without a gap; a new run starts where the processor came back. */
  runs: Step[][];
  /** The speed at the window's end; null when the processor is not busy then. */
  current: number | null;
  peak: number;
}

/**
 * The lines between `start` and `end`: one per processor seen in the samples, named from
 * `names` (else its id) and in the order `names` lists them; plus the total when there is not
 * exactly one processor line (with one, the total is the same line). Each sample's speeds hold
 * until the next sample, the last sample's until `end`. A processor missing from a sample has
 * stopped: its line ends there.
 */
export function speedLines(
  samples: readonly ThroughputSample[],
  start: number,
  end: number,
  names: ReadonlyMap<string, string>,
): SpeedLine[] {
  const visible = visibleSamples(samples, start, end);
  const ids = new Set(visible.flatMap((sample) => Object.keys(sample.byProcessor)));
  const order = [...names.keys()];
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index < 0 ? order.length : index;
  };
  const processorIds = [...ids].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const processors = processorIds.map((id) =>
    lineFrom(id, names.get(id) ?? id, visible, start, end, (sample) => sample.byProcessor[id]),
  );
  if (processors.length === 1) return processors;
  const total = lineFrom(
    TOTAL_LINE_ID,
    t("jobs.chart.totalName"),
    visible,
    start,
    end,
    (s) => s.labelsPerSec,
  );
  return [...processors, total];
}

/** The samples whose speed shows between `start` and `end`: from the last one at or before `start`. */
function visibleSamples(
  samples: readonly ThroughputSample[],
  start: number,
  end: number,
): ThroughputSample[] {
  let first = 0;
  samples.forEach((sample, index) => {
    if (sample.at <= start) first = index;
  });
  return samples.slice(first).filter((sample) => sample.at <= end);
}

function lineFrom(
  id: string,
  name: string,
  samples: readonly ThroughputSample[],
  start: number,
  end: number,
  valueOf: (sample: ThroughputSample) => number | undefined,
): SpeedLine {
  const runs: Step[][] = [];
  let run: Step[] = [];
  samples.forEach((sample, index) => {
    const value = valueOf(sample);
    if (value === undefined) {
      if (run.length > 0) runs.push(run);
      run = [];
      return;
    }
    const next = samples[index + 1];
    const from = Math.max(sample.at, start);
    const to = next ? next.at : end;
    // The last sample counts even when it was taken this instant (to = from): it is what
    // the line says now, such as the zero of a job that has just finished.
    if (to > from || (next === undefined && to === from)) run.push({ from, to, value });
  });
  if (run.length > 0) runs.push(run);
  const lastRun = runs[runs.length - 1];
  const last = lastRun?.[lastRun.length - 1];
  // A line whose processor is not in the last sample has stopped, even where its last step
  // reaches the end (the sample that says so may be this instant's).
  const final = samples[samples.length - 1];
  const stopped = final === undefined || valueOf(final) === undefined;
  const current = !stopped && last !== undefined && last.to >= end ? last.value : null;
  const peak = Math.max(0, ...runs.flat().map((step) => step.value));
  return { id, name, runs, current, peak };
}

/** The speed of `line` at `at`, or null when its processor was not busy then. */
export function valueAt(line: SpeedLine, at: number): number | null {
  for (const run of line.runs) {
    for (const step of run) {
      if (at >= step.from && (at < step.to || (at === step.to && step === run[run.length - 1]))) {
        return step.value;
      }
    }
  }
  return null;
}

/**
 * Round ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten, about
 * `count` of them (0, 5 M, 10 M, 15 M). At least one step above 0, also when `max` is 0.
 */
export function speedTicks(max: number, count = 4): number[] {
  const target = max > 0 ? max / count : 1;
  const power = 10 ** Math.floor(Math.log10(target));
  const scaled = target / power;
  const step = (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
  const ticks = [0];
  while ((ticks[ticks.length - 1] ?? 0) < max || ticks.length < 2) {
    // toPrecision drops the float noise of repeated additions (0.30000000000000004).
    ticks.push(Number((ticks.length * step).toPrecision(12)));
  }
  return ticks;
}

/** A speed axis label: "0", "500 k", "15 M", "1.5 bn" (labels per second). */
export function formatSpeedTick(value: number): string {
  if (value >= 1e9) return t("jobs.chart.tick.billion", { value: formatShortNumber(value / 1e9) });
  if (value >= 1e6) return t("jobs.chart.tick.million", { value: formatShortNumber(value / 1e6) });
  if (value >= 1e3) return t("jobs.chart.tick.thousand", { value: formatShortNumber(value / 1e3) });
  return formatShortNumber(value);
}

/** A mark of the time axis, `offsetMs` before the window's end. */
export interface TimeTick {
  offsetMs: number;
  label: string;
}

/** Marks from the window's start to "now": every minute up to 6 minutes, else every 5. */
export function timeTicks(windowMs: number): TimeTick[] {
  const minutes = Math.round(windowMs / 60_000);
  const every = minutes <= 6 ? 1 : 5;
  const ticks: TimeTick[] = [];
  for (let ago = minutes - (minutes % every); ago > 0; ago -= every) {
    ticks.push({
      offsetMs: ago * 60_000,
      label: t("jobs.chart.minutesAgo", { count: ago, number: formatCount(ago) }),
    });
  }
  ticks.push({ offsetMs: 0, label: t("jobs.chart.now") });
  return ticks;
}

/** What the chart shows, in words: the summary under the title and the chart's accessible name. */
export function speedSummary(
  lines: readonly SpeedLine[],
  windowMs: number,
): { visible: string; full: string } {
  const minutes = Math.round(windowMs / 60_000);
  const title = speedChartTitle(minutes);
  const total = lines[lines.length - 1];
  if (total === undefined || total.peak === 0) {
    const nothing = t("jobs.chart.nothingRan", { count: minutes });
    return { visible: nothing, full: t("jobs.chart.spoken", { title, summary: nothing }) };
  }
  const visible = t("jobs.chart.nowAndPeak", {
    count: minutes,
    now: formatLabelRate(total.current ?? 0),
    peak: formatLabelRate(total.peak),
  });
  const each = lines.map((line) =>
    line.current === null
      ? t("jobs.chart.lineStopped", { name: line.name })
      : t("jobs.chart.lineNow", { name: line.name, speed: formatLabelRate(line.current) }),
  );
  return {
    visible,
    full: t("jobs.chart.spokenWithLines", {
      title,
      summary: visible,
      lines: each.join(t("jobs.chart.lineSeparator")),
    }),
  };
}

/** Where the plot lies in the svg, in pixels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Maps times and speeds to svg pixels, and an x pixel back to a time. */
export function chartScales(area: PlotArea, start: number, end: number, maxSpeed: number) {
  const span = Math.max(1, end - start);
  const top = Math.max(1, maxSpeed);
  return {
    x: (at: number) => area.left + ((at - start) / span) * area.width,
    y: (value: number) => area.top + area.height * (1 - value / top),
    timeAt: (x: number) => start + ((x - area.left) / area.width) * span,
  };
}

/** An svg path of a line's runs as steps: level while a speed holds, straight up or down where it changes. */
export function stepPath(line: SpeedLine, x: (at: number) => number, y: (value: number) => number): string {
  return line.runs
    .map((run) =>
      run
        .map((step, index) => {
          const level = y(step.value).toFixed(1);
          const head = index === 0 ? `M${x(step.from).toFixed(1)},${level}` : `V${level}`;
          return `${head}H${x(step.to).toFixed(1)}`;
        })
        .join(""),
    )
    .join("");
}
