import type { ReactNode } from "react";

import type { FolderCheck, ProviderInfo } from "../../bindings";
import { Field } from "../../components/Field";
import { formatApproxDuration, formatBytes, formatCount, formatFinishTime } from "../../lib/format";
import { normalizeHex } from "../../lib/hex";
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
      <p className="step-intro">
        Check everything once more. Start adds the job to the queue; it begins when a processor is free.
      </p>
      <Field
        label="Job name"
        help="Shown on the dashboard and in notifications."
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
        <SummaryRow title="Folder" step="folder" onEdit={onEdit} testId="summary-folder">
          {draft.folder.trim()}
          <span className="muted"> · {formatBytes(folder.free_bytes)} free</span>
        </SummaryRow>
        <SummaryRow title="Size" step="size" onEdit={onEdit} testId="summary-size">
          {formatBytes(bytes)} · {formatCount(labels)} labels
        </SummaryRow>
        <SummaryRow
          title={providers.length > 1 ? "Processors" : "Processor"}
          step="processor"
          onEdit={onEdit}
          testId="summary-processors"
        >
          {providers.map((provider) => provider.model).join(", ")}
          <span className="muted">
            {" · "}
            {speed === null
              ? "estimating the time…"
              : `${formatApproxDuration(labels / speed)}, done around ${formatFinishTime(labels / speed)}`}
          </span>
        </SummaryRow>
        <SummaryRow title="Identity id" step="identity" onEdit={onEdit} testId="summary-id">
          <span className="mono break">{normalizeHex(draft.id)}</span>
        </SummaryRow>
        <SummaryRow title="Salt" step="identity" onEdit={onEdit} testId="summary-salt">
          <span className="mono break">{normalizeHex(draft.salt)}</span>
        </SummaryRow>
        <SummaryRow title="Parameters" step="identity" onEdit={onEdit} testId="summary-parameters">
          N = {formatCount(n)}, {bits}-bit labels, files of at most {formatFileLimit(maxFileBytes)}
          {fileLimit !== null && (
            <span className="field-help" data-testid="summary-file-limit">
              {fileLimit}
            </span>
          )}
        </SummaryRow>
        <SummaryRow title="Proof of work" step="identity" onEdit={onEdit} testId="summary-pow">
          {difficulty.length === 0 ? "None" : <span className="mono break">{normalizeHex(difficulty)}</span>}
        </SummaryRow>
      </dl>
    </>
  );
}

interface SummaryRowProps {
  title: string;
  step: WizardStep;
  onEdit: (step: WizardStep) => void;
  testId: string;
  children: ReactNode;
}

function SummaryRow({ title, step, onEdit, testId, children }: SummaryRowProps) {
  return (
    <div className="summary-row" data-testid={testId}>
      <dt>{title}</dt>
      <dd>{children}</dd>
      <dd className="summary-change">
        <button
          type="button"
          className="link"
          onClick={() => {
            onEdit(step);
          }}
          aria-label={`Change ${title.toLowerCase()}`}
          data-testid={`${testId}-change`}
        >
          Change
        </button>
      </dd>
    </div>
  );
}
