import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Spinner";
import { formatBytes } from "../../lib/format";
import { useCommand } from "../../lib/useCommand";
import { pickFolder } from "../../platform/api";
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
    const picked = await picker.run("pick", "Could not open the folder picker.", pickFolder);
    if (typeof picked === "string") onFolderChange(picked);
  }

  return (
    <>
      <p className="step-intro">
        Choose where to keep the data. The disk with the most free space is chosen for you; the data can take
        up most of it.
      </p>
      <DiskList folder={folder} onFolderChange={onFolderChange} />
      <Field
        label="Folder for the data"
        help="Another place: type its full path or choose it. If the folder does not exist yet, the app creates it."
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
              placeholder="For example D:\PoS or /home/you/pos"
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
              Choose folder…
            </button>
          </div>
        )}
      </Field>
      {picker.problem && (
        <ErrorNotice
          title={picker.problem.title}
          error={picker.problem.error}
          hint="Type the folder's path in the box instead."
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
          <Spinner label="Checking the folder…" />
        </div>
      );
    case "failed":
      return (
        <ErrorNotice
          title="Could not check this folder."
          error={check.error}
          hint="Check the path, or choose the folder with the button."
          onRetry={onRecheck}
          testId="folder-check-error"
        />
      );
    case "done": {
      const { info } = check;
      if (!info.writable) return null;
      const drive = [
        info.file_system === null ? null : fileSystemLabel(info.file_system),
        info.removable === true ? "removable drive" : null,
        info.network === true ? "network folder" : null,
      ].filter((part) => part !== null);
      return (
        <div className="folder-status notice notice-ok" data-testid="folder-status" data-status="ok">
          <p>
            <strong>{formatBytes(info.free_bytes)} free</strong> of {formatBytes(info.total_bytes)} on this
            disk{drive.length > 0 ? ` (${drive.join(", ")})` : ""}.
          </p>
          <p>
            {info.exists
              ? "The app can write here."
              : "The folder does not exist yet; the app will create it."}
          </p>
          {info.max_file_bytes !== null && (
            <p data-testid="folder-file-limit">
              This drive holds files of at most {formatFileLimit(info.max_file_bytes)}, so the data is split
              into files of that size.
            </p>
          )}
        </div>
      );
    }
  }
}
