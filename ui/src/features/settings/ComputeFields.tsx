import { TextField } from "../../components/Field";
import { Toggle } from "../../components/Toggle";
import type { SettingsForm, SettingsFormProblems } from "./settingsForm";

interface ComputeFieldsProps {
  form: SettingsForm;
  update: (patch: Partial<SettingsForm>) => void;
  problemOf: (field: keyof SettingsFormProblems) => string | null;
}

/**
 * "When to compute": full speed or leave room, and the rules that pause every job on their own
 * (on battery, while someone uses the computer, outside chosen hours) and let them go on again.
 */
export function ComputeFields({ form, update, problemOf }: ComputeFieldsProps) {
  return (
    <fieldset data-testid="settings-compute">
      <legend>When to compute</legend>
      <div className="radio-group" role="radiogroup" aria-label="How hard to compute">
        <label className="radio">
          <input
            type="radio"
            name="compute-mode"
            checked={form.computeMode === "full"}
            onChange={() => {
              update({ computeMode: "full" });
            }}
            data-testid="settings-compute-full"
          />
          Full speed
        </label>
        <label className="radio">
          <input
            type="radio"
            name="compute-mode"
            checked={form.computeMode === "leave_room"}
            onChange={() => {
              update({ computeMode: "leave_room" });
            }}
            data-testid="settings-compute-leave-room"
          />
          Leave room for me
        </label>
        <p className="field-help">
          Leaving room uses half the processor cores and runs graphics cards at about half speed, so the
          computer stays cool and quick to use; jobs take about twice as long.
        </p>
      </div>
      <Toggle
        checked={form.pauseOnBattery}
        onChange={(pauseOnBattery) => {
          update({ pauseOnBattery });
        }}
        label="Pause on battery"
        help="Jobs wait while a laptop runs on its battery and go on when it is plugged in."
        testId="settings-pause-on-battery"
      />
      <Toggle
        checked={form.pauseWhileInUse}
        onChange={(pauseWhileInUse) => {
          update({ pauseWhileInUse });
        }}
        label="Pause while I use the computer"
        help="Jobs wait while the keyboard or mouse is in use and go on once it has been left alone for the minutes below."
        testId="settings-pause-while-in-use"
      />
      {form.pauseWhileInUse && (
        <TextField
          label="Minutes without keyboard or mouse"
          help="How long the computer must be left alone before jobs go on."
          error={problemOf("inUseMinutes")}
          inputTestId="settings-in-use-minutes"
          inputMode="numeric"
          value={form.inUseMinutes}
          onChange={(inUseMinutes) => {
            update({ inUseMinutes });
          }}
        />
      )}
      <Toggle
        checked={form.hoursOnly}
        onChange={(hoursOnly) => {
          update({ hoursOnly });
        }}
        label="Compute only at certain hours"
        help="Outside these hours (this computer's clock) jobs wait. From 22:00 until 07:00 runs overnight."
        testId="settings-hours-only"
      />
      {form.hoursOnly && (
        <div className="field-row">
          <TextField
            label="From"
            help="Hours and minutes, such as 22:00."
            error={problemOf("hours")}
            inputTestId="settings-hours-from"
            value={form.hoursFrom}
            onChange={(hoursFrom) => {
              update({ hoursFrom });
            }}
          />
          <TextField
            label="Until"
            help="Such as 07:00."
            inputTestId="settings-hours-to"
            value={form.hoursTo}
            onChange={(hoursTo) => {
              update({ hoursTo });
            }}
          />
        </div>
      )}
    </fieldset>
  );
}
