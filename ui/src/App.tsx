import { useState } from "react";

import { AboutPage } from "./features/about/AboutPage";
import { DoctorPage } from "./features/doctor/DoctorPage";
import { JobsProvider, useJobs } from "./features/jobs/JobsContext";
import { JobsPage } from "./features/jobs/JobsPage";
import { ProcessorsPage } from "./features/processors/ProcessorsPage";
import { ProviderSpeedsProvider } from "./features/processors/ProviderSpeedsContext";
import { SettingsProvider } from "./features/settings/SettingsContext";
import { SettingsPage } from "./features/settings/SettingsPage";
import { NewJobPage } from "./features/setup/NewJobPage";
import { AppNotices } from "./features/notices/AppNotices";
import { QuitConfirm } from "./features/notices/QuitConfirm";
import { NavigationContext, type Page } from "./lib/navigation";

const NAV: readonly { page: Page; label: string }[] = [
  { page: "jobs", label: "Jobs" },
  { page: "new-job", label: "New job" },
  { page: "processors", label: "Processors" },
  { page: "settings", label: "Settings" },
  { page: "doctor", label: "Doctor" },
  { page: "about", label: "About" },
];

export function App() {
  return (
    <SettingsProvider>
      <ProviderSpeedsProvider>
        <JobsProvider>
          <AppShell />
        </JobsProvider>
      </ProviderSpeedsProvider>
    </SettingsProvider>
  );
}

function AppShell() {
  const [page, setPage] = useState<Page>("jobs");
  const showJobs = () => {
    setPage("jobs");
  };
  const showNewJob = () => {
    setPage("new-job");
  };

  return (
    <NavigationContext.Provider value={setPage}>
      <div className="app">
        <nav className="sidebar" aria-label="Main">
          <p className="app-name">PoS Desktop</p>
          <ul>
            {NAV.map(({ page: target, label }) => (
              <li key={target}>
                <button
                  type="button"
                  className="nav-link"
                  aria-current={page === target ? "page" : undefined}
                  onClick={() => {
                    setPage(target);
                  }}
                  data-testid={`nav-${target}`}
                >
                  {label}
                  {target === "jobs" && <RunningCount />}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content">
          <AppNotices />
          {page === "jobs" && <JobsPage onNewJob={showNewJob} />}
          {page === "new-job" && <NewJobPage onDone={showJobs} />}
          {page === "processors" && <ProcessorsPage />}
          {page === "settings" && <SettingsPage />}
          {page === "doctor" && <DoctorPage />}
          {page === "about" && <AboutPage />}
        </main>
        <QuitConfirm />
      </div>
    </NavigationContext.Provider>
  );
}

/** How many jobs are running, beside "Jobs" in the sidebar. */
function RunningCount() {
  const { jobs } = useJobs();
  const running = jobs.filter((job) => job.state.state === "running").length;
  if (running === 0) return null;
  return (
    <span className="nav-count" aria-label={`${running} running`}>
      {running}
    </span>
  );
}
