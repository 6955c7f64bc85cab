// What the setup wizard collects, how each value is checked, and the JobRequest it becomes.
// Pure functions: the components only show what these say.
import { JOB_DEFAULTS, type AppSettings, type FolderCheck, type JobRequest } from "../../bindings";
import { folderName, formatBytes, formatInputNumber, GIB, parseInputNumber } from "../../lib/format";
import { hex64Problem, normalizeHex } from "../../lib/hex";
import { t } from "../../text";

export type WizardStep = "folder" | "size" | "processor" | "identity" | "summary";

/** The steps in order; a title is read from the active text each time. */
export const WIZARD_STEPS: readonly { id: WizardStep; readonly title: string }[] = (
  ["folder", "size", "processor", "identity", "summary"] as const
).map((id) => ({
  id,
  get title() {
    return t(`setup.steps.${id}`);
  },
}));

// The engine's defaults and limits (crates/pos-engine/src/defaults.rs, generated into bindings).
/** The old pos server's salt, used when the settings name none. */
export const DEFAULT_SALT = JOB_DEFAULTS.salt;
export const DEFAULT_N = JOB_DEFAULTS.n;
export const DEFAULT_LABEL_BITS = JOB_DEFAULTS.label_bits;
export const DEFAULT_MAX_FILE_GIB = JOB_DEFAULTS.max_file_bytes / GIB;
export const MIN_N = JOB_DEFAULTS.min_n;
export const MAX_N = JOB_DEFAULTS.max_n;
export const MAX_LABEL_BITS = JOB_DEFAULTS.max_label_bits;

/** Size choices offered as buttons, in percent of the free space. */
export const SIZE_SHARES = [25, 50, 75, 90] as const;
/** The share of the free space the size step starts with (the person can change it). */
export const DEFAULT_SIZE_SHARE = 50;

/** Everything as typed: text until the request is built, so a half-typed value stays on screen. */
export interface WizardDraft {
  folder: string;
  sizeGib: string;
  /** null: the fastest measured processor, until the person chooses. */
  providerIds: string[] | null;
  id: string;
  salt: string;
  n: string;
  labelBits: string;
  powDifficulty: string;
  maxFileGib: string;
  /** null: the folder's name. */
  name: string | null;
}

export function initialDraft(settings: AppSettings): WizardDraft {
  const maxFileGib =
    settings.default_max_file_bytes > 0 ? settings.default_max_file_bytes / GIB : DEFAULT_MAX_FILE_GIB;
  return {
    folder: settings.default_folder ?? "",
    sizeGib: "",
    providerIds: null,
    id: "",
    salt: settings.default_salt.length > 0 ? settings.default_salt : DEFAULT_SALT,
    n: String(settings.default_n > 0 ? settings.default_n : DEFAULT_N),
    labelBits: String(settings.default_label_bits > 0 ? settings.default_label_bits : DEFAULT_LABEL_BITS),
    powDifficulty: "",
    maxFileGib: formatInputNumber(Math.round(maxFileGib * 100) / 100),
    name: null,
  };
}

/** A decimal number as typed: "12.5", or "12,5" where the locale writes a decimal comma; else null. */
export function parseDecimal(text: string): number | null {
  return parseInputNumber(text);
}

/** A whole number as typed, or null. */
export function parseWhole(text: string): number | null {
  const cleaned = text.trim();
  if (!/^\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isSafeInteger(value) ? value : null;
}

/** Bytes for a GiB amount as typed, rounded down to whole bytes; null when not a number. */
export function gibToBytes(text: string): number | null {
  const gib = parseDecimal(text);
  return gib === null ? null : Math.floor(gib * GIB);
}

/** How many labels of `bits` bits fit in `bytes`. */
export function labelsFor(bytes: number, bits: number): number {
  return Math.floor((bytes * 8) / bits);
}

/** What stops the folder from being used, as the engine's check found it (null: nothing). */
export function folderProblem(path: string, info: FolderCheck | null): string | null {
  if (path.trim().length === 0) return t("setup.problems.noFolder");
  if (!info) return null;
  if (!info.writable) {
    const reason = info.not_writable_reason?.trim();
    return reason !== undefined && reason.length > 0
      ? t("setup.problems.notWritableBecause", { reason: reason.replace(/[.!?]$/, "") })
      : t("setup.problems.notWritable");
  }
  return null;
}

/** "FAT32" for what Linux calls vfat, and so on; other names as the system gives them. */
export function fileSystemLabel(name: string): string {
  const base = name.toLowerCase().split(/[./]/).pop() ?? name;
  if (["vfat", "fat", "fat32", "fusefat", "msdos", "umsdos"].includes(base)) return "FAT32";
  if (base === "fat16" || base === "fat12") return base.toUpperCase();
  return name;
}

/** A file size limit as people know it: "4 GiB − 1 byte" rather than a rounded "4.0 GiB". */
export function formatFileLimit(bytes: number): string {
  const whole = bytes + 1;
  return whole % GIB === 0 ? t("setup.fileLimit", { gib: whole / GIB }) : formatBytes(bytes);
}

/** The largest file the job will write: what the person asked for, lowered to fit the file system. */
export function fittedMaxFileBytes(requested: number, info: FolderCheck | null): number {
  const limit = info?.max_file_bytes ?? null;
  return limit === null ? requested : Math.min(requested, limit);
}

/**
 * Why the files are smaller than asked ("files of at most 4 GiB − 1 byte because this drive is
 * FAT32"), or null when the file system takes files of the requested size.
 */
export function fileLimitNote(requested: number | null, info: FolderCheck | null): string | null {
  const limit = info?.max_file_bytes ?? null;
  if (limit === null || (requested !== null && requested <= limit)) return null;
  const fileSystem = info?.file_system;
  return fileSystem
    ? t("setup.fileLimitNote", { limit: formatFileLimit(limit), fileSystem: fileSystemLabel(fileSystem) })
    : t("setup.fileLimitNoteUnknown", { limit: formatFileLimit(limit) });
}

export function sizeProblem(text: string, info: FolderCheck | null, labelBits: number): string | null {
  const bytes = gibToBytes(text);
  if (text.trim().length === 0) return t("setup.problems.noSize");
  if (bytes === null) return t("setup.problems.sizeNotNumber", { example: formatInputNumber(12.5) });
  if (labelsFor(bytes, labelBits) < 1) return t("setup.problems.sizeTooSmall");
  if (info && bytes > info.free_bytes) {
    return t("setup.problems.sizeOverFree", { free: formatBytes(info.free_bytes) });
  }
  return null;
}

/** Space left on the disk below which the wizard warns: 5% of the disk, at least 2 GiB. */
export function lowSpaceThreshold(info: FolderCheck): number {
  return Math.max(2 * GIB, info.total_bytes * 0.05);
}

/** A warning (not an error) when the data would leave the disk almost full. */
export function sizeWarning(bytes: number, info: FolderCheck): string | null {
  const left = info.free_bytes - bytes;
  if (left < 0 || left >= lowSpaceThreshold(info)) return null;
  return t("setup.problems.lowSpace", { left: formatBytes(left) });
}

export interface IdentityProblems {
  id: string | null;
  salt: string | null;
  n: string | null;
  labelBits: string | null;
  powDifficulty: string | null;
  maxFileGib: string | null;
}

export function identityProblems(draft: WizardDraft): IdentityProblems {
  const n = parseWhole(draft.n);
  const bits = parseWhole(draft.labelBits);
  const maxFile = parseDecimal(draft.maxFileGib);
  return {
    id: hex64Problem(draft.id, "id"),
    salt: hex64Problem(draft.salt, "salt"),
    n: validN(n) ? null : t("common.problems.n", { min: MIN_N, max: MAX_N, example: DEFAULT_N }),
    labelBits:
      bits !== null && bits >= 1 && bits <= MAX_LABEL_BITS
        ? null
        : t("common.problems.labelBits", { max: MAX_LABEL_BITS, example: DEFAULT_LABEL_BITS }),
    powDifficulty:
      draft.powDifficulty.trim().length === 0 ? null : hex64Problem(draft.powDifficulty, "difficulty"),
    maxFileGib:
      maxFile !== null && maxFile * GIB >= JOB_DEFAULTS.min_max_file_bytes
        ? null
        : t("setup.problems.maxFile", {
            min: formatBytes(JOB_DEFAULTS.min_max_file_bytes),
            example: formatInputNumber(DEFAULT_MAX_FILE_GIB),
          }),
  };
}

export function hasProblems(problems: IdentityProblems): boolean {
  return Object.values(problems).some((problem) => problem !== null);
}

/** The job's name: what the person typed, else the folder's name. */
export function jobName(draft: WizardDraft): string {
  return (draft.name ?? folderName(draft.folder)).trim();
}

export function nameProblem(draft: WizardDraft): string | null {
  return jobName(draft).length === 0 ? t("setup.problems.noName") : null;
}

/** The label size as the job will use it, falling back to the default while it is invalid. */
export function effectiveLabelBits(draft: WizardDraft): number {
  const bits = parseWhole(draft.labelBits);
  return bits !== null && bits >= 1 && bits <= MAX_LABEL_BITS ? bits : DEFAULT_LABEL_BITS;
}

export function effectiveN(draft: WizardDraft): number {
  const n = parseWhole(draft.n);
  return validN(n) ? n : DEFAULT_N;
}

/** A power of two within the engine's limits. */
export function validN(n: number | null): n is number {
  return n !== null && n >= MIN_N && n <= MAX_N && (n & (n - 1)) === 0;
}

/**
 * The request for add_job. Call only when every step is valid. The file size is lowered to fit
 * the folder's file system, as the engine would, so that the summary shows what will happen.
 */
export function buildJobRequest(
  draft: WizardDraft,
  providerIds: string[],
  folder: FolderCheck | null,
): JobRequest {
  const bits = effectiveLabelBits(draft);
  const sizeBytes = gibToBytes(draft.sizeGib) ?? 0;
  const requestedMaxFile = gibToBytes(draft.maxFileGib);
  const maxFileBytes = requestedMaxFile === null ? null : fittedMaxFileBytes(requestedMaxFile, folder);
  const difficulty = draft.powDifficulty.trim();
  return {
    name: jobName(draft),
    dir: draft.folder.trim(),
    id: normalizeHex(draft.id),
    salt: normalizeHex(draft.salt),
    n: effectiveN(draft),
    label_bits: bits,
    total_labels: labelsFor(sizeBytes, bits),
    pow_difficulty: difficulty.length === 0 ? null : normalizeHex(difficulty),
    providers: { mode: "specific", ids: providerIds },
    max_file_bytes: maxFileBytes,
  };
}
