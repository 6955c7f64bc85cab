import { useEffect, useState } from "react";

import type { SystemInfo } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { formatBytes } from "../../lib/format";
import { useCommand } from "../../lib/useCommand";
import { diagnostics, openLogs, saveSupportBundle, systemInfo } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import { t } from "../../text";
import { UpdatesSection } from "./UpdatesSection";

type InfoLoad =
  { status: "loading" } | { status: "ready"; info: SystemInfo } | { status: "failed"; error: FailureInfo };

/** Versions, this computer, the logs and a text to send with a bug report. */
export function AboutPage() {
  const [load, setLoad] = useState<InfoLoad>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    systemInfo().then(
      (info) => {
        if (active) setLoad({ status: "ready", info });
      },
      (error: unknown) => {
        if (active) setLoad({ status: "failed", error: describeError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  return (
    <section className="page" aria-labelledby="about-title">
      <header className="page-header">
        <h1 id="about-title">{t("about.title")}</h1>
      </header>
      {load.status === "loading" && <Spinner label={t("about.loading")} />}
      {load.status === "failed" && (
        <ErrorNotice
          title={t("about.loadFailed.title")}
          error={load.error}
          hint={t("about.loadFailed.hint")}
          onRetry={() => {
            setLoad({ status: "loading" });
            setAttempt((count) => count + 1);
          }}
        />
      )}
      {load.status === "ready" && <SystemDetails info={load.info} />}
      <UpdatesSection />
      <SupportActions />
    </section>
  );
}

function SystemDetails({ info }: { info: SystemInfo }) {
  return (
    <>
      <dl className="facts" data-testid="about-system">
        <dt>{t("app.name")}</dt>
        <dd data-testid="about-version">{t("about.system.version", { version: info.app_version })}</dd>
        <dt>{t("about.system.os")}</dt>
        <dd>
          {info.os} {info.os_version}
        </dd>
        <dt>{t("about.system.processor")}</dt>
        <dd>{t("about.system.processorValue", { model: info.cpu_model, count: info.cpu_cores })}</dd>
        <dt>{t("about.system.memory")}</dt>
        <dd>{formatBytes(info.memory_bytes)}</dd>
      </dl>
      <h2>{t("about.disks.title")}</h2>
      <table className="disks" data-testid="about-disks">
        <thead>
          <tr>
            <th scope="col">{t("about.disks.disk")}</th>
            <th scope="col">{t("about.disks.mountedAt")}</th>
            <th scope="col">{t("about.disks.free")}</th>
            <th scope="col">{t("about.disks.size")}</th>
          </tr>
        </thead>
        <tbody>
          {info.disks.map((disk) => (
            <tr key={`${disk.name}|${disk.mount_point}`}>
              <td>{disk.name.length > 0 ? disk.name : t("about.disks.noName")}</td>
              <td className="path">{disk.mount_point}</td>
              <td>{formatBytes(disk.available_bytes)}</td>
              <td>{formatBytes(disk.total_bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** "Save a support bundle", "Open logs" and "Copy diagnostics", with a fallback when the clipboard refuses. */
function SupportActions() {
  const { busy, problem, run } = useCommand();
  const [copied, setCopied] = useState(false);
  const [uncopied, setUncopied] = useState<string | null>(null);
  const [bundle, setBundle] = useState<string | null>(null);

  async function saveBundle() {
    setBundle(null);
    const saved = await run("bundle", t("about.help.saveBundleFailed"), saveSupportBundle);
    if (typeof saved === "string") setBundle(saved);
  }

  async function copyDiagnostics() {
    setCopied(false);
    setUncopied(null);
    const text = await run("diagnostics", t("about.help.collectFailed"), diagnostics);
    if (text === undefined) return;
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setUncopied(text);
    }
  }

  return (
    <div className="support">
      <h2>{t("about.help.title")}</h2>
      <p>{t("about.help.intro")}</p>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={busy !== null}
          onClick={() => void saveBundle()}
          data-testid="about-save-bundle"
        >
          {busy === "bundle" ? t("common.saving") : t("common.saveBundle")}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => void run("logs", t("about.help.openLogsFailed"), openLogs)}
          data-testid="about-open-logs"
        >
          {t("about.help.openLogs")}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => void copyDiagnostics()}
          data-testid="about-copy-diagnostics"
        >
          {busy === "diagnostics" ? t("about.help.collecting") : t("about.help.copyDiagnostics")}
        </button>
        {copied && (
          <span className="saved" role="status" data-testid="about-copied">
            {t("about.help.copied")}
          </span>
        )}
      </div>
      {bundle !== null && (
        <p className="saved" role="status" data-testid="about-bundle-saved">
          {t("about.help.bundleSaved", { path: bundle })}
        </p>
      )}
      {problem && (
        <ErrorNotice title={problem.title} error={problem.error} hint={t("about.help.failedHint")} />
      )}
      {uncopied !== null && (
        <div className="notice notice-warning" role="alert">
          <p>{t("about.help.clipboardRefused")}</p>
          <textarea
            className="mono"
            readOnly
            value={uncopied}
            rows={8}
            aria-label={t("about.help.diagnosticsLabel")}
          />
        </div>
      )}
    </div>
  );
}
