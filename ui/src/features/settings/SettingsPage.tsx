import { useState, type SubmitEvent } from "react";

import type { AppSettings } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field, TextField } from "../../components/Field";
import { Toggle } from "../../components/Toggle";
import { normalizeHex } from "../../lib/hex";
import { useCommand } from "../../lib/useCommand";
import { pickFolder } from "../../platform/api";
import { DEFAULT_SALT } from "../setup/wizardModel";
import { useSettings } from "./SettingsContext";
import { ComputeFields } from "./ComputeFields";
import { formProblems, fromForm, toForm, type SettingsForm } from "./settingsForm";
import { WithSettings } from "./WithSettings";

export function SettingsPage() {
  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">Settings</h1>
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
    const stored = await saving.run("save", "Could not save the settings.", () =>
      save(fromForm(form, settings)),
    );
    if (stored) {
      setForm(toForm(stored));
      setSaved(true);
      setAttempted(false);
    }
  }

  async function chooseFolder() {
    const picked = await picker.run("pick", "Could not open the folder picker.", pickFolder);
    if (typeof picked === "string") update({ defaultFolder: picked });
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
        <legend>New jobs</legend>
        <Field
          label="Default folder"
          help="The wizard starts with this folder. Leave empty to choose each time."
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
                Choose folder…
              </button>
            </div>
          )}
        </Field>
        {picker.problem && (
          <ErrorNotice
            title={picker.problem.title}
            error={picker.problem.error}
            hint="Type the folder's path instead."
          />
        )}
        <div className="field-row">
          <TextField
            label="N (scrypt cost)"
            help="A power of two; 512 unless your network says otherwise."
            error={problemOf("defaultN")}
            inputTestId="settings-default-n"
            inputMode="numeric"
            value={form.defaultN}
            onChange={(value) => {
              update({ defaultN: value });
            }}
          />
          <TextField
            label="Label size (bits)"
            help="8 unless your network says otherwise."
            error={problemOf("defaultLabelBits")}
            inputTestId="settings-default-bits"
            inputMode="numeric"
            value={form.defaultLabelBits}
            onChange={(value) => {
              update({ defaultLabelBits: value });
            }}
          />
          <TextField
            label="Largest file (GiB)"
            help="Data is split into files of at most this size."
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
          label="Default salt"
          help="64 hexadecimal digits, used by every new job unless changed in its Advanced part."
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
                Use the pos server&apos;s salt
              </button>
            </div>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Graphics cards</legend>
        <Field
          label="GPU library path"
          help="The full path of the gpu-post library, or of the folder that holds it. Leave empty to look in the app's own folder and the system's library folders (never the current folder). Which processors new jobs may use is chosen on the Processors page."
        >
          {(input) => (
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
          )}
        </Field>
      </fieldset>

      <ComputeFields form={form} update={update} problemOf={problemOf} />

      <fieldset>
        <legend>The app</legend>
        <Toggle
          checked={form.notifications}
          onChange={(notifications) => {
            update({ notifications });
          }}
          label="Notifications"
          help="Tell me when a job finishes or fails."
          testId="settings-notifications"
        />
        <Toggle
          checked={form.keepAwake}
          onChange={(keepAwake) => {
            update({ keepAwake });
          }}
          label="Keep the computer awake while a job runs"
          help="It will not go to sleep on its own while data is being made; the screen may still turn off. Once no job runs, it may sleep again."
          testId="settings-keep-awake"
        />
        <Toggle
          checked={form.closeToTray}
          onChange={(closeToTray) => {
            update({ closeToTray });
          }}
          label="Keep running when the window is closed"
          help="Jobs continue in the background; open the app again from its icon in the tray or menu bar."
          testId="settings-close-to-tray"
        />
        <Toggle
          checked={form.startAtLogin}
          onChange={(startAtLogin) => {
            update({ startAtLogin });
          }}
          label="Start when I log in"
          help="Open the app in the background when you log in to this computer."
          testId="settings-start-at-login"
        />
        <Toggle
          checked={form.resumeOnStart}
          onChange={(resumeOnStart) => {
            update({ resumeOnStart });
          }}
          label="Continue jobs when the app starts"
          help="Jobs that were running when the app closed continue where they stopped."
          testId="settings-resume-on-start"
        />
        <Toggle
          checked={form.serveApi}
          onChange={(serveApi) => {
            update({ serveApi });
          }}
          label="Serve the pos server API"
          help="For node software that used the old gRPC pos server. Leave off unless you need it. API clients see and stop only the jobs they started, unless they send the token in pos-api.cookie in the app's data folder."
          testId="settings-serve-api"
        />
        <Toggle
          checked={form.apiReachesWindowJobs}
          onChange={(apiReachesWindowJobs) => {
            update({ apiReachesWindowJobs });
          }}
          label="Let API clients reach the window's jobs"
          help="Any program on this computer could then see, stop and delete the jobs you started here. Leave off unless you need it."
          testId="settings-api-reaches-window-jobs"
        />
      </fieldset>

      {saving.problem && (
        <ErrorNotice
          title={saving.problem.title}
          error={saving.problem.error}
          hint="Your changes are still on this page. Fix what the message says, then press Save again."
          testId="settings-error"
        />
      )}
      {attempted && Object.keys(problems).length > 0 && (
        <p className="field-error" role="alert">
          Some values need fixing before they can be saved; see the messages above.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving.busy !== null} data-testid="settings-save">
          {saving.busy !== null ? "Saving…" : "Save"}
        </button>
        {saved && (
          <span className="saved" role="status" data-testid="settings-saved">
            Settings saved.
          </span>
        )}
      </div>
    </form>
  );
}
