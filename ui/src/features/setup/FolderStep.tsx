import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Spinner";
import { formatBytes } from "../../lib/format";
import { useCommand } from "../../lib/useCommand";
import { pickFolder } from "../../platform/api";
import { t } from "../../text";
import { RichText } from "../../text/RichText";
import { DiskList } from "./DiskList";
import type { FolderCheckState } from "./useFolderCheck";
import { fileSystemLabel, folderProblem, formatFileLimit } from "./wizardModel";

interface FolderStepProps {
  folder: string;
  onFolderChange: (folder: string) => void;
  check: FolderCheckState;
  onRecheck: () => void;
  /** Show every problem, also for fields not touched yet (after Next was pressed). */
  showErrors: boolean;
}

export function FolderStep({ folder, onFolderChange, check, onRecheck, showErrors }: FolderStepProps) {
  const picker = useCommand();
  const info = check.status === "done" ? check.info : null;
  const problem = folderProblem(folder, info);
  // An empty path is only an error once Next was pressed; what the check found shows at once.
  const shownProblem = problem !== null && (showErrors || info !== null) ? problem : null;

  async function choose() {
    const picked = await picker.run("pick", t("common.pickFolderFailed"), pickFolder);
    if (typeof picked === "string") onFolderChange(picked);
  }

  return (
    <>
      <p className="step-intro">{t("setup.folder.intro")}</p>
      <DiskList folder={folder} onFolderChange={onFolderChange} />
      <Field
        label={t("setup.folder.label")}
        help={t("setup.folder.help")}
        error={shownProblem}
        testId="folder"
      >
        {(input) => (
          <div className="input-with-button">
            <input
              {...input}
              type="text"
              value={folder}
              spellCheck={false}
              autoComplete="off"
              placeholder={t("setup.folder.placeholder")}
              onChange={(event) => {
                onFolderChange(event.target.value);
              }}
              data-testid="folder-input"
            />
            <button
              type="button"
              onClick={() => void choose()}
              disabled={picker.busy !== null}
              data-testid="folder-pick"
            >
              {t("common.chooseFolder")}
            </button>
          </div>
        )}
      </Field>
      {picker.problem && (
        <ErrorNotice
          title={picker.problem.title}
          error={picker.problem.error}
          hint={t("setup.folder.pickFailedHint")}
        />
      )}
      {/* A slot as tall as the check's answer, so Next does not jump when the answer appears. */}
      <div className="folder-status-slot">
        <FolderCheckView check={check} onRecheck={onRecheck} />
      </div>
    </>
  );
}

function FolderCheckView({ check, onRecheck }: { check: FolderCheckState; onRecheck: () => void }) {
  switch (check.status) {
    case "idle":
      return null;
    case "checking":
      return (
        <div className="folder-status" data-testid="folder-status" data-status="checking">
          <Spinner label={t("setup.checkingFolder")} />
        </div>
      );
    case "failed":
      return (
        <ErrorNotice
          title={t("setup.folder.checkFailed")}
          error={check.error}
          hint={t("setup.folder.checkFailedHint")}
          onRetry={onRecheck}
          testId="folder-check-error"
        />
      );
    case "done": {
      const { info } = check;
      if (!info.writable) return null;
      const drive = [
        info.file_system === null ? null : fileSystemLabel(info.file_system),
        info.removable === true ? t("setup.folder.removableDrive") : null,
        info.network === true ? t("setup.folder.networkFolder") : null,
      ].filter((part) => part !== null);
      const space = {
        free: <strong>{t("setup.free", { free: formatBytes(info.free_bytes) })}</strong>,
        total: formatBytes(info.total_bytes),
      };
      return (
        <div className="folder-status notice notice-ok" data-testid="folder-status" data-status="ok">
          <p>
            {drive.length > 0 ? (
              <RichText text="setup.folder.spaceOnDrive" params={{ ...space, drive: drive.join(", ") }} />
            ) : (
              <RichText text="setup.folder.space" params={space} />
            )}
          </p>
          <p>{info.exists ? t("setup.folder.canWrite") : t("setup.folder.willCreate")}</p>
          {info.max_file_bytes !== null && (
            <p data-testid="folder-file-limit">
              {t("setup.folder.fileLimit", { limit: formatFileLimit(info.max_file_bytes) })}
            </p>
          )}
        </div>
      );
    }
  }
}
