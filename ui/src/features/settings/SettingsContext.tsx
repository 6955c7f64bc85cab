import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import type { AppSettings } from "../../bindings";
import { getSettings, setSettings } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";

type SettingsLoad =
  | { status: "loading" }
  | { status: "ready"; settings: AppSettings }
  | { status: "failed"; error: FailureInfo };

interface SettingsContextValue {
  load: SettingsLoad;
  /** Loads the settings again after a failure. */
  reload: () => void;
  /** Saves the whole settings object; resolves to what the backend stored. Rejects on error. */
  save: (next: AppSettings) => Promise<AppSettings>;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

/** Loads the settings once for every page that needs them and keeps them after each save. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const [load, setLoad] = useState<SettingsLoad>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    getSettings().then(
      (settings) => {
        if (active) setLoad({ status: "ready", settings });
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

  const save = useCallback(async (next: AppSettings) => {
    const stored = await setSettings(next);
    setLoad({ status: "ready", settings: stored });
    return stored;
  }, []);

  const value = useMemo(() => ({ load, reload, save }), [load, reload, save]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error("useSettings needs a SettingsProvider above it");
  return value;
}
