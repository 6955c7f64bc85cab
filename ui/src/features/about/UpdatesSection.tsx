import { useEffect, useState } from "react";

import type { UpdateCheck, UpdateStatus } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { useCommand } from "../../lib/useCommand";
import { checkUpdate, installUpdate, updateStatus } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import { t } from "../../text";

type StatusLoad =
  | { status: "loading" }
  | { status: "ready"; update: UpdateStatus }
  | { status: "failed"; error: FailureInfo };

/**
 * Whether this build updates itself (only release builds signed with the update key do),
 * "Check for updates", and "Restart to update" when a newer version exists and no job runs.
 */
export function UpdatesSection() {
  const [load, setLoad] = useState<StatusLoad>({ status: "loading" });
  const [check, setCheck] = useState<UpdateCheck | null>(null);
  const [restarting, setRestarting] = useState(false);
  const { busy, problem, run } = useCommand();

  useEffect(() => {
    let active = true;
    updateStatus().then(
      (update) => {
        if (active) setLoad({ status: "ready", update });
      },
      (error: unknown) => {
        if (active) setLoad({ status: "failed", error: describeError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, []);

  async function lookForUpdate() {
    setCheck(null);
    const answer = await run("check", t("about.updates.checkFailed"), checkUpdate);
    if (answer !== undefined) setCheck(answer);
  }

  async function restartToUpdate() {
    // On success the app restarts (or the Windows installer takes over): nothing returns.
    setRestarting(true);
    const done = await run("install", t("about.updates.installFailed"), installUpdate);
    if (done === undefined) setRestarting(false);
  }

  return (
    <div className="updates">
      <h2>{t("about.updates.title")}</h2>
      {load.status === "loading" && <Spinner label={t("about.updates.loading")} />}
      {load.status === "failed" && (
        <p className="muted" data-testid="about-updates" data-enabled="unknown">
          {t("about.updates.unknown", { message: load.error.message })}
        </p>
      )}
      {load.status === "ready" && (
        <>
          <p className="muted" data-testid="about-updates" data-enabled={String(load.update.enabled)}>
            {load.update.message}
          </p>
          {load.update.enabled && (
            <div className="button-row">
              <button
                type="button"
                disabled={busy !== null || restarting}
                onClick={() => void lookForUpdate()}
                data-testid="about-check-update"
              >
                {busy === "check" ? t("about.updates.checking") : t("about.updates.check")}
              </button>
              {check?.can_restart === true && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy !== null || restarting}
                  onClick={() => void restartToUpdate()}
                  data-testid="about-restart-to-update"
                >
                  {restarting ? t("about.updates.restarting") : t("about.updates.restart")}
                </button>
              )}
            </div>
          )}
          {check && (
            <p role="status" data-testid="about-update-check">
              {check.message}
            </p>
          )}
          {check?.notes && (
            <details>
              <summary>{t("about.updates.whatIsNew", { version: check.version ?? "" })}</summary>
              <p className="release-notes">{check.notes}</p>
            </details>
          )}
        </>
      )}
      {problem && (
        <ErrorNotice
          title={problem.title}
          error={problem.error}
          hint={t("about.updates.failedHint")}
          testId="about-update-error"
        />
      )}
    </div>
  );
}
