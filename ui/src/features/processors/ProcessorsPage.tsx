import type { AppSettings, ProviderInfo } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { useCommand } from "../../lib/useCommand";
import { t } from "../../text";
import { useJobs } from "../jobs/JobsContext";
import { useSettings } from "../settings/SettingsContext";
import { WithSettings } from "../settings/WithSettings";
import { GpuLibraryNotice } from "./GpuLibraryNotice";
import { OpenClNotice } from "./OpenClNotice";
import { kindLabel } from "./providerText";
import { ProviderSpeed } from "./ProviderSpeed";
import { useProviderSpeeds } from "./ProviderSpeedsContext";
import { useProviders } from "./useProviders";

/** Every processor of this computer: what it is, how fast, and whether jobs may use it. */
export function ProcessorsPage() {
  const { load, reload } = useProviders();
  return (
    <section className="page" aria-labelledby="processors-title">
      <header className="page-header">
        <h1 id="processors-title">{t("processors.title")}</h1>
      </header>
      {load.status === "loading" && <Spinner label={t("processors.loading")} />}
      {load.status === "failed" && (
        <ErrorNotice
          title={t("processors.loadFailed.title")}
          error={load.error}
          hint={t("processors.loadFailed.hint")}
          onRetry={reload}
        />
      )}
      {load.status === "ready" && (
        <>
          <OpenClNotice status={load.view.opencl} />
          <GpuLibraryNotice status={load.view.gpu_library} opencl={load.view.opencl} showAll />
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
    await saving.run(`toggle ${id}`, t("processors.toggleFailed"), () =>
      save({ ...settings, disabled_providers: disabled }),
    );
  }

  return (
    <>
      <p className="step-intro">{t("processors.intro", { n, bits })}</p>
      {saving.problem && (
        <ErrorNotice
          title={saving.problem.title}
          error={saving.problem.error}
          hint={t("processors.toggleFailedHint")}
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
                <span className="provider-kind">{kindLabel(provider.kind)}</span>
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
                        {t("processors.takenOff", { job: job.name, reason: off.reason })}
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
                  {measurement?.status === "done" ? t("processors.measureAgain") : t("processors.measure")}
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
                  {t("processors.useForNewJobs")}
                </label>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
