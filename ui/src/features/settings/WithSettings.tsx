import type { ReactNode } from "react";

import type { AppSettings } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { useSettings } from "./SettingsContext";

/** Renders `children` once the settings are loaded; a spinner or the error until then. */
export function WithSettings({ children }: { children: (settings: AppSettings) => ReactNode }) {
  const { load, reload } = useSettings();
  if (load.status === "loading") return <Spinner label="Loading settings…" />;
  if (load.status === "failed") {
    return (
      <ErrorNotice
        title="Could not load the settings."
        error={load.error}
        hint="Try again. If it keeps failing, restart the app and send the diagnostics from About."
        onRetry={reload}
      />
    );
  }
  return children(load.settings);
}
