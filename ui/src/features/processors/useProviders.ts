import { useCallback, useEffect, useState } from "react";

import type { ProvidersView } from "../../bindings";
import { listProviders } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import { onProvidersChanged } from "../../platform/events";

export type ProvidersLoad =
  { status: "loading" } | { status: "ready"; view: ProvidersView } | { status: "failed"; error: FailureInfo };

/** The processors and the GPU library's status, kept current by `providers://changed`. */
export function useProviders(): { load: ProvidersLoad; reload: () => void } {
  const [load, setLoad] = useState<ProvidersLoad>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    let unsubscribe: (() => void) | null = null;
    // Listen first, then list: a change between the two is not lost.
    onProvidersChanged((view) => {
      if (active) setLoad({ status: "ready", view });
    })
      .then((stop) => {
        if (!active) {
          stop();
          return null;
        }
        unsubscribe = stop;
        return listProviders();
      })
      .then(
        (view) => {
          if (active && view) setLoad({ status: "ready", view });
        },
        (error: unknown) => {
          if (active) setLoad({ status: "failed", error: describeError(error) });
        },
      );
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, [attempt]);

  const reload = useCallback(() => {
    setLoad({ status: "loading" });
    setAttempt((count) => count + 1);
  }, []);

  return { load, reload };
}
