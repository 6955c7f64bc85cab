import { useCallback, useEffect, useState } from "react";

import type { ProvidersView } from "../../bindings";
import { listProviders } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";

export type ProvidersLoad =
  { status: "loading" } | { status: "ready"; view: ProvidersView } | { status: "failed"; error: FailureInfo };

/**
 * The processors and the GPU library's status. The app finds them once at start, so there is no
 * event to follow; `reload` asks again.
 */
export function useProviders(): { load: ProvidersLoad; reload: () => void } {
  const [load, setLoad] = useState<ProvidersLoad>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    listProviders().then(
      (view) => {
        if (active) setLoad({ status: "ready", view });
      },
      (error: unknown) => {
        if (active) setLoad({ status: "failed", error: describeError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  const reload = useCallback(() => {
    setLoad({ status: "loading" });
    setAttempt((count) => count + 1);
  }, []);

  return { load, reload };
}
