import { useState } from "react";

import { Field, TextField } from "../../components/Field";
import { randomHex64 } from "../../lib/hex";
import { identityProblems, type WizardDraft } from "./wizardModel";

interface IdentityStepProps {
  draft: WizardDraft;
  onChange: (patch: Partial<WizardDraft>) => void;
  showErrors: boolean;
}

type AdvancedField = "salt" | "n" | "labelBits" | "powDifficulty" | "maxFileGib";

export function IdentityStep({ draft, onChange, showErrors }: IdentityStepProps) {
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const problems = identityProblems(draft);
  const advancedFields: AdvancedField[] = ["salt", "n", "labelBits", "powDifficulty", "maxFileGib"];
  const advancedHasProblem = advancedFields.some((field) => problems[field] !== null);
  // Open the advanced part when Next found a problem there, so the error is seen.
  const open = advancedOpen || (showErrors && advancedHasProblem);
  // The id is checked as it is typed; an empty id only once Next was pressed.
  const idError = draft.id.trim().length > 0 || showErrors ? problems.id : null;
  const isTestId = generated !== null && generated === draft.id;

  return (
    <>
      <p className="step-intro">
        The data belongs to one identity. Paste its id: 64 hexadecimal digits (0-9, a-f), as your node shows
        it.
      </p>
      <Field
        label="Identity id"
        help={
          isTestId
            ? "A random id for trying the app out. Data made with it is not tied to a real identity."
            : "Spaces and a leading 0x are ignored."
        }
        error={idError}
        testId="identity-id"
      >
        {(input) => (
          <div className="input-with-button">
            <input
              {...input}
              className="mono"
              type="text"
              value={draft.id}
              spellCheck={false}
              autoComplete="off"
              placeholder="64 hexadecimal digits"
              onChange={(event) => {
                onChange({ id: event.target.value });
              }}
              data-testid="identity-id-input"
            />
            <button
              type="button"
              onClick={() => {
                const id = randomHex64();
                setGenerated(id);
                onChange({ id });
              }}
              data-testid="identity-generate"
            >
              Generate a test id
            </button>
          </div>
        )}
      </Field>

      <details
        className="advanced"
        open={open}
        onToggle={(event) => {
          setAdvancedOpen(event.currentTarget.open);
        }}
        data-testid="identity-advanced"
      >
        <summary>Advanced: salt, N, label size, proof of work, file size</summary>
        <p className="muted">Leave these as they are unless your network asks for other values.</p>
        <Field
          label="Salt"
          help="64 hexadecimal digits. The default is the one the pos server used."
          error={showErrors || draft.salt.length > 0 ? problems.salt : null}
          testId="identity-salt"
        >
          {(input) => (
            <input
              {...input}
              className="mono"
              type="text"
              value={draft.salt}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => {
                onChange({ salt: event.target.value });
              }}
              data-testid="identity-salt-input"
            />
          )}
        </Field>
        <div className="field-row">
          <TextField
            label="N (scrypt cost)"
            help="A power of two; 512 by default."
            error={problems.n}
            testId="identity-n"
            inputTestId="identity-n-input"
            inputMode="numeric"
            value={draft.n}
            onChange={(value) => {
              onChange({ n: value });
            }}
          />
          <TextField
            label="Label size (bits)"
            help="8 by default."
            error={problems.labelBits}
            testId="identity-bits"
            inputTestId="identity-bits-input"
            inputMode="numeric"
            value={draft.labelBits}
            onChange={(value) => {
              onChange({ labelBits: value });
            }}
          />
          <TextField
            label="Largest file (GiB)"
            help="The data is split into files of at most this size."
            error={problems.maxFileGib}
            testId="identity-max-file"
            inputTestId="identity-max-file-input"
            inputMode="decimal"
            value={draft.maxFileGib}
            onChange={(value) => {
              onChange({ maxFileGib: value });
            }}
          />
        </div>
        <Field
          label="Proof-of-work difficulty"
          help="Leave empty for none. Otherwise 64 hexadecimal digits; the app then also searches a proof of work."
          error={problems.powDifficulty}
          testId="identity-difficulty"
        >
          {(input) => (
            <input
              {...input}
              className="mono"
              type="text"
              value={draft.powDifficulty}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => {
                onChange({ powDifficulty: event.target.value });
              }}
              data-testid="identity-difficulty-input"
            />
          )}
        </Field>
      </details>
    </>
  );
}
