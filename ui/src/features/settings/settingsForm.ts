// The settings page edits text; these convert between it and AppSettings and check it.
import { JOB_DEFAULTS, type AppSettings, type ComputeMode } from "../../bindings";
import { formatBytes, formatInputNumber, GIB } from "../../lib/format";
import { hex64Problem, normalizeHex } from "../../lib/hex";
import { t } from "../../text";
import {
  DEFAULT_LABEL_BITS,
  DEFAULT_MAX_FILE_GIB,
  DEFAULT_N,
  MAX_LABEL_BITS,
  MAX_N,
  MIN_N,
  parseDecimal,
  parseWhole,
  validN,
} from "../setup/wizardModel";

export interface SettingsForm {
  defaultFolder: string;
  gpuLibraryPath: string;
  defaultN: string;
  defaultLabelBits: string;
  defaultSalt: string;
  defaultMaxFileGib: string;
  notifications: boolean;
  closeToTray: boolean;
  startAtLogin: boolean;
  resumeOnStart: boolean;
  keepAwake: boolean;
  computeMode: ComputeMode;
  pauseOnBattery: boolean;
  pauseWhileInUse: boolean;
  inUseMinutes: string;
  hoursOnly: boolean;
  hoursFrom: string;
  hoursTo: string;
  serveApi: boolean;
  apiReachesWindowJobs: boolean;
}

export type SettingsFormProblems = Partial<
  Record<
    "defaultN" | "defaultLabelBits" | "defaultSalt" | "defaultMaxFileGib" | "inUseMinutes" | "hours",
    string
  >
>;

/** "HH:MM" (24 hours), as the backend takes it (pause_rules::minute_of_day). */
export function validTime(text: string): boolean {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  return match !== null && Number(match[1]) < 24 && Number(match[2]) < 60;
}

export function toForm(settings: AppSettings): SettingsForm {
  return {
    defaultFolder: settings.default_folder ?? "",
    gpuLibraryPath: settings.gpu_library_path ?? "",
    defaultN: String(settings.default_n),
    defaultLabelBits: String(settings.default_label_bits),
    defaultSalt: settings.default_salt,
    defaultMaxFileGib: formatInputNumber(Math.round((settings.default_max_file_bytes / GIB) * 100) / 100),
    notifications: settings.notifications,
    closeToTray: settings.close_to_tray,
    startAtLogin: settings.start_at_login,
    resumeOnStart: settings.resume_on_start,
    keepAwake: settings.keep_awake,
    computeMode: settings.compute_mode,
    pauseOnBattery: settings.pause_on_battery,
    pauseWhileInUse: settings.pause_while_in_use,
    inUseMinutes: String(settings.in_use_minutes),
    hoursOnly: settings.hours_only,
    hoursFrom: settings.hours_from,
    hoursTo: settings.hours_to,
    serveApi: settings.serve_api,
    apiReachesWindowJobs: settings.api_reaches_window_jobs,
  };
}

export function formProblems(form: SettingsForm): SettingsFormProblems {
  const problems: SettingsFormProblems = {};
  const n = parseWhole(form.defaultN);
  if (!validN(n)) {
    problems.defaultN = t("common.problems.n", { min: MIN_N, max: MAX_N, example: DEFAULT_N });
  }
  const bits = parseWhole(form.defaultLabelBits);
  if (bits === null || bits < 1 || bits > MAX_LABEL_BITS) {
    problems.defaultLabelBits = t("common.problems.labelBits", {
      max: MAX_LABEL_BITS,
      example: DEFAULT_LABEL_BITS,
    });
  }
  const salt = hex64Problem(form.defaultSalt, "salt");
  if (salt !== null) problems.defaultSalt = salt;
  const maxFile = parseDecimal(form.defaultMaxFileGib);
  // The backend refuses less than this (AppSettings::validate, from pos_engine::defaults).
  if (maxFile === null || maxFile * GIB < JOB_DEFAULTS.min_max_file_bytes)
    problems.defaultMaxFileGib = t("settings.problems.maxFile", {
      min: formatBytes(JOB_DEFAULTS.min_max_file_bytes),
      example: DEFAULT_MAX_FILE_GIB,
    });
  const minutes = parseWhole(form.inUseMinutes);
  if (minutes === null || minutes < 1 || minutes > 1440)
    problems.inUseMinutes = t("settings.problems.inUseMinutes");
  if (!validTime(form.hoursFrom) || !validTime(form.hoursTo)) problems.hours = t("settings.problems.hours");
  return problems;
}

/** The settings to save: the form's values over `base` (which keeps what the form does not edit). */
export function fromForm(form: SettingsForm, base: AppSettings): AppSettings {
  const optional = (text: string) => (text.trim().length === 0 ? null : text.trim());
  return {
    ...base,
    default_folder: optional(form.defaultFolder),
    gpu_library_path: optional(form.gpuLibraryPath),
    default_n: parseWhole(form.defaultN) ?? base.default_n,
    default_label_bits: parseWhole(form.defaultLabelBits) ?? base.default_label_bits,
    default_salt: normalizeHex(form.defaultSalt),
    default_max_file_bytes:
      Math.floor((parseDecimal(form.defaultMaxFileGib) ?? 0) * GIB) || base.default_max_file_bytes,
    notifications: form.notifications,
    close_to_tray: form.closeToTray,
    start_at_login: form.startAtLogin,
    resume_on_start: form.resumeOnStart,
    keep_awake: form.keepAwake,
    compute_mode: form.computeMode,
    pause_on_battery: form.pauseOnBattery,
    pause_while_in_use: form.pauseWhileInUse,
    in_use_minutes: parseWhole(form.inUseMinutes) ?? base.in_use_minutes,
    hours_only: form.hoursOnly,
    hours_from: form.hoursFrom.trim(),
    hours_to: form.hoursTo.trim(),
    serve_api: form.serveApi,
    api_reaches_window_jobs: form.apiReachesWindowJobs,
  };
}
