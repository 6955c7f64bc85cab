import { useEffect, useState } from "react";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCommand } from "../../lib/useCommand";
import { quitApp } from "../../platform/api";
import { onConfirmQuit } from "../../platform/events";
import { t } from "../../text";

/**
 * Asks before quitting while jobs run (Quit in the tray, or closing the window when it does not
 * go to the tray). Keep running is the safe choice and comes first.
 */
export function QuitConfirm() {
  const [running, setRunning] = useState<number | null>(null);
  const { busy, problem, run, dismiss } = useCommand();

  useEffect(() => {
    let active = true;
    let stop: (() => void) | null = null;
    void onConfirmQuit((count) => {
      if (active) setRunning(count);
    }).then((unsubscribe) => {
      if (active) stop = unsubscribe;
      else unsubscribe();
    });
    return () => {
      active = false;
      stop?.();
    };
  }, []);

  if (running === null) return null;
  return (
    <ConfirmDialog
      title={t("notices.quit.title")}
      confirmLabel={t("notices.quit.confirm")}
      cancelLabel={t("notices.quit.cancel")}
      busy={busy === "quit"}
      onConfirm={() => void run("quit", t("notices.quit.failed"), quitApp)}
      onCancel={() => {
        dismiss();
        setRunning(null);
      }}
      testId="quit-dialog"
    >
      <p>{t("notices.quit.running", { count: running })}</p>
      {problem && <ErrorNotice title={problem.title} error={problem.error} />}
    </ConfirmDialog>
  );
}
