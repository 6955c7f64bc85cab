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
import { t } from "../../text";
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
    const done = await run("move", t("jobs.actions.moveFailed"), async () => {
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
    await changeState("abort", t("jobs.actions.abortFailed"), abortJob);
    setDialog(null);
  }

  async function remove(withData: boolean) {
    const done = await run("delete", t("jobs.actions.deleteFailed"), async () => {
      await deleteJob(job.id, withData);
      return true;
    });
    setDialog(null);
    if (done) applyRemoval(job.id);
  }

  async function verify() {
    setReport(null);
    const result = await run("verify", t("jobs.actions.verifyFailed"), () =>
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
            onClick={() => void changeState("pause", t("jobs.actions.pauseFailed"), pauseJob)}
            data-testid="job-pause"
          >
            {busy === "pause" ? t("jobs.actions.pausing") : t("jobs.actions.pause")}
          </button>
        )}
        {canPauseAfterFile && (
          <button
            type="button"
            disabled={disabled}
            onClick={() =>
              void changeState("pause-after-file", t("jobs.actions.pauseFailed"), pauseJobAfterFile)
            }
            data-testid="job-pause-after-file"
            title={t("jobs.actions.pauseAfterFileTitle")}
          >
            {busy === "pause-after-file" ? t("jobs.actions.pausing") : t("jobs.actions.pauseAfterFile")}
          </button>
        )}
        {canResume && (
          <button
            type="button"
            className="primary"
            disabled={disabled}
            onClick={() => void changeState("resume", t("jobs.actions.resumeFailed"), resumeJob)}
            data-testid="job-resume"
          >
            {busy === "resume" ? t("jobs.actions.resuming") : t("jobs.actions.resume")}
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
            {t("jobs.actions.findFolder")}
          </button>
        )}
        {canVerify && (
          <button
            type="button"
            disabled={disabled}
            onClick={() => void verify()}
            data-testid="job-verify"
            title={t("jobs.actions.verifyTitle")}
          >
            {busy === "verify" ? t("jobs.actions.verifying") : t("jobs.actions.verify")}
          </button>
        )}
        <button
          type="button"
          disabled={disabled}
          onClick={() => void run("open", t("jobs.actions.openFolderFailed"), () => openJobFolder(job.id))}
          data-testid="job-open-folder"
        >
          {t("jobs.actions.openFolder")}
        </button>
        {canMove && (
          <>
            <button
              type="button"
              disabled={disabled || index === 0}
              onClick={() => void move(index - 1)}
              aria-label={t("jobs.actions.earlierLabel", { job: job.name })}
              data-testid="job-move-up"
            >
              <span aria-hidden="true">↑</span> {t("jobs.actions.earlier")}
            </button>
            <button
              type="button"
              disabled={disabled || index === count - 1}
              onClick={() => void move(index + 1)}
              aria-label={t("jobs.actions.laterLabel", { job: job.name })}
              data-testid="job-move-down"
            >
              <span aria-hidden="true">↓</span> {t("jobs.actions.later")}
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
            {t("jobs.actions.abort")}
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
            {t("jobs.actions.delete")}
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
              {t("common.dismiss")}
            </button>
          }
        />
      )}

      {dialog === "abort" && (
        <ConfirmDialog
          title={t("jobs.abortDialog.title", { job: job.name })}
          confirmLabel={t("jobs.abortDialog.confirm")}
          danger
          busy={busy === "abort"}
          onConfirm={() => void abort()}
          onCancel={() => {
            setDialog(null);
          }}
          testId="abort-dialog"
        >
          <p>{t("jobs.abortDialog.body")}</p>
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
