// What the setup wizard collects, how each value is checked, and the JobRequest it becomes.
// Pure functions: the components only show what these say.
import type { AppSettings, FolderInfo, JobRequest } from "../../bindings";
import { folderName, formatBytes, GIB } from "../../lib/format";
import { hex64Problem, normalizeHex } from "../../lib/hex";

export type WizardStep = "folder" | "size" | "processor" | "identity" | "summary";

export const WIZARD_STEPS: readonly { id: WizardStep; title: string }[] = [
  { id: "folder", title: "Folder" },
  { id: "size", title: "Size" },
  { id: "processor", title: "Processor" },
  { id: "identity", title: "Identity" },
  { id: "summary", title: "Summary" },
];

/** The old pos server's salt, used when the settings name none. */
export const DEFAULT_SALT = "114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886";
export const DEFAULT_N = 512;
export const DEFAULT_LABEL_BITS = 8;
export const DEFAULT_MAX_FILE_GIB = 4;
export const MAX_N = 2 ** 20;
export const MAX_LABEL_BITS = 256;

/** Size choices offered as buttons, in percent of the free space. */
export const SIZE_SHARES = [25, 50, 75, 90] as const;

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
    maxFileGib: String(Math.round(maxFileGib * 100) / 100),
    name: null,
  };
}

/** A decimal number as typed ("12.5", "12,5"), or null. */
export function parseDecimal(text: string): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
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

export function folderProblem(path: string, info: FolderInfo | null): string | null {
  if (path.trim().length === 0) return "Choose a folder for the data, or type its full path.";
  if (!info) return null;
  if (info.error !== null) {
    // The backend's message may already say what to do; add it only when it does not.
    const message = /[.!?]$/.test(info.error.trim()) ? info.error.trim() : `${info.error.trim()}.`;
    return /choose/i.test(message) ? message : `${message} Choose another folder.`;
  }
  if (!info.writable) {
    return "The app cannot write to this folder. Choose another folder, or one on another disk, where you can save files.";
  }
  return null;
}

export function sizeProblem(text: string, info: FolderInfo | null, labelBits: number): string | null {
  const bytes = gibToBytes(text);
  if (text.trim().length === 0) return "Enter how much space to fill, in GiB, or use one of the buttons.";
  if (bytes === null) return "Enter the size as a number of GiB, such as 100 or 12.5.";
  if (labelsFor(bytes, labelBits) < 1) return "That is too small for even one label. Enter a larger size.";
  if (info && bytes > info.available_bytes) {
    return `That is more than the free space in this folder (${formatBytes(info.available_bytes)}). Enter a smaller size, or go back and choose a folder on another disk.`;
  }
  return null;
}

/** Space left on the disk below which the wizard warns: 5% of the disk, at least 2 GiB. */
export function lowSpaceThreshold(info: FolderInfo): number {
  return Math.max(2 * GIB, info.total_bytes * 0.05);
}

/** A warning (not an error) when the data would leave the disk almost full. */
export function sizeWarning(bytes: number, info: FolderInfo): string | null {
  const left = info.available_bytes - bytes;
  if (left < 0 || left >= lowSpaceThreshold(info)) return null;
  return `This leaves only ${formatBytes(left)} free on the disk. Other programs, and your system, may stop working well when a disk is full. A smaller size is safer.`;
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
    id: hex64Problem(draft.id, "The id"),
    salt: hex64Problem(draft.salt, "The salt"),
    n:
      n !== null && n >= 2 && n <= MAX_N && (n & (n - 1)) === 0
        ? null
        : `N must be a power of two from 2 to ${MAX_N}, such as 512.`,
    labelBits:
      bits !== null && bits >= 1 && bits <= MAX_LABEL_BITS
        ? null
        : `Label size must be a whole number of bits from 1 to ${MAX_LABEL_BITS}, such as 8.`,
    powDifficulty:
      draft.powDifficulty.trim().length === 0 ? null : hex64Problem(draft.powDifficulty, "The difficulty"),
    maxFileGib:
      maxFile !== null && maxFile > 0 ? null : "Enter the largest size of one data file in GiB, such as 4.",
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
  return jobName(draft).length === 0
    ? "Give the job a name, so you can tell it apart on the dashboard."
    : null;
}

/** The label size as the job will use it, falling back to the default while it is invalid. */
export function effectiveLabelBits(draft: WizardDraft): number {
  const bits = parseWhole(draft.labelBits);
  return bits !== null && bits >= 1 && bits <= MAX_LABEL_BITS ? bits : DEFAULT_LABEL_BITS;
}

export function effectiveN(draft: WizardDraft): number {
  const n = parseWhole(draft.n);
  return n !== null && n >= 2 && n <= MAX_N && (n & (n - 1)) === 0 ? n : DEFAULT_N;
}

/** The request for add_job. Call only when every step is valid. */
export function buildJobRequest(draft: WizardDraft, providerIds: string[]): JobRequest {
  const bits = effectiveLabelBits(draft);
  const sizeBytes = gibToBytes(draft.sizeGib) ?? 0;
  const maxFileBytes = gibToBytes(draft.maxFileGib);
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
