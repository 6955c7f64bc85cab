import { useId, type ReactNode } from "react";

/** A checkbox with its label and a line of help under it, as the settings page lists them. */
export interface ToggleProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  help: ReactNode;
  testId: string;
}

export function Toggle({ checked, onChange, label, help, testId }: ToggleProps) {
  const helpId = useId();
  return (
    <div className="toggle">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          onChange={(event) => {
            onChange(event.target.checked);
          }}
          aria-describedby={helpId}
          data-testid={testId}
        />
        {label}
      </label>
      <p id={helpId} className="field-help">
        {help}
      </p>
    </div>
  );
}
