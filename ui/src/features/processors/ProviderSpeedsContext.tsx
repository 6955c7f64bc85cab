import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

import type { BenchResult } from "../../bindings";
import { benchmarkProvider } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";

/** How long one speed measurement runs: long enough to be steady, short enough to wait for. */
export const MEASURE_SECONDS = 3;

export type SpeedMeasurement =
  | { status: "waiting" }
  | { status: "measuring" }
  | { status: "done"; result: BenchResult }
  | { status: "failed"; error: FailureInfo };

interface ProviderSpeedsValue {
  measurementOf: (providerId: string, n: number, bits: number) => SpeedMeasurement | undefined;
  /**
   * Measures each processor not measured yet for these parameters, one after the other (two
   * at once would slow each other down). `again` measures even those already known.
   */
  measure: (providerIds: string[], n: number, bits: number, again?: boolean) => void;
}

const ProviderSpeedsContext = createContext<ProviderSpeedsValue | null>(null);

const keyOf = (providerId: string, n: number, bits: number) => `${providerId}|${n}|${bits}`;

/** Keeps measured speeds for the whole session, so the wizard and Processors share them. */
export function ProviderSpeedsProvider({ children }: { children: ReactNode }) {
  const [measurements, setMeasurements] = useState<ReadonlyMap<string, SpeedMeasurement>>(() => new Map());
  // What is queued or known, read synchronously so a key is never queued twice.
  const requested = useRef(new Set<string>());
  const queue = useRef<Promise<void>>(Promise.resolve());

  const record = useCallback((key: string, measurement: SpeedMeasurement) => {
    setMeasurements((current) => new Map(current).set(key, measurement));
  }, []);

  const measure = useCallback(
    (providerIds: string[], n: number, bits: number, again = false) => {
      for (const providerId of providerIds) {
        const key = keyOf(providerId, n, bits);
        if (requested.current.has(key) && !again) continue;
        requested.current.add(key);
        record(key, { status: "waiting" });
        queue.current = queue.current.then(async () => {
          record(key, { status: "measuring" });
          try {
            const result = await benchmarkProvider(providerId, n, bits, MEASURE_SECONDS);
            record(key, { status: "done", result });
          } catch (error) {
            // Forget the failure so the next visit measures again.
            requested.current.delete(key);
            record(key, { status: "failed", error: describeError(error) });
          }
        });
      }
    },
    [record],
  );

  const measurementOf = useCallback(
    (providerId: string, n: number, bits: number) => measurements.get(keyOf(providerId, n, bits)),
    [measurements],
  );

  const value = useMemo(() => ({ measurementOf, measure }), [measurementOf, measure]);
  return <ProviderSpeedsContext.Provider value={value}>{children}</ProviderSpeedsContext.Provider>;
}

export function useProviderSpeeds(): ProviderSpeedsValue {
  const value = useContext(ProviderSpeedsContext);
  if (!value) throw new Error("useProviderSpeeds needs a ProviderSpeedsProvider above it");
  return value;
}

/** Labels per second of a finished measurement, or null. */
export function measuredSpeed(measurement: SpeedMeasurement | undefined): number | null {
  return measurement?.status === "done" ? measurement.result.labels_per_sec : null;
}
