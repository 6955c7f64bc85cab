import { useEffect } from "react";

import type { ProviderInfo } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { formatApproxDuration } from "../../lib/format";
import { t } from "../../text";
import { GpuLibraryNotice } from "../processors/GpuLibraryNotice";
import { KIND_LABELS } from "../processors/providerText";
import { ProviderSpeed } from "../processors/ProviderSpeed";
import { measuredSpeed, useProviderSpeeds } from "../processors/ProviderSpeedsContext";
import type { ProvidersLoad } from "../processors/useProviders";
import { combinedSpeed } from "./processorChoice";

interface ProcessorStepProps {
  providers: ProvidersLoad;
  onReloadProviders: () => void;
  /** The processors not turned off in Settings. */
  offered: ProviderInfo[];
  /** How many are turned off, to explain why they are missing. */
  turnedOff: number;
  selectedIds: string[];
  onSelectedChange: (ids: string[]) => void;
  n: number;
  bits: number;
  totalLabels: number;
  showErrors: boolean;
}

export function ProcessorStep(props: ProcessorStepProps) {
  const {
    providers,
    onReloadProviders,
    offered,
    turnedOff,
    selectedIds,
    onSelectedChange,
    n,
    bits,
    totalLabels,
    showErrors,
  } = props;
  const { measurementOf, measure } = useProviderSpeeds();
  const offeredKey = offered.map((provider) => provider.id).join("\n");

  // Measure every offered processor when the step opens (once per session and parameters).
  useEffect(() => {
    const ids = offeredKey.split("\n").filter((id) => id.length > 0);
    if (ids.length > 0) measure(ids, n, bits);
  }, [offeredKey, n, bits, measure]);

  if (providers.status === "loading") return <Spinner label={t("processors.loading")} />;
  if (providers.status === "failed") {
    return (
      <ErrorNotice
        title={t("processors.loadFailed.title")}
        error={providers.error}
        hint={t("processors.loadFailed.hint")}
        onRetry={onReloadProviders}
      />
    );
  }

  const of = (id: string) => measurementOf(id, n, bits);
  const speed = combinedSpeed(selectedIds, of);
  const mixesCpuAndGpu =
    selectedIds.length > 1 &&
    offered.some((provider) => provider.kind === "cpu" && selectedIds.includes(provider.id));

  function toggle(id: string, chosen: boolean) {
    const next = chosen ? [...selectedIds, id] : selectedIds.filter((other) => other !== id);
    onSelectedChange(offered.map((provider) => provider.id).filter((other) => next.includes(other)));
  }

  return (
    <>
      <p className="step-intro">{t("setup.processor.intro")}</p>
      <GpuLibraryNotice status={providers.view.gpu_library} opencl={providers.view.opencl} />
      {offered.length === 0 ? (
        <div className="notice notice-error" role="alert" data-testid="processor-none">
          <p>{t("setup.processor.noneOn")}</p>
        </div>
      ) : (
        <fieldset className="provider-cards">
          <legend className="visually-hidden">{t("setup.processor.legend")}</legend>
          {offered.map((provider) => {
            const measurement = of(provider.id);
            const alone = measuredSpeed(measurement);
            return (
              <div
                key={provider.id}
                className={`provider-card ${selectedIds.includes(provider.id) ? "selected" : ""}`}
                data-testid="provider-card"
                data-provider-id={provider.id}
              >
                <label className="provider-card-choice">
                  <input
                    type="checkbox"
                    checked={selectedIds.includes(provider.id)}
                    onChange={(event) => {
                      toggle(provider.id, event.target.checked);
                    }}
                    data-testid="provider-select"
                  />
                  <span className="provider-model">{provider.model}</span>
                </label>
                <span className="provider-kind">{KIND_LABELS[provider.kind]}</span>
                <span className="provider-detail">{provider.detail}</span>
                <ProviderSpeed measurement={measurement} bits={bits} />
                {alone !== null && alone > 0 && (
                  <span className="muted">
                    {t("setup.processor.alone", { duration: formatApproxDuration(totalLabels / alone) })}
                  </span>
                )}
                {measurement?.status === "failed" && (
                  <button
                    type="button"
                    onClick={() => {
                      measure([provider.id], n, bits, true);
                    }}
                  >
                    {t("processors.measureAgain")}
                  </button>
                )}
              </div>
            );
          })}
        </fieldset>
      )}
      {turnedOff > 0 && <p className="muted">{t("setup.processor.turnedOff", { count: turnedOff })}</p>}
      <p className="estimate" data-testid="processor-estimate" aria-live="polite">
        {selectedIds.length === 0
          ? t("setup.processor.chooseOne")
          : speed === null
            ? t("setup.processor.estimating")
            : t("setup.processor.estimate", { duration: formatApproxDuration(totalLabels / speed) })}
      </p>
      {mixesCpuAndGpu && <p className="muted">{t("setup.processor.cpuWithGpu")}</p>}
      {showErrors && selectedIds.length === 0 && offered.length > 0 && (
        <p className="field-error" role="alert" data-testid="processor-error">
          {t("setup.processor.noneChosen")}
        </p>
      )}
    </>
  );
}
