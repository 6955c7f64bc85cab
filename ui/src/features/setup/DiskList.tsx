import { useEffect, useState } from "react";

import type { DiskChoices } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { formatBytes } from "../../lib/format";
import { listDisks } from "../../platform/api";
import { describeError, type FailureInfo } from "../../platform/errors";
import { t } from "../../text";
import { diskOf } from "./diskChoice";
import { fileSystemLabel } from "./wizardModel";

type DiskLoad =
  | { status: "loading" }
  | { status: "ready"; choices: DiskChoices }
  | { status: "failed"; error: FailureInfo };

interface DiskListProps {
  folder: string;
  onFolderChange: (folder: string) => void;
}

/**
 * The computer's disks as a choice, each with the folder the data would go to; the suggested
 * folder is filled in when the folder is still empty, so a first job needs no typing.
 */
export function DiskList({ folder, onFolderChange }: DiskListProps) {
  const [load, setLoad] = useState<DiskLoad>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    listDisks().then(
      (choices) => {
        if (!active) return;
        setLoad({ status: "ready", choices });
      },
      (error: unknown) => {
        if (active) setLoad({ status: "failed", error: describeError(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [attempt]);

  // Only an empty folder is filled in: never replace what the person typed or picked.
  const suggested = load.status === "ready" ? load.choices.suggested : null;
  useEffect(() => {
    if (suggested !== null && folder.trim().length === 0) onFolderChange(suggested);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the list arrives
  }, [suggested]);

  if (load.status === "loading") {
    return (
      <div className="disk-list-slot">
        <Spinner label={t("setup.disks.loading")} />
      </div>
    );
  }
  if (load.status === "failed") {
    return (
      <ErrorNotice
        title={t("setup.disks.loadFailed")}
        error={load.error}
        hint={t("setup.disks.loadFailedHint")}
        onRetry={() => {
          setLoad({ status: "loading" });
          setAttempt((current) => current + 1);
        }}
        testId="disk-list-error"
      />
    );
  }
  const { disks } = load.choices;
  if (disks.length === 0) return null;
  const chosen = diskOf(folder, disks);

  return (
    <fieldset className="disk-list" data-testid="disk-list">
      <legend>{t("setup.disks.legend")}</legend>
      {disks.map((disk) => {
        const facts = [
          disk.file_system === null ? null : fileSystemLabel(disk.file_system),
          disk.removable ? t("setup.disks.removable") : null,
          disk.holds_home ? t("setup.disks.holdsHome") : null,
          disk.writable ? null : t("setup.disks.notWritable"),
        ].filter((fact) => fact !== null);
        const free = disk.total_bytes > 0 ? disk.free_bytes / disk.total_bytes : 0;
        return (
          <label
            key={disk.mount_point}
            className={`disk-choice${chosen?.mount_point === disk.mount_point ? " disk-chosen" : ""}`}
            data-testid="disk-choice"
            data-mount={disk.mount_point}
          >
            <input
              type="radio"
              name="disk"
              checked={chosen?.mount_point === disk.mount_point}
              onChange={() => {
                onFolderChange(disk.folder);
              }}
              data-testid="disk-choice-input"
            />
            <span className="disk-text">
              <span className="disk-name">
                {disk.mount_point}
                {disk.name.length > 0 && disk.name !== disk.mount_point ? ` · ${disk.name}` : ""}
              </span>
              <span className="disk-space">
                {t("setup.disks.space", {
                  free: formatBytes(disk.free_bytes),
                  total: formatBytes(disk.total_bytes),
                })}
                {facts.length > 0 ? ` · ${facts.join(" · ")}` : ""}
              </span>
              <span className="disk-bar" aria-hidden="true">
                <span style={{ width: `${String(Math.round(free * 100))}%` }} />
              </span>
              <span className="disk-folder">{t("setup.disks.folder", { folder: disk.folder })}</span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
