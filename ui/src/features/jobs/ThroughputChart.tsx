import { useEffect, useState } from "react";

import { formatLabelRate } from "../../lib/format";
import { THROUGHPUT_WINDOW_MS, type ThroughputSample } from "./jobsReducer";

const WIDTH = 300;
const HEIGHT = 60;
/** How often the time axis moves on while nothing else changes. */
const TICK_MS = 5000;

/** Total labels/s of all running jobs over the last few minutes, as a small area chart. */
export function ThroughputChart({ samples }: { samples: ThroughputSample[] }) {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, TICK_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, []);

  const last = samples[samples.length - 1];
  const end = Math.max(now, last?.at ?? 0);
  const start = end - THROUGHPUT_WINDOW_MS;
  const visible = samples.filter((sample) => sample.at >= start);
  const current = last?.labelsPerSec ?? 0;
  const peak = Math.max(0, ...visible.map((sample) => sample.labelsPerSec));
  const minutes = Math.round(THROUGHPUT_WINDOW_MS / 60000);
  const summary =
    peak === 0
      ? `Nothing has run in the last ${minutes} minutes.`
      : `Now ${formatLabelRate(current)}; at most ${formatLabelRate(peak)} in the last ${minutes} minutes.`;

  const x = (at: number) => ((at - start) / THROUGHPUT_WINDOW_MS) * WIDTH;
  const y = (rate: number) => (peak === 0 ? HEIGHT : HEIGHT - (rate / peak) * (HEIGHT - 4));
  // A step line: each speed holds until the next sample, the last one until now.
  const points: string[] = [];
  visible.forEach((sample, index) => {
    const next = visible[index + 1];
    points.push(`${x(sample.at).toFixed(1)},${y(sample.labelsPerSec).toFixed(1)}`);
    points.push(`${x(next ? next.at : end).toFixed(1)},${y(sample.labelsPerSec).toFixed(1)}`);
  });
  const first = visible[0];
  const area =
    first === undefined
      ? ""
      : `${x(first.at).toFixed(1)},${HEIGHT} ${points.join(" ")} ${x(end).toFixed(1)},${HEIGHT}`;

  return (
    <figure className="throughput" data-testid="throughput-chart">
      {peak > 0 && (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Total speed. ${summary}`}
        >
          <line className="throughput-axis" x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
          {area !== "" && <polygon className="throughput-area" points={area} />}
          {points.length > 0 && <polyline className="throughput-line" points={points.join(" ")} />}
        </svg>
      )}
      <figcaption>
        <strong>Total speed</strong> · {summary}
      </figcaption>
    </figure>
  );
}
