import type { ReactNode } from "react";

import type { FolderCheck, ProviderInfo } from "../../bindings";
import { Field } from "../../components/Field";
import { formatApproxDuration, formatBytes, formatCount, formatFinishTime } from "../../lib/format";
import { normalizeHex } from "../../lib/hex";
import { t, type English } from "../../text";
import {
  fileLimitNote,
  fittedMaxFileBytes,
  formatFileLimit,
  gibToBytes,
  labelsFor,
  nameProblem,
  jobName,
  type WizardDraft,
  type WizardStep,
} from "./wizardModel";

interface SummaryStepProps {
  draft: WizardDraft;
  onChange: (patch: Partial<WizardDraft>) => void;
  onEdit: (step: WizardStep) => void;
  folder: FolderCheck;
  providers: ProviderInfo[];
  n: number;
  bits: number;
  /** Labels per second of the chosen processors together; null while not measured. */
  speed: number | null;
  showErrors: boolean;
}

export function SummaryStep({
  draft,
  onChange,
  onEdit,
  folder,
  providers,
  n,
  bits,
  speed,
  showErrors,
}: SummaryStepProps) {
  const bytes = gibToBytes(draft.sizeGib) ?? 0;
  const labels = labelsFor(bytes, bits);
  const requestedMaxFile = gibToBytes(draft.maxFileGib);
  const maxFileBytes = fittedMaxFileBytes(requestedMaxFile ?? 0, folder);
  const fileLimit = fileLimitNote(requestedMaxFile, folder);
  const difficulty = draft.powDifficulty.trim();
  const problem = nameProblem(draft);

  return (
    <>
      <p className="step-intro">{t("setup.summary.intro")}</p>
      <Field
        label={t("setup.summary.name.label")}
        help={t("setup.summary.name.help")}
        error={showErrors || draft.name !== null ? problem : null}
        testId="summary-name"
      >
        {(input) => (
          <input
            {...input}
            type="text"
            value={draft.name ?? jobName(draft)}
            autoComplete="off"
            onChange={(event) => {
              onChange({ name: event.target.value });
            }}
            data-testid="summary-name-input"
          />
        )}
      </Field>
      <dl className="summary" data-testid="summary">
        <SummaryRow row="folder" step="folder" onEdit={onEdit} testId="summary-folder">
          {draft.folder.trim()}
          <span className="muted"> · {t("setup.free", { free: formatBytes(folder.free_bytes) })}</span>
        </SummaryRow>
        <SummaryRow row="size" step="size" onEdit={onEdit} testId="summary-size">
          {t("setup.summary.size", { size: formatBytes(bytes), labels: formatCount(labels) })}
        </SummaryRow>
        <SummaryRow
          row={providers.length > 1 ? "processors" : "processor"}
          step="processor"
          onEdit={onEdit}
          testId="summary-processors"
        >
          {providers.map((provider) => provider.model).join(", ")}
          <span className="muted">
            {" · "}
            {speed === null
              ? t("setup.summary.estimating")
              : t("setup.summary.estimate", {
                  duration: formatApproxDuration(labels / speed),
                  finish: formatFinishTime(labels / speed),
                })}
          </span>
        </SummaryRow>
        <SummaryRow row="id" step="identity" onEdit={onEdit} testId="summary-id">
          <span className="mono break">{normalizeHex(draft.id)}</span>
        </SummaryRow>
        <SummaryRow row="salt" step="identity" onEdit={onEdit} testId="summary-salt">
          <span className="mono break">{normalizeHex(draft.salt)}</span>
        </SummaryRow>
        <SummaryRow row="parameters" step="identity" onEdit={onEdit} testId="summary-parameters">
          {t("setup.summary.parameters", { n: formatCount(n), bits, limit: formatFileLimit(maxFileBytes) })}
          {fileLimit !== null && (
            <span className="field-help" data-testid="summary-file-limit">
              {fileLimit}
            </span>
          )}
        </SummaryRow>
        <SummaryRow row="pow" step="identity" onEdit={onEdit} testId="summary-pow">
          {difficulty.length === 0 ? (
            t("setup.summary.noPow")
          ) : (
            <span className="mono break">{normalizeHex(difficulty)}</span>
          )}
        </SummaryRow>
      </dl>
    </>
  );
}

/** A row of the summary, which names its title and its Change button (setup.summary.rows). */
type SummaryRowName = keyof English["setup"]["summary"]["rows"];

interface SummaryRowProps {
  row: SummaryRowName;
  step: WizardStep;
  onEdit: (step: WizardStep) => void;
  testId: string;
  children: ReactNode;
}

function SummaryRow({ row, step, onEdit, testId, children }: SummaryRowProps) {
  return (
    <div className="summary-row" data-testid={testId}>
      <dt>{t(`setup.summary.rows.${row}.title`)}</dt>
      <dd>{children}</dd>
      <dd className="summary-change">
        <button
          type="button"
          className="link"
          onClick={() => {
            onEdit(step);
          }}
          aria-label={t(`setup.summary.rows.${row}.change`)}
          data-testid={`${testId}-change`}
        >
          {t("setup.summary.change")}
        </button>
      </dd>
    </div>
  );
}
