import type { ReactNode } from "react";

import type { AppSettings } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { t } from "../../text";
import { useSettings } from "./SettingsContext";

/** Renders `children` once the settings are loaded; a spinner or the error until then. */
export function WithSettings({ children }: { children: (settings: AppSettings) => ReactNode }) {
  const { load, reload } = useSettings();
  if (load.status === "loading") return <Spinner label={t("settings.loading")} />;
  if (load.status === "failed") {
    return (
      <ErrorNotice
        title={t("settings.loadFailed.title")}
        error={load.error}
        hint={t("settings.loadFailed.hint")}
        onRetry={reload}
      />
    );
  }
  return children(load.settings);
}
