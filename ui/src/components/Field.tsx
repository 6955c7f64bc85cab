import { useId, type ReactNode } from "react";

/** What a field gives its input so the label, help and error are tied to it. */
export interface FieldInputProps {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": boolean;
}

interface FieldProps {
  label: string;
  help?: ReactNode;
  /** Shown under the input and read with it; null when the value is fine. */
  error?: string | null;
  /** Renders the input with the props it needs. */
  children: (input: FieldInputProps) => ReactNode;
  testId?: string;
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
