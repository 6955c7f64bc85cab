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
import { QuitButton } from "./features/notices/QuitButton";
import { QuitConfirm } from "./features/notices/QuitConfirm";
import { NavigationContext, type Page } from "./lib/navigation";
import { t, type PlainTextKey } from "./text";

const NAV: readonly { page: Page; label: PlainTextKey }[] = [
  { page: "jobs", label: "app.nav.jobs" },
  { page: "new-job", label: "app.nav.newJob" },
  { page: "processors", label: "app.nav.processors" },
  { page: "settings", label: "app.nav.settings" },
  { page: "doctor", label: "app.nav.doctor" },
  { page: "about", label: "app.nav.about" },
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
        <nav className="sidebar" aria-label={t("app.nav.label")}>
          <p className="app-name">{t("app.name")}</p>
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
                  {t(label)}
                  {target === "jobs" && <RunningCount />}
                </button>
              </li>
            ))}
          </ul>
          <QuitButton />
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
    <span className="nav-count" aria-label={t("app.nav.running", { count: running })}>
      {running}
    </span>
  );
}
