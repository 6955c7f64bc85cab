import { TextField } from "../../components/Field";
import { Toggle } from "../../components/Toggle";
import { t } from "../../text";
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
      <legend>{t("settings.compute.legend")}</legend>
      <div className="radio-group" role="radiogroup" aria-label={t("settings.compute.modeGroup")}>
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
          {t("settings.compute.full")}
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
          {t("settings.compute.leaveRoom")}
        </label>
        <p className="field-help">{t("settings.compute.modeHelp")}</p>
      </div>
      <Toggle
        checked={form.pauseOnBattery}
        onChange={(pauseOnBattery) => {
          update({ pauseOnBattery });
        }}
        label={t("settings.compute.pauseOnBattery.label")}
        help={t("settings.compute.pauseOnBattery.help")}
        testId="settings-pause-on-battery"
      />
      <Toggle
        checked={form.pauseWhileInUse}
        onChange={(pauseWhileInUse) => {
          update({ pauseWhileInUse });
        }}
        label={t("settings.compute.pauseWhileInUse.label")}
        help={t("settings.compute.pauseWhileInUse.help")}
        testId="settings-pause-while-in-use"
      />
      {form.pauseWhileInUse && (
        <TextField
          label={t("settings.compute.inUseMinutes.label")}
          help={t("settings.compute.inUseMinutes.help")}
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
        label={t("settings.compute.hoursOnly.label")}
        help={t("settings.compute.hoursOnly.help")}
        testId="settings-hours-only"
      />
      {form.hoursOnly && (
        <div className="field-row">
          <TextField
            label={t("settings.compute.hoursFrom.label")}
            help={t("settings.compute.hoursFrom.help")}
            error={problemOf("hours")}
            inputTestId="settings-hours-from"
            value={form.hoursFrom}
            onChange={(hoursFrom) => {
              update({ hoursFrom });
            }}
          />
          <TextField
            label={t("settings.compute.hoursTo.label")}
            help={t("settings.compute.hoursTo.help")}
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
