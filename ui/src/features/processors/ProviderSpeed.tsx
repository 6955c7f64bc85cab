import { Spinner } from "../../components/Spinner";
import { formatLabelRate, formatMibRate, mibPerSec } from "../../lib/format";
import { t } from "../../text";
import type { SpeedMeasurement } from "./ProviderSpeedsContext";

/** A processor's measured speed, or where its measurement stands. */
export function ProviderSpeed({
  measurement,
  bits,
}: {
  measurement: SpeedMeasurement | undefined;
  bits: number;
}) {
  if (!measurement) return <span className="muted">{t("processors.speed.notMeasured")}</span>;
  switch (measurement.status) {
    case "waiting":
      return <span className="muted">{t("processors.speed.waiting")}</span>;
    case "measuring":
      return <Spinner label={t("processors.speed.measuring")} />;
    case "failed":
      return (
        <span className="field-error" role="alert">
          {t("processors.speed.failed", { message: measurement.error.message })}
        </span>
      );
    case "done": {
      const rate = measurement.result.labels_per_sec;
      return (
        <span data-testid="provider-speed">
          {t("processors.speed.value", {
            labels: formatLabelRate(rate),
            bytes: formatMibRate(mibPerSec(rate, bits)),
          })}
        </span>
      );
    }
  }
}
