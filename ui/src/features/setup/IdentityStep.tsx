import { useState } from "react";

import { Field, TextField } from "../../components/Field";
import { randomHex64 } from "../../lib/hex";
import { t } from "../../text";
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
      <p className="step-intro">{t("setup.identity.intro")}</p>
      <Field
        label={t("setup.identity.id.label")}
        help={isTestId ? t("setup.identity.id.testHelp") : t("setup.identity.id.help")}
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
              placeholder={t("setup.identity.id.placeholder")}
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
              {t("setup.identity.generate")}
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
        <summary>{t("setup.identity.advanced")}</summary>
        <p className="muted">{t("setup.identity.advancedIntro")}</p>
        <Field
          label={t("setup.identity.salt.label")}
          help={t("setup.identity.salt.help")}
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
            label={t("setup.identity.n.label")}
            help={t("setup.identity.n.help")}
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
            label={t("setup.identity.labelBits.label")}
            help={t("setup.identity.labelBits.help")}
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
            label={t("setup.identity.maxFile.label")}
            help={t("setup.identity.maxFile.help")}
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
          label={t("setup.identity.difficulty.label")}
          help={t("setup.identity.difficulty.help")}
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
