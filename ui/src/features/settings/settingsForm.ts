// The settings page edits text; these convert between it and AppSettings and check it.
import type { AppSettings } from "../../bindings";
import { GIB } from "../../lib/format";
import { hex64Problem, normalizeHex } from "../../lib/hex";
import { MAX_LABEL_BITS, MAX_N, parseDecimal, parseWhole } from "../setup/wizardModel";

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
  serveApi: boolean;
  apiReachesWindowJobs: boolean;
}

export type SettingsFormProblems = Partial<
  Record<"defaultN" | "defaultLabelBits" | "defaultSalt" | "defaultMaxFileGib", string>
>;

export function toForm(settings: AppSettings): SettingsForm {
  return {
    defaultFolder: settings.default_folder ?? "",
    gpuLibraryPath: settings.gpu_library_path ?? "",
    defaultN: String(settings.default_n),
    defaultLabelBits: String(settings.default_label_bits),
    defaultSalt: settings.default_salt,
    defaultMaxFileGib: String(Math.round((settings.default_max_file_bytes / GIB) * 100) / 100),
    notifications: settings.notifications,
    closeToTray: settings.close_to_tray,
    startAtLogin: settings.start_at_login,
    resumeOnStart: settings.resume_on_start,
    serveApi: settings.serve_api,
    apiReachesWindowJobs: settings.api_reaches_window_jobs,
  };
}

export function formProblems(form: SettingsForm): SettingsFormProblems {
  const problems: SettingsFormProblems = {};
  const n = parseWhole(form.defaultN);
  if (n === null || n < 2 || n > MAX_N || (n & (n - 1)) !== 0) {
    problems.defaultN = `N must be a power of two from 2 to ${MAX_N}, such as 512.`;
  }
  const bits = parseWhole(form.defaultLabelBits);
  if (bits === null || bits < 1 || bits > MAX_LABEL_BITS) {
    problems.defaultLabelBits = `Label size must be a whole number of bits from 1 to ${MAX_LABEL_BITS}, such as 8.`;
  }
  const salt = hex64Problem(form.defaultSalt, "The salt");
  if (salt !== null) problems.defaultSalt = salt;
  const maxFile = parseDecimal(form.defaultMaxFileGib);
  if (maxFile === null || maxFile <= 0)
    problems.defaultMaxFileGib = "Enter the largest file size in GiB, such as 4.";
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
    serve_api: form.serveApi,
    api_reaches_window_jobs: form.apiReachesWindowJobs,
  };
}
