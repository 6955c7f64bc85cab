import { useMemo, useState } from "react";

import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { useCommand } from "../../lib/useCommand";
import { pauseAll, resumeAll } from "../../platform/api";
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
      Add existing folder…
    </button>
  );

  const providerNames = useMemo(
    () => new Map(providers.status === "ready" ? providers.view.providers.map((p) => [p.id, p.model]) : []),
    [providers],
  );

  if (load.status === "loading") return <Spinner label="Loading your jobs…" />;
  if (load.status === "failed") {
    return (
      <ErrorNotice
        title="Could not load your jobs."
        error={load.error}
        hint="Your data is safe on disk. Try again; if it keeps failing, restart the app."
        onRetry={reload}
      />
    );
  }

  if (jobs.length === 0) {
    return (
      <section className="empty-state" data-testid="jobs-empty">
        <h1>Create your first proof of space</h1>
        <p>
          A job fills a folder with proof-of-space data, using your graphics card or processor. The app guides
          you through it: choose a folder and a size, and it does the rest.
        </p>
        <button type="button" className="primary large" onClick={onNewJob} data-testid="jobs-empty-new-job">
          Create a job
        </button>
        <p>Have PoS data already, made here or on another computer? {addFolderButton}</p>
        {addFolderDialog}
      </section>
    );
  }

  const anyActive = jobs.some((job) => job.state.state === "running" || job.state.state === "queued");
  const anyPaused = jobs.some((job) => job.state.state === "paused");

  return (
    <section className="page" aria-labelledby="jobs-title">
      <header className="page-header">
        <h1 id="jobs-title">Jobs</h1>
        <div className="page-header-actions">
          {anyActive && (
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void run("pause-all", "Could not pause the jobs.", pauseAll)}
              data-testid="jobs-pause-all"
            >
              Pause all
            </button>
          )}
          {anyPaused && (
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void run("resume-all", "Could not resume the jobs.", resumeAll)}
              data-testid="jobs-resume-all"
            >
              Resume all
            </button>
          )}
          {addFolderButton}
          <button type="button" className="primary" onClick={onNewJob} data-testid="jobs-new-job">
            New job
          </button>
        </div>
      </header>
      {addFolderDialog}
      {problem && <ErrorNotice title={problem.title} error={problem.error} />}
      <ThroughputChart samples={throughput} />
      <ol className="job-list" aria-label="Jobs in queue order">
        {jobs.map((job, index) => (
          <li key={job.id}>
            <JobCard job={job} index={index} count={jobs.length} providerNames={providerNames} />
          </li>
        ))}
      </ol>
    </section>
  );
}
