import type { FolderCheck, ProviderInfo } from "../../bindings";
import { Field } from "../../components/Field";
import {
  formatApproxDuration,
  formatBytes,
  formatCount,
  formatFinishTime,
  GIB,
  toGibText,
} from "../../lib/format";
import { t, textLocale } from "../../text";
import { RichText } from "../../text/RichText";
import { gibToBytes, labelsFor, SIZE_SHARES, sizeProblem, sizeWarning } from "./wizardModel";

interface SizeStepProps {
  sizeGib: string;
  onSizeChange: (sizeGib: string) => void;
  info: FolderCheck;
  labelBits: number;
  showErrors: boolean;
  /** The processors the job would use as things stand (the fastest, until the person chooses). */
  processors: ProviderInfo[];
  /** Their labels per second together; null while not measured. */
  speed: number | null;
}

export function SizeStep({
  sizeGib,
  onSizeChange,
  info,
  labelBits,
  showErrors,
  processors,
  speed,
}: SizeStepProps) {
  const problem = sizeProblem(sizeGib, info, labelBits);
  const shownProblem = problem !== null && (showErrors || sizeGib.trim().length > 0) ? problem : null;
  const bytes = gibToBytes(sizeGib);
  const valid = problem === null && bytes !== null;
  const warning = valid ? sizeWarning(bytes, info) : null;

  return (
    <>
      <p className="step-intro">
        <RichText
          text="setup.size.intro"
          params={{
            free: <strong>{t("setup.free", { free: formatBytes(info.free_bytes) })}</strong>,
            total: formatBytes(info.total_bytes),
          }}
        />
      </p>
      <Field
        label={t("setup.size.label")}
        help={t("setup.size.help", { bytes: formatCount(GIB) })}
        error={shownProblem}
        testId="size"
      >
        {(input) => (
          <input
            {...input}
            className="input-short"
            type="text"
            inputMode="decimal"
            value={sizeGib}
            autoComplete="off"
            onChange={(event) => {
              onSizeChange(event.target.value);
            }}
            data-testid="size-input"
          />
        )}
      </Field>
      <div className="button-row" role="group" aria-label={t("setup.size.sharesLabel")}>
        {SIZE_SHARES.map((share) => (
          <button
            key={share}
            type="button"
            onClick={() => {
              onSizeChange(toGibText((info.free_bytes * share) / 100));
            }}
            data-testid={`size-share-${String(share)}`}
          >
            {t("setup.size.share", { share })}
          </button>
        ))}
      </div>
      {/* One slot for the result, taller than it needs, so the buttons below do not move. */}
      <div className="size-result-slot" aria-live="polite">
        {valid && (
          <>
            <p className="size-result" data-testid="size-labels">
              {t("setup.size.labels", {
                labels: formatCount(labelsFor(bytes, labelBits)),
                bits: labelBits,
                free: formatBytes(info.free_bytes - bytes),
              })}
            </p>
            <p className="size-estimate" data-testid="size-estimate">
              {speed === null || processors.length === 0
                ? t("setup.size.measuring")
                : t("setup.size.estimate", {
                    processors: new Intl.ListFormat(textLocale(), { type: "conjunction" }).format(
                      processors.map((provider) => provider.model),
                    ),
                    duration: formatApproxDuration(labelsFor(bytes, labelBits) / speed),
                    finish: formatFinishTime(labelsFor(bytes, labelBits) / speed),
                  })}
            </p>
          </>
        )}
      </div>
      {warning !== null && (
        <div className="notice notice-warning" role="status" data-testid="size-warning">
          <p>{warning}</p>
        </div>
      )}
    </>
  );
}
