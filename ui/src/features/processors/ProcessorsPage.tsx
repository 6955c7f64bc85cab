import type { AppSettings, ProviderInfo } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { useCommand } from "../../lib/useCommand";
import { useJobs } from "../jobs/JobsContext";
import { useSettings } from "../settings/SettingsContext";
import { WithSettings } from "../settings/WithSettings";
import { GpuLibraryNotice } from "./GpuLibraryNotice";
import { OpenClNotice } from "./OpenClNotice";
import { KIND_LABELS } from "./providerText";
import { ProviderSpeed } from "./ProviderSpeed";
import { useProviderSpeeds } from "./ProviderSpeedsContext";
import { useProviders } from "./useProviders";

/** Every processor of this computer: what it is, how fast, and whether jobs may use it. */
export function ProcessorsPage() {
  const { load, reload } = useProviders();
  return (
    <section className="page" aria-labelledby="processors-title">
      <header className="page-header">
        <h1 id="processors-title">Processors</h1>
      </header>
      {load.status === "loading" && <Spinner label="Looking for processors…" />}
      {load.status === "failed" && (
        <ErrorNotice
          title="Could not list the processors of this computer."
          error={load.error}
          hint="Try again. If it keeps failing, restart the app."
          onRetry={reload}
        />
      )}
      {load.status === "ready" && (
        <>
          <OpenClNotice status={load.view.opencl} />
          <GpuLibraryNotice status={load.view.gpu_library} showLoaded />
          <WithSettings>
            {(settings) => <ProviderList providers={load.view.providers} settings={settings} />}
          </WithSettings>
        </>
      )}
    </section>
  );
}

function ProviderList({ providers, settings }: { providers: ProviderInfo[]; settings: AppSettings }) {
  const { save } = useSettings();
  const { measurementOf, measure } = useProviderSpeeds();
  const { jobs } = useJobs();
  const saving = useCommand();
  const n = settings.default_n;
  const bits = settings.default_label_bits;

  async function setEnabled(id: string, enabled: boolean) {
    const others = settings.disabled_providers.filter((other) => other !== id);
    const disabled = enabled ? others : [...others, id];
    await saving.run(`toggle ${id}`, "Could not save the change.", () =>
      save({ ...settings, disabled_providers: disabled }),
    );
  }

  return (
    <>
      <p className="step-intro">
        Speeds are measured with the default parameters from Settings (N = {n}, {bits}-bit labels). New jobs
        can only use processors that are turned on.
      </p>
      {saving.problem && (
        <ErrorNotice
          title={saving.problem.title}
          error={saving.problem.error}
          hint="The processor keeps its old setting. Try again."
        />
      )}
      <ul className="provider-list">
        {providers.map((provider) => {
          const enabled = !settings.disabled_providers.includes(provider.id);
          const measurement = measurementOf(provider.id, n, bits);
          const measuring = measurement?.status === "waiting" || measurement?.status === "measuring";
          return (
            <li
              key={provider.id}
              className="provider-row"
              data-testid="provider-row"
              data-provider-id={provider.id}
            >
              <div className="provider-row-main">
                <span className="provider-model">{provider.model}</span>
                <span className="provider-kind">{KIND_LABELS[provider.kind]}</span>
                <span className="provider-detail">{provider.detail}</span>
                <ProviderSpeed measurement={measurement} bits={bits} />
                {jobs.flatMap((job) =>
                  job.processors_off
                    .filter((off) => off.processor === provider.id)
                    .map((off) => (
                      <p
                        key={job.id}
                        className="provider-taken-off notice notice-warning"
                        data-testid="provider-taken-off"
                        data-job-id={job.id}
                      >
                        Taken off “{job.name}”: {off.reason}
                      </p>
                    )),
                )}
              </div>
              <div className="provider-row-actions">
                <button
                  type="button"
                  disabled={measuring}
                  onClick={() => {
                    measure([provider.id], n, bits, true);
                  }}
                  data-testid="provider-measure"
                >
                  {measurement?.status === "done" ? "Measure again" : "Measure speed"}
                </button>
                <label className="switch">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={enabled}
                    disabled={saving.busy !== null}
                    onChange={(event) => void setEnabled(provider.id, event.target.checked)}
                    data-testid="provider-enabled"
                  />
                  Use for new jobs
                </label>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
