import type { FolderCheck, ProviderInfo } from "../../bindings";
import { Field } from "../../components/Field";
import {
  formatApproxDuration,
  formatBytes,
  formatCount,
  formatFinishTime,
  toGibText,
} from "../../lib/format";
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
        How much space should the data fill? This folder&apos;s disk has{" "}
        <strong>{formatBytes(info.free_bytes)} free</strong> of {formatBytes(info.total_bytes)}.
      </p>
      <Field
        label="Size in GiB"
        help="1 GiB is 1,073,741,824 bytes, what Windows calls 1 GB."
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
      <div className="button-row" role="group" aria-label="Use a share of the free space">
        {SIZE_SHARES.map((share) => (
          <button
            key={share}
            type="button"
            onClick={() => {
              onSizeChange(toGibText((info.free_bytes * share) / 100));
            }}
            data-testid={`size-share-${share}`}
          >
            Use {share}% of free space
          </button>
        ))}
      </div>
      {/* One slot for the result, taller than it needs, so the buttons below do not move. */}
      <div className="size-result-slot" aria-live="polite">
        {valid && (
          <>
            <p className="size-result" data-testid="size-labels">
              {formatCount(labelsFor(bytes, labelBits))} labels of {labelBits} bits;{" "}
              {formatBytes(info.free_bytes - bytes)} stays free.
            </p>
            <p className="size-estimate" data-testid="size-estimate">
              {speed === null || processors.length === 0
                ? "Measuring the processors to estimate the time…"
                : `On ${processors.map((provider) => provider.model).join(" and ")}: ${formatApproxDuration(
                    labelsFor(bytes, labelBits) / speed,
                  )}, done around ${formatFinishTime(labelsFor(bytes, labelBits) / speed)}. You can choose other processors in the next step.`}
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
