import { useState, type SubmitEvent } from "react";

import type { AppSettings } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field, TextField } from "../../components/Field";
import { Toggle } from "../../components/Toggle";
import { normalizeHex } from "../../lib/hex";
import { useCommand } from "../../lib/useCommand";
import { pickFolder, pickGpuLibrary } from "../../platform/api";
import { t } from "../../text";
import { DEFAULT_SALT } from "../setup/wizardModel";
import { useSettings } from "./SettingsContext";
import { ComputeFields } from "./ComputeFields";
import { formProblems, fromForm, toForm, type SettingsForm } from "./settingsForm";
import { WithSettings } from "./WithSettings";

export function SettingsPage() {
  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">{t("settings.title")}</h1>
      </header>
      <WithSettings>{(settings) => <SettingsEditor settings={settings} />}</WithSettings>
    </section>
  );
}

function SettingsEditor({ settings }: { settings: AppSettings }) {
  const { save } = useSettings();
  const [form, setForm] = useState<SettingsForm>(() => toForm(settings));
  const [saved, setSaved] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const saving = useCommand();
  const picker = useCommand();
  const problems = formProblems(form);

  function update(patch: Partial<SettingsForm>) {
    setSaved(false);
    setForm((current) => ({ ...current, ...patch }));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(problems).length > 0) return;
    const stored = await saving.run("save", t("settings.saveFailed"), () => save(fromForm(form, settings)));
    if (stored) {
      setForm(toForm(stored));
      setSaved(true);
      setAttempted(false);
    }
  }

  async function chooseFolder() {
    const picked = await picker.run("pick", t("common.pickFolderFailed"), pickFolder);
    if (typeof picked === "string") update({ defaultFolder: picked });
  }

  async function chooseGpuLibrary() {
    const picked = await picker.run("pick", t("settings.gpu.libraryPath.pickFailed"), pickGpuLibrary);
    if (typeof picked === "string") update({ gpuLibraryPath: picked });
  }

  const problemOf = (field: keyof typeof problems) => (attempted ? (problems[field] ?? null) : null);

  return (
    <form
      className="settings-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      data-testid="settings-form"
    >
      <fieldset>
        <legend>{t("settings.newJobs.legend")}</legend>
        <Field
          label={t("settings.newJobs.defaultFolder.label")}
          help={t("settings.newJobs.defaultFolder.help")}
        >
          {(input) => (
            <div className="input-with-button">
              <input
                {...input}
                type="text"
                value={form.defaultFolder}
                spellCheck={false}
                onChange={(event) => {
                  update({ defaultFolder: event.target.value });
                }}
                data-testid="settings-default-folder"
              />
              <button type="button" onClick={() => void chooseFolder()} disabled={picker.busy !== null}>
                {t("common.chooseFolder")}
              </button>
            </div>
          )}
        </Field>
        {picker.problem && (
          <ErrorNotice
            title={picker.problem.title}
            error={picker.problem.error}
            hint={t("settings.newJobs.pickFailedHint")}
          />
        )}
        <div className="field-row">
          <TextField
            label={t("settings.newJobs.n.label")}
            help={t("settings.newJobs.n.help")}
            error={problemOf("defaultN")}
            inputTestId="settings-default-n"
            inputMode="numeric"
            value={form.defaultN}
            onChange={(value) => {
              update({ defaultN: value });
            }}
          />
          <TextField
            label={t("settings.newJobs.labelBits.label")}
            help={t("settings.newJobs.labelBits.help")}
            error={problemOf("defaultLabelBits")}
            inputTestId="settings-default-bits"
            inputMode="numeric"
            value={form.defaultLabelBits}
            onChange={(value) => {
              update({ defaultLabelBits: value });
            }}
          />
          <TextField
            label={t("settings.newJobs.maxFile.label")}
            help={t("settings.newJobs.maxFile.help")}
            error={problemOf("defaultMaxFileGib")}
            inputTestId="settings-default-max-file"
            inputMode="decimal"
            value={form.defaultMaxFileGib}
            onChange={(value) => {
              update({ defaultMaxFileGib: value });
            }}
          />
        </div>
        <Field
          label={t("settings.newJobs.salt.label")}
          help={t("settings.newJobs.salt.help")}
          error={problemOf("defaultSalt")}
        >
          {(input) => (
            <div className="input-with-button">
              <input
                {...input}
                className="mono"
                type="text"
                value={form.defaultSalt}
                spellCheck={false}
                onChange={(event) => {
                  update({ defaultSalt: event.target.value });
                }}
                data-testid="settings-default-salt"
              />
              <button
                type="button"
                disabled={normalizeHex(form.defaultSalt) === DEFAULT_SALT}
                onClick={() => {
                  update({ defaultSalt: DEFAULT_SALT });
                }}
                data-testid="settings-salt-reset"
              >
                {t("settings.newJobs.salt.reset")}
              </button>
            </div>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t("settings.gpu.legend")}</legend>
        <Field label={t("settings.gpu.libraryPath.label")} help={t("settings.gpu.libraryPath.help")}>
          {(input) => (
            <div className="input-with-button">
              <input
                {...input}
                type="text"
                value={form.gpuLibraryPath}
                spellCheck={false}
                onChange={(event) => {
                  update({ gpuLibraryPath: event.target.value });
                }}
                data-testid="settings-gpu-library-path"
              />
              <button
                type="button"
                onClick={() => void chooseGpuLibrary()}
                disabled={picker.busy !== null}
                data-testid="settings-gpu-library-pick"
              >
                {t("settings.gpu.libraryPath.choose")}
              </button>
            </div>
          )}
        </Field>
      </fieldset>

      <ComputeFields form={form} update={update} problemOf={problemOf} />

      <fieldset>
        <legend>{t("settings.app.legend")}</legend>
        <Toggle
          checked={form.notifications}
          onChange={(notifications) => {
            update({ notifications });
          }}
          label={t("settings.app.notifications.label")}
          help={t("settings.app.notifications.help")}
          testId="settings-notifications"
        />
        <Toggle
          checked={form.keepAwake}
          onChange={(keepAwake) => {
            update({ keepAwake });
          }}
          label={t("settings.app.keepAwake.label")}
          help={t("settings.app.keepAwake.help")}
          testId="settings-keep-awake"
        />
        <Toggle
          checked={form.closeToTray}
          onChange={(closeToTray) => {
            update({ closeToTray });
          }}
          label={t("settings.app.closeToTray.label")}
          help={t("settings.app.closeToTray.help")}
          testId="settings-close-to-tray"
        />
        <Toggle
          checked={form.startAtLogin}
          onChange={(startAtLogin) => {
            update({ startAtLogin });
          }}
          label={t("settings.app.startAtLogin.label")}
          help={t("settings.app.startAtLogin.help")}
          testId="settings-start-at-login"
        />
        <Toggle
          checked={form.resumeOnStart}
          onChange={(resumeOnStart) => {
            update({ resumeOnStart });
          }}
          label={t("settings.app.resumeOnStart.label")}
          help={t("settings.app.resumeOnStart.help")}
          testId="settings-resume-on-start"
        />
        <Toggle
          checked={form.serveApi}
          onChange={(serveApi) => {
            update({ serveApi });
          }}
          label={t("settings.app.serveApi.label")}
          help={t("settings.app.serveApi.help")}
          testId="settings-serve-api"
        />
        <Toggle
          checked={form.apiReachesWindowJobs}
          onChange={(apiReachesWindowJobs) => {
            update({ apiReachesWindowJobs });
          }}
          label={t("settings.app.apiReachesWindowJobs.label")}
          help={t("settings.app.apiReachesWindowJobs.help")}
          testId="settings-api-reaches-window-jobs"
        />
      </fieldset>

      {saving.problem && (
        <ErrorNotice
          title={saving.problem.title}
          error={saving.problem.error}
          hint={t("settings.saveFailedHint")}
          testId="settings-error"
        />
      )}
      {attempted && Object.keys(problems).length > 0 && (
        <p className="field-error" role="alert">
          {t("settings.problems.fixFirst")}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving.busy !== null} data-testid="settings-save">
          {saving.busy !== null ? t("common.saving") : t("settings.save")}
        </button>
        {saved && (
          <span className="saved" role="status" data-testid="settings-saved">
            {t("settings.saved")}
          </span>
        )}
      </div>
    </form>
  );
}
