import { useState } from "react";

import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import type { JobStatus } from "../../bindings";
import { useCommand } from "../../lib/useCommand";
import { addExistingFolder, pickFolder, relocateJob } from "../../platform/api";
import { t } from "../../text";
import { useJobs } from "./JobsContext";

interface FolderDialogProps {
  title: string;
  help: string;
  confirmLabel: string;
  /** The sentence an error starts with: "Could not add the folder." */
  failure: string;
  submit: (folder: string) => Promise<JobStatus>;
  onClose: () => void;
}

/** Asks for a data folder (typed, or chosen in the system's picker) and hands it to `submit`. */
function FolderDialog({ title, help, confirmLabel, failure, submit, onClose }: FolderDialogProps) {
  const { applyJob } = useJobs();
  const [folder, setFolder] = useState("");
  const { busy, problem, run } = useCommand();

  async function choose() {
    const picked = await run("pick", t("common.pickFolderFailed"), pickFolder);
    if (typeof picked === "string") setFolder(picked);
  }

  async function add() {
    const job = await run("add", failure, () => submit(folder));
    if (job) {
      applyJob(job);
      onClose();
    }
  }

  return (
    <Modal
      title={title}
      onClose={onClose}
      testId="folder-dialog"
      actions={
        <>
          <button type="button" onClick={onClose} data-testid="dialog-cancel">
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy !== null || folder.trim() === ""}
            onClick={() => void add()}
            data-testid="dialog-confirm"
          >
            {busy === "add" ? t("common.working") : confirmLabel}
          </button>
        </>
      }
    >
      <Field label={t("jobs.folderDialog.label")} help={help} testId="folder-dialog-field">
        {(input) => (
          <div className="input-with-button">
            <input
              {...input}
              type="text"
              value={folder}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => {
                setFolder(event.target.value);
              }}
              data-testid="folder-dialog-input"
            />
            <button
              type="button"
              onClick={() => void choose()}
              disabled={busy !== null}
              data-testid="folder-dialog-pick"
            >
              {t("common.chooseFolder")}
            </button>
          </div>
        )}
      </Field>
      {problem && <ErrorNotice title={problem.title} error={problem.error} testId="folder-dialog-error" />}
    </Modal>
  );
}

/**
 * "Add an existing folder": lists a data folder made earlier (by this app, by `pos`, on another
 * computer, moved, or on a drive with another letter now) as a job. The engine checks the folder
 * against its own metadata; the job goes on from its last checkpoint.
 */
export function AddFolderDialog({ onClose }: { onClose: () => void }) {
  return (
    <FolderDialog
      title={t("jobs.folderDialog.add.title")}
      help={t("jobs.folderDialog.add.help")}
      confirmLabel={t("jobs.folderDialog.add.confirm")}
      failure={t("jobs.folderDialog.add.failed")}
      submit={addExistingFolder}
      onClose={onClose}
    />
  );
}

/** "Find folder…": the job's folder is somewhere else now; the engine checks it is this job's data. */
export function FindFolderDialog({ job, onClose }: { job: JobStatus; onClose: () => void }) {
  return (
    <FolderDialog
      title={t("jobs.folderDialog.find.title", { job: job.name })}
      help={t("jobs.folderDialog.find.help", { dir: job.dir })}
      confirmLabel={t("jobs.folderDialog.find.confirm")}
      failure={t("jobs.folderDialog.find.failed")}
      submit={(folder) => relocateJob(job.id, folder)}
      onClose={onClose}
    />
  );
}
