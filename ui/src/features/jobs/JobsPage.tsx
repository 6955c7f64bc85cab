import { useMemo, useState } from "react";

import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { useCommand } from "../../lib/useCommand";
import { pauseAll, resumeAll } from "../../platform/api";
import { t } from "../../text";
import { useProviders } from "../processors/useProviders";
import { AddFolderDialog } from "./FolderDialog";
import { JobCard } from "./JobCard";
import { useJobs } from "./JobsContext";
import { ThroughputChart } from "./ThroughputChart";

/** The dashboard: every job with its progress and buttons, and the total speed. */
export function JobsPage({ onNewJob }: { onNewJob: () => void }) {
  const { jobs, throughput, load, reload } = useJobs();
  const providers = useProviders().load;
  const { busy, problem, run } = useCommand();
  const [addingFolder, setAddingFolder] = useState(false);
  const addFolderDialog = addingFolder && (
    <AddFolderDialog
      onClose={() => {
        setAddingFolder(false);
      }}
    />
  );
  const addFolderButton = (
    <button
      type="button"
      onClick={() => {
        setAddingFolder(true);
      }}
      data-testid="jobs-add-folder"
    >
      {t("jobs.addFolder")}
    </button>
  );

  const providerNames = useMemo(
    () => new Map(providers.status === "ready" ? providers.view.providers.map((p) => [p.id, p.model]) : []),
    [providers],
  );

  if (load.status === "loading") return <Spinner label={t("jobs.loading")} />;
  if (load.status === "failed") {
    return (
      <ErrorNotice
        title={t("jobs.loadFailed.title")}
        error={load.error}
        hint={t("jobs.loadFailed.hint")}
        onRetry={reload}
      />
    );
  }

  if (jobs.length === 0) {
    return (
      <section className="empty-state" data-testid="jobs-empty">
        <h1>{t("jobs.empty.title")}</h1>
        <p>{t("jobs.empty.intro")}</p>
        <button type="button" className="primary large" onClick={onNewJob} data-testid="jobs-empty-new-job">
          {t("jobs.empty.create")}
        </button>
        <p>
          {t("jobs.empty.haveData")} {addFolderButton}
        </p>
        {addFolderDialog}
      </section>
    );
  }

  const anyActive = jobs.some((job) => job.state.state === "running" || job.state.state === "queued");
  const anyPaused = jobs.some((job) => job.state.state === "paused");

  return (
    <section className="page" aria-labelledby="jobs-title">
      <header className="page-header">
        <h1 id="jobs-title">{t("jobs.title")}</h1>
        <div className="page-header-actions">
          {anyActive && (
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void run("pause-all", t("jobs.pauseAllFailed"), pauseAll)}
              data-testid="jobs-pause-all"
            >
              {t("jobs.pauseAll")}
            </button>
          )}
          {anyPaused && (
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void run("resume-all", t("jobs.resumeAllFailed"), resumeAll)}
              data-testid="jobs-resume-all"
            >
              {t("jobs.resumeAll")}
            </button>
          )}
          {addFolderButton}
          <button type="button" className="primary" onClick={onNewJob} data-testid="jobs-new-job">
            {t("jobs.newJob")}
          </button>
        </div>
      </header>
      {addFolderDialog}
      {problem && <ErrorNotice title={problem.title} error={problem.error} />}
      <ThroughputChart samples={throughput} providerNames={providerNames} />
      <ol className="job-list" aria-label={t("jobs.listLabel")}>
        {jobs.map((job, index) => (
          <li key={job.id}>
            <JobCard job={job} index={index} count={jobs.length} providerNames={providerNames} />
          </li>
        ))}
      </ol>
    </section>
  );
}
