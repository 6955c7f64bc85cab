import { useId, type ReactNode } from "react";

/** What a field gives its input so the label, help and error are tied to it. */
export interface FieldInputProps {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": boolean;
}

interface FieldProps {
  label: string;
  help?: ReactNode | undefined;
  /** Shown under the input and read with it; null when the value is fine. */
  error?: string | null;
  /** Renders the input with the props it needs. */
  children: (input: FieldInputProps) => ReactNode;
  testId?: string | undefined;
}

/** A labelled input with help text and an inline error. */
export function Field({ label, help, error = null, children, testId }: FieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [help !== undefined ? helpId : null, error !== null ? errorId : null]
    .filter((part) => part !== null)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-describedby": describedBy.length > 0 ? describedBy : undefined,
        "aria-invalid": error !== null,
      })}
      {help !== undefined && (
        <p id={helpId} className="field-help">
          {help}
        </p>
      )}
      {error !== null && (
        <p id={errorId} className="field-error" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  help?: ReactNode;
  error?: string | null;
  /** The field's test id (its error gets `<testId>-error`). */
  testId?: string | undefined;
  /** The input's own test id. */
  inputTestId: string;
  value: string;
  onChange: (value: string) => void;
  inputMode?: "text" | "numeric" | "decimal";
  className?: string;
}

/** The common case of [`Field`]: a plain text input that edits a string. */
export function TextField({
  label,
  help,
  error = null,
  testId,
  inputTestId,
  value,
  onChange,
  inputMode = "text",
  className = "input-short",
}: TextFieldProps) {
  return (
    <Field label={label} help={help} error={error} testId={testId}>
      {(input) => (
        <input
          {...input}
          className={className}
          type="text"
          inputMode={inputMode}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
          data-testid={inputTestId}
        />
      )}
    </Field>
  );
}
