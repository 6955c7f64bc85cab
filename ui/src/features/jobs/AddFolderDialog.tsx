import { useState } from "react";

import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { useCommand } from "../../lib/useCommand";
import { addExistingFolder, pickFolder } from "../../platform/api";
import { useJobs } from "./JobsContext";

/**
 * "Add an existing folder": lists a data folder made earlier (by this app, by `pos`, on another
 * computer, moved, or on a drive with another letter now) as a job. The engine checks the folder
 * against its own metadata; the job goes on from its last checkpoint.
 */
export function AddFolderDialog({ onClose }: { onClose: () => void }) {
  const { applyJob } = useJobs();
  const [folder, setFolder] = useState("");
  const { busy, problem, run } = useCommand();

  async function choose() {
    const picked = await run("pick", "Could not open the folder picker.", pickFolder);
    if (typeof picked === "string") setFolder(picked);
  }

  async function add() {
    const job = await run("add", "Could not add the folder.", () => addExistingFolder(folder));
    if (job) {
      applyJob(job);
      onClose();
    }
  }

  return (
    <Modal
      title="Add an existing folder"
      onClose={onClose}
      testId="add-folder-dialog"
      actions={
        <>
          <button type="button" onClick={onClose} data-testid="dialog-cancel">
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy !== null || folder.trim() === ""}
            onClick={() => void add()}
            data-testid="dialog-confirm"
          >
            {busy === "add" ? "Adding…" : "Add folder"}
          </button>
        </>
      }
    >
      <Field
        label="Data folder"
        help="A folder with PoS data in it (pos-meta.json and postdata files). Complete data is listed as done; unfinished data goes on where it stopped."
        testId="add-folder"
      >
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
              data-testid="add-folder-input"
            />
            <button
              type="button"
              onClick={() => void choose()}
              disabled={busy !== null}
              data-testid="add-folder-pick"
            >
              Choose folder…
            </button>
          </div>
        )}
      </Field>
      {problem && <ErrorNotice title={problem.title} error={problem.error} testId="add-folder-error" />}
    </Modal>
  );
}
