import { useEffect } from "react";

import type { ProviderInfo } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Spinner";
import { formatApproxDuration } from "../../lib/format";
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

  if (providers.status === "loading") return <Spinner label="Looking for processors…" />;
  if (providers.status === "failed") {
    return (
      <ErrorNotice
        title="Could not list the processors of this computer."
        error={providers.error}
        hint="Try again. If it keeps failing, restart the app."
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
      <p className="step-intro">
        Choose what computes the data. The app measures each one for a few seconds; the fastest is chosen for
        you. You can choose several.
      </p>
      <GpuLibraryNotice status={providers.view.gpu_library} />
      {offered.length === 0 ? (
        <div className="notice notice-error" role="alert" data-testid="processor-none">
          <p>
            Every processor is turned off. Turn one on in the Processors page, then come back to this step.
          </p>
        </div>
      ) : (
        <fieldset className="provider-cards">
          <legend className="visually-hidden">Processors for this job</legend>
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
                    Alone: {formatApproxDuration(totalLabels / alone)} for this job
                  </span>
                )}
                {measurement?.status === "failed" && (
                  <button
                    type="button"
                    onClick={() => {
                      measure([provider.id], n, bits, true);
                    }}
                  >
                    Measure again
                  </button>
                )}
              </div>
            );
          })}
        </fieldset>
      )}
      {turnedOff > 0 && (
        <p className="muted">
          {turnedOff} turned off in the Processors page {turnedOff === 1 ? "is" : "are"} not shown.
        </p>
      )}
      <p className="estimate" data-testid="processor-estimate" aria-live="polite">
        {selectedIds.length === 0
          ? "Choose at least one processor."
          : speed === null
            ? "Estimating the time…"
            : `Estimated time: ${formatApproxDuration(totalLabels / speed)}.`}
      </p>
      {mixesCpuAndGpu && (
        <p className="muted">
          A processor (CPU) next to a graphics card adds little speed and may finish its part long after the
          card.
        </p>
      )}
      {showErrors && selectedIds.length === 0 && offered.length > 0 && (
        <p className="field-error" role="alert" data-testid="processor-error">
          Choose at least one processor for this job, or wait until the measurements finish.
        </p>
      )}
    </>
  );
}
