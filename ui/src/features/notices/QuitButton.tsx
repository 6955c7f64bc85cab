import { ErrorNotice } from "../../components/ErrorNotice";
import { useCommand } from "../../lib/useCommand";
import { requestQuit } from "../../platform/api";
import { t } from "../../text";

/**
 * Quit, at the foot of the sidebar: the same request as the tray's Quit, so the app quits at
 * once when no job runs and otherwise asks first (QuitConfirm).
 */
export function QuitButton() {
  const { busy, problem, run } = useCommand();
  return (
    <div className="sidebar-foot">
      <button
        type="button"
        className="nav-link"
        disabled={busy !== null}
        onClick={() => void run("quit", t("notices.quit.failed"), requestQuit)}
        data-testid="nav-quit"
      >
        {t("app.nav.quit")}
      </button>
      {problem && <ErrorNotice title={problem.title} error={problem.error} />}
    </div>
  );
}
