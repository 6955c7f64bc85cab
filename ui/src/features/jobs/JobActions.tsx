import { useState } from "react";

import type { JobStatus, VerifyReport } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useCommand } from "../../lib/useCommand";
import {
  abortJob,
  deleteJob,
  moveJob,
  openJobFolder,
  pauseJob,
  pauseJobAfterFile,
  resumeJob,
  verifyJob,
} from "../../platform/api";
import { DeleteJobDialog } from "./DeleteJobDialog";
import { FinishedJob } from "./FinishedJob";
import { FindFolderDialog } from "./FolderDialog";
import { useJobs } from "./JobsContext";
import { moveId } from "./jobsReducer";
import { RepairPanel } from "./RepairPanel";
import { VerifyReportView } from "./VerifyReportView";

/** Share of the labels that Verify recomputes: a spot check that takes seconds. */
export const VERIFY_FRACTION = 0.001;

interface JobActionsProps {
  job: JobStatus;
  /** Where the job is in the queue, and how many jobs there are. */
  index: number;
  count: number;
}

type OpenDialog = "abort" | "delete" | "find-folder" | null;

/** The buttons of one job card, with their confirmations, results and errors. */
export function JobActions({ job, index, count }: JobActionsProps) {
  const { jobs, applyJob, applyRemoval, applyOrder } = useJobs();
  const { busy, problem, run, dismiss } = useCommand();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  /** The repair panel: shown while a repair runs ("running") and then with its outcome. */
  const [repair, setRepair] = useState<"running" | "done" | null>(null);

  // The engine says what the job allows in its state (JobStatus.actions); the buttons follow it.
  const { pause: canPause, resume: canResume, abort: canAbort, delete: canDelete } = job.actions;
  const canPauseAfterFile = job.actions.pause_after_file;
  const { verify: canVerify, reorder: canMove } = job.actions;

  async function changeState(name: string, failure: string, command: (id: number) => Promise<JobStatus>) {
    const updated = await run(name, failure, () => command(job.id));
    if (updated) applyJob(updated);
  }

  async function move(to: number) {
    const done = await run("move", "Could not change the queue order.", async () => {
      await moveJob(job.id, to);
      return true;
    });
    if (done)
      applyOrder(
        moveId(
          jobs.map((other) => other.id),
          job.id,
          to,
        ),
      );
  }

  async function abort() {
    await changeState("abort", "Could not abort the job.", abortJob);
    setDialog(null);
  }

  async function remove(withData: boolean) {
    const done = await run("delete", "Could not delete the job.", async () => {
      await deleteJob(job.id, withData);
      return true;
    });
    setDialog(null);
    if (done) applyRemoval(job.id);
  }

  async function verify() {
    setReport(null);
    const result = await run("verify", "Could not verify the data.", () =>
      verifyJob(job.id, VERIFY_FRACTION),
    );
    if (result) setReport(result);
  }

  // While a repair runs, the job is left alone: no resume, verify, delete or move.
  const disabled = busy !== null || repair === "running";
  return (
    <>
      {job.state.state === "completed" && (
        <FinishedJob
          job={job}
          busy={disabled}
          onCheckEvery={() => {
            setReport(null);
            setRepair("running");
          }}
        />
      )}
      <div className="job-actions">
        {canPause && (
          <button
            type="button"
            disabled={disabled}
            onClick={() => void changeState("pause", "Could not pause the job.", pauseJob)}
            data-testid="job-pause"
          >
            {busy === "pause" ? "Pausing…" : "Pause"}
          </button>
        )}
        {canPauseAfterFile && (
          <button
            type="button"
            disabled={disabled}
            onClick={() =>
              void changeState("pause-after-file", "Could not pause the job.", pauseJobAfterFile)
            }
            data-testid="job-pause-after-file"
            title="Let the files being written now complete, then pause: every file it touched is whole"
          >
            {busy === "pause-after-file" ? "Pausing…" : "Pause after this file"}
          </button>
        )}
        {canResume && (
          <button
            type="button"
            className="primary"
            disabled={disabled}
            onClick={() => void changeState("resume", "Could not resume the job.", resumeJob)}
            data-testid="job-resume"
          >
            {busy === "resume" ? "Resuming…" : "Resume"}
          </button>
        )}
        {job.actions.find_folder && (
          <button
            type="button"
            className="primary"
            disabled={disabled}
            onClick={() => {
              setDialog("find-folder");
            }}
            data-testid="job-find-folder"
          >
            Find folder…
          </button>
        )}
        {canVerify && (
          <button
            type="button"
            disabled={disabled}
            onClick={() => void verify()}
            data-testid="job-verify"
            title="Recompute a sample of the labels and compare them with the files"
          >
            {busy === "verify" ? "Verifying…" : "Verify"}
          </button>
        )}
        <button
          type="button"
          disabled={disabled}
          onClick={() => void run("open", "Could not open the folder.", () => openJobFolder(job.id))}
          data-testid="job-open-folder"
        >
          Open folder
        </button>
        {canMove && (
          <>
            <button
              type="button"
              disabled={disabled || index === 0}
              onClick={() => void move(index - 1)}
              aria-label={`Move ${job.name} up in the queue`}
              data-testid="job-move-up"
            >
              ↑ Earlier
            </button>
            <button
              type="button"
              disabled={disabled || index === count - 1}
              onClick={() => void move(index + 1)}
              aria-label={`Move ${job.name} down in the queue`}
              data-testid="job-move-down"
            >
              ↓ Later
            </button>
          </>
        )}
        <span className="job-actions-spacer" />
        {canAbort && (
          <button
            type="button"
            className="danger-quiet"
            disabled={disabled}
            onClick={() => {
              setDialog("abort");
            }}
            data-testid="job-abort"
          >
            Abort
          </button>
        )}
        {canDelete && (
          <button
            type="button"
            className="danger-quiet"
            disabled={disabled}
            onClick={() => {
              setDialog("delete");
            }}
            data-testid="job-delete"
          >
            Delete
          </button>
        )}
      </div>

      {report && (
        <VerifyReportView
          report={report}
          onClose={() => {
            setReport(null);
          }}
          onRepair={() => {
            setReport(null);
            setRepair("running");
          }}
        />
      )}
      {repair && (
        <RepairPanel
          jobId={job.id}
          onFinished={() => {
            setRepair("done");
          }}
          onClose={() => {
            setRepair(null);
          }}
        />
      )}
      {problem && (
        <ErrorNotice
          title={problem.title}
          error={problem.error}
          testId="job-error"
          hint={
            <button type="button" onClick={dismiss}>
              Dismiss
            </button>
          }
        />
      )}

      {dialog === "abort" && (
        <ConfirmDialog
          title={`Abort the job “${job.name}”?`}
          confirmLabel="Abort job"
          danger
          busy={busy === "abort"}
          onConfirm={() => void abort()}
          onCancel={() => {
            setDialog(null);
          }}
          testId="abort-dialog"
        >
          <p>
            The job stops for good. The data made so far stays in its folder until you delete the job. To stop
            for a while and continue later, use Pause instead.
          </p>
        </ConfirmDialog>
      )}
      {dialog === "find-folder" && (
        <FindFolderDialog
          job={job}
          onClose={() => {
            setDialog(null);
          }}
        />
      )}
      {dialog === "delete" && (
        <DeleteJobDialog
          job={job}
          busy={busy === "delete"}
          onConfirm={(withData) => void remove(withData)}
          onCancel={() => {
            setDialog(null);
          }}
        />
      )}
    </>
  );
}
