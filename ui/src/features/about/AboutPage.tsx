import { useEffect, useState } from "react";

import type { SystemInfo } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { formatBytes } from "../../lib/format";
import { useCommand } from "../../lib/useCommand";
import { diagnostics, openLogs, saveSupportBundle, systemInfo } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
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
        <h1 id="about-title">About</h1>
      </header>
      {load.status === "loading" && <Spinner label="Reading this computer's details…" />}
      {load.status === "failed" && (
        <ErrorNotice
          title="Could not read this computer's details."
          error={load.error}
          hint="Try again; the rest of the app works without them."
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
        <dt>PoS Desktop</dt>
        <dd data-testid="about-version">version {info.app_version}</dd>
        <dt>System</dt>
        <dd>
          {info.os} {info.os_version}
        </dd>
        <dt>Processor</dt>
        <dd>
          {info.cpu_model}, {info.cpu_cores} {info.cpu_cores === 1 ? "core" : "cores"}
        </dd>
        <dt>Memory</dt>
        <dd>{formatBytes(info.memory_bytes)}</dd>
      </dl>
      <h2>Disks</h2>
      <table className="disks" data-testid="about-disks">
        <thead>
          <tr>
            <th scope="col">Disk</th>
            <th scope="col">Mounted at</th>
            <th scope="col">Free</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {info.disks.map((disk) => (
            <tr key={`${disk.name}|${disk.mount_point}`}>
              <td>{disk.name.length > 0 ? disk.name : "—"}</td>
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
    const saved = await run("bundle", "Could not save the support bundle.", saveSupportBundle);
    if (typeof saved === "string") setBundle(saved);
  }

  async function copyDiagnostics() {
    setCopied(false);
    setUncopied(null);
    const text = await run("diagnostics", "Could not collect the diagnostics.", diagnostics);
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
      <h2>Help</h2>
      <p>
        When something goes wrong, a support bundle helps whoever looks into it: one file with the
        diagnostics, the settings and the recent logs, without your ids. Attach it to your report.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          disabled={busy !== null}
          onClick={() => void saveBundle()}
          data-testid="about-save-bundle"
        >
          {busy === "bundle" ? "Saving…" : "Save a support bundle…"}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => void run("logs", "Could not open the logs folder.", openLogs)}
          data-testid="about-open-logs"
        >
          Open logs
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => void copyDiagnostics()}
          data-testid="about-copy-diagnostics"
        >
          {busy === "diagnostics" ? "Collecting…" : "Copy diagnostics"}
        </button>
        {copied && (
          <span className="saved" role="status" data-testid="about-copied">
            Copied. Paste it into your message.
          </span>
        )}
      </div>
      {bundle !== null && (
        <p className="saved" role="status" data-testid="about-bundle-saved">
          Saved to {bundle}. Attach it to your report.
        </p>
      )}
      {problem && (
        <ErrorNotice
          title={problem.title}
          error={problem.error}
          hint="Try again; if it fails again, restart the app."
        />
      )}
      {uncopied !== null && (
        <div className="notice notice-warning" role="alert">
          <p>The clipboard did not accept the text. Select it below and copy it yourself (Ctrl+C or ⌘C).</p>
          <textarea className="mono" readOnly value={uncopied} rows={8} aria-label="Diagnostics" />
        </div>
      )}
    </div>
  );
}
