import { Spinner } from "../../components/Spinner";
import { formatLabelRate, formatMibRate, mibPerSec } from "../../lib/format";
import type { SpeedMeasurement } from "./ProviderSpeedsContext";

/** A processor's measured speed, or where its measurement stands. */
export function ProviderSpeed({
  measurement,
  bits,
}: {
  measurement: SpeedMeasurement | undefined;
  bits: number;
}) {
  if (!measurement) return <span className="muted">Not measured yet</span>;
  switch (measurement.status) {
    case "waiting":
      return <span className="muted">Waiting to measure…</span>;
    case "measuring":
      return <Spinner label="Measuring speed…" />;
    case "failed":
      return (
        <span className="field-error" role="alert">
          Could not measure: {measurement.error.message}
        </span>
      );
    case "done": {
      const rate = measurement.result.labels_per_sec;
      return (
        <span data-testid="provider-speed">
          {formatLabelRate(rate)} · {formatMibRate(mibPerSec(rate, bits))}
        </span>
      );
    }
  }
}
