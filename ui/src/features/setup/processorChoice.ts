// Which processors a job uses when the person has not chosen, and how long they would take.
import type { ProviderInfo } from "../../bindings";
import { measuredSpeed, type SpeedMeasurement } from "../processors/ProviderSpeedsContext";

type MeasurementOf = (providerId: string) => SpeedMeasurement | undefined;

/**
 * The fastest processor once all are measured; the only one when there is one. Empty while
 * measurements are still running, so the choice does not jump around.
 */
export function defaultProviderIds(offered: ProviderInfo[], measurementOf: MeasurementOf): string[] {
  const [only] = offered;
  if (offered.length === 1 && only) return [only.id];
  const measurements = offered.map((provider) => ({ provider, measurement: measurementOf(provider.id) }));
  const pending = measurements.some(
    ({ measurement }) =>
      measurement === undefined || measurement.status === "waiting" || measurement.status === "measuring",
  );
  if (pending) return [];
  let fastest: { id: string; speed: number } | null = null;
  for (const { provider, measurement } of measurements) {
    const speed = measuredSpeed(measurement);
    if (speed !== null && (fastest === null || speed > fastest.speed)) fastest = { id: provider.id, speed };
  }
  if (fastest) return [fastest.id];
  // Nothing could be measured: the CPU always works.
  const cpu = offered.find((provider) => provider.kind === "cpu");
  return cpu ? [cpu.id] : [];
}

/** Labels per second of the chosen processors together, or null while one is not measured. */
export function combinedSpeed(ids: string[], measurementOf: MeasurementOf): number | null {
  let total = 0;
  for (const id of ids) {
    const speed = measuredSpeed(measurementOf(id));
    if (speed === null) return null;
    total += speed;
  }
  return ids.length > 0 ? total : null;
}
