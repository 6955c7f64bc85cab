import { useCallback, useEffect, useId, useMemo, useState, type MouseEvent } from "react";

import { formatClockTime, formatLabelRate } from "../../lib/format";
import { t } from "../../text";
import { THROUGHPUT_WINDOW_MS, type ThroughputSample } from "./jobsReducer";
import {
  chartScales,
  formatSpeedTick,
  speedChartTitle,
  speedLines,
  speedSummary,
  speedTicks,
  stepPath,
  timeTicks,
  TOTAL_LINE_ID,
  valueAt,
  type SpeedLine,
} from "./speedChartModel";

/** Height of the chart in pixels; its width follows the page. */
const HEIGHT = 190;
/** Room for the speed labels on the left, the unit above them and the times below. */
const MARGIN = { left: 52, right: 14, top: 22, bottom: 24 };
/** The width drawn before the page is measured (and in tests, which measure nothing). */
const FALLBACK_WIDTH = 640;
/** How often the time axis moves on while nothing else changes. */
const TICK_MS = 5000;
/** Processor lines take these looks in turn; the total has its own. */
const LOOKS = 4;

/**
 * The speed of the running jobs over the last minutes: a line per busy processor (its speed
 * summed over its jobs) and the total when several run, with a speed and a time axis, a legend
 * naming each line and a tooltip under the pointer. The svg's accessible name says the same in
 * words; the legend is text.
 */
export function ThroughputChart({
  samples,
  providerNames,
}: {
  samples: ThroughputSample[];
  /** Names of processors by id, as the job cards get them. */
  providerNames: ReadonlyMap<string, string>;
}) {
  const titleId = useId();
  const now = useNow(TICK_MS);
  const [width, measure] = useWidth(FALLBACK_WIDTH);
  const [hoverAt, setHoverAt] = useState<number | null>(null);

  const last = samples[samples.length - 1];
  const end = Math.max(now, last?.at ?? 0);
  const start = end - THROUGHPUT_WINDOW_MS;
  const lines = useMemo(
    () => speedLines(samples, start, end, providerNames),
    [samples, start, end, providerNames],
  );
  const summary = speedSummary(lines, THROUGHPUT_WINDOW_MS);
  const peak = Math.max(0, ...lines.map((line) => line.peak));
  const minutes = Math.round(THROUGHPUT_WINDOW_MS / 60_000);

  return (
    <figure className="speed-chart" data-testid="throughput-chart" aria-labelledby={titleId}>
      <figcaption>
        <strong id={titleId} className="speed-chart-title">
          {speedChartTitle(minutes)}
        </strong>
        <span className="speed-chart-summary"> · {summary.visible}</span>
      </figcaption>
      {peak > 0 && (
        <>
          <div className="speed-chart-plot" ref={measure}>
            <SpeedPlot
              lines={lines}
              start={start}
              end={end}
              peak={peak}
              width={width}
              label={summary.full}
              hoverAt={hoverAt}
              onHover={setHoverAt}
            />
          </div>
          <ul
            className="speed-chart-legend"
            aria-label={t("jobs.chart.legendLabel")}
            data-testid="speed-chart-legend"
          >
            {lines.map((line, index) => (
              <li key={line.id} data-testid="speed-chart-legend-item" data-line-id={line.id}>
                <LineSwatch look={lookOf(line, index)} />
                <span className="speed-chart-legend-name">{line.name}</span>{" "}
                <span className="speed-chart-legend-value">
                  {line.current === null ? t("jobs.chart.stopped") : formatLabelRate(line.current)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}

interface SpeedPlotProps {
  lines: SpeedLine[];
  start: number;
  end: number;
  peak: number;
  width: number;
  label: string;
  hoverAt: number | null;
  onHover: (at: number | null) => void;
}

/** The svg: gridlines and speed labels, the time axis, the lines, and the pointer's time. */
function SpeedPlot({ lines, start, end, peak, width, label, hoverAt, onHover }: SpeedPlotProps) {
  const area = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - MARGIN.right),
    height: HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const ticks = speedTicks(peak);
  const top = ticks[ticks.length - 1] ?? peak;
  const { x, y, timeAt } = chartScales(area, start, end, top);
  const bottom = area.top + area.height;
  const looks = lines.map((line, index) => lookOf(line, index));
  // The total goes under the processors' lines.
  const drawOrder = lines.map((line, index) => ({ line, look: looks[index] ?? "1" })).reverse();

  const onMouseMove = (event: MouseEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    // The svg may be drawn scaled before it is measured; tests have no layout (width 0).
    const px = (event.clientX - box.left) * (box.width > 0 ? width / box.width : 1);
    onHover(
      px < area.left || px > area.left + area.width ? null : Math.min(end, Math.max(start, timeAt(px))),
    );
  };

  return (
    <>
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${String(width)} ${String(HEIGHT)}`}
        role="img"
        aria-label={label}
        onMouseMove={onMouseMove}
        onMouseLeave={() => {
          onHover(null);
        }}
        data-testid="speed-chart-svg"
      >
        <text className="speed-chart-unit" x={0} y={12}>
          {t("jobs.chart.unit")}
        </text>
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              className="speed-chart-grid"
              x1={area.left}
              x2={area.left + area.width}
              y1={y(tick)}
              y2={y(tick)}
            />
            <text className="speed-chart-tick" x={area.left - 6} y={y(tick) + 4} textAnchor="end">
              {formatSpeedTick(tick)}
            </text>
          </g>
        ))}
        <line
          className="speed-chart-axis"
          x1={area.left}
          x2={area.left + area.width}
          y1={bottom}
          y2={bottom}
        />
        {timeTicks(end - start).map((tick, index, all) => (
          <text
            key={tick.offsetMs}
            className="speed-chart-tick"
            x={x(end - tick.offsetMs)}
            y={HEIGHT - 6}
            textAnchor={index === all.length - 1 ? "end" : index === 0 ? "start" : "middle"}
            data-testid="speed-chart-time"
          >
            {tick.label}
          </text>
        ))}
        {drawOrder.map(({ line, look }) => (
          <g key={line.id} data-line-id={line.id}>
            <path className={`speed-chart-line speed-look-${look}`} d={stepPath(line, x, y)} />
            {line.current !== null && <Marker look={look} cx={x(end)} cy={y(line.current)} />}
          </g>
        ))}
        {hoverAt !== null && (
          <g>
            <line className="speed-chart-cursor" x1={x(hoverAt)} x2={x(hoverAt)} y1={area.top} y2={bottom} />
            {lines.map((line, index) => {
              const value = valueAt(line, hoverAt);
              return value === null ? null : (
                <Marker key={line.id} look={looks[index] ?? "1"} cx={x(hoverAt)} cy={y(value)} />
              );
            })}
          </g>
        )}
      </svg>
      {hoverAt !== null && (
        <SpeedTooltip lines={lines} looks={looks} at={hoverAt} left={x(hoverAt)} width={width} />
      )}
    </>
  );
}

/** Each line's speed at the pointer's time; the same numbers are in the svg's name and the legend. */
function SpeedTooltip({
  lines,
  looks,
  at,
  left,
  width,
}: {
  lines: SpeedLine[];
  looks: string[];
  at: number;
  left: number;
  width: number;
}) {
  const onRight = left < width / 2;
  return (
    <div
      className="speed-chart-tooltip"
      style={{
        left: `${String(left)}px`,
        transform: onRight ? "translateX(10px)" : "translateX(calc(-100% - 10px))",
      }}
      aria-hidden="true"
      data-testid="speed-chart-tooltip"
    >
      <p className="speed-chart-tooltip-time">{formatClockTime(at)}</p>
      <ul>
        {lines.map((line, index) => {
          const value = valueAt(line, at);
          return (
            <li key={line.id}>
              <LineSwatch look={looks[index] ?? "1"} />
              {t("jobs.chart.lineAt", {
                name: line.name,
                speed: value === null ? t("jobs.chart.notRunning") : formatLabelRate(value),
              })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** "1" to "4" for processors in turn, "total" for the total: colour, dashes and marker shape. */
function lookOf(line: SpeedLine, index: number): string {
  return line.id === TOTAL_LINE_ID ? "total" : String((index % LOOKS) + 1);
}

/** A marker whose shape differs by look, so lines are told apart without colour too. */
function Marker({ look, cx, cy }: { look: string; cx: number; cy: number }) {
  const className = `speed-chart-marker speed-look-${look}`;
  switch (look) {
    case "2":
      return <rect className={className} x={cx - 3.5} y={cy - 3.5} width={7} height={7} />;
    case "3":
      return (
        <polygon
          className={className}
          points={`${cx},${cy - 4.5} ${cx + 4.5},${cy} ${cx},${cy + 4.5} ${cx - 4.5},${cy}`}
        />
      );
    case "4":
      return (
        <polygon
          className={className}
          points={`${cx},${cy - 4.5} ${cx + 4.5},${cy + 3.5} ${cx - 4.5},${cy + 3.5}`}
        />
      );
    case "total":
      return <circle className={`${className} speed-chart-marker-ring`} cx={cx} cy={cy} r={4} />;
    default:
      return <circle className={className} cx={cx} cy={cy} r={4} />;
  }
}

/** A short piece of a line with its marker, for the legend and the tooltip. */
function LineSwatch({ look }: { look: string }) {
  return (
    <svg className="speed-chart-swatch" width={30} height={12} viewBox="0 0 30 12" aria-hidden="true">
      <line className={`speed-chart-line speed-look-${look}`} x1={1} x2={29} y1={6} y2={6} />
      <Marker look={look} cx={15} cy={6} />
    </svg>
  );
}

/** The time now, moved on every `everyMs`. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, everyMs);
    return () => {
      window.clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}

/** The width of the element the returned ref is put on, kept up to date as the window resizes. */
function useWidth(fallback: number): [number, (element: HTMLDivElement | null) => (() => void) | undefined] {
  const [width, setWidth] = useState(fallback);
  const measure = useCallback((element: HTMLDivElement | null) => {
    if (!element || typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width ?? 0;
      if (measured > 0) setWidth(Math.round(measured));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  return [width, measure];
}
