// One typed function per backend command. Arguments are camelCase here (Tauri converts them);
// payload fields are snake_case, as the generated bindings spell them. Every function rejects
// with a `CommandFailure` ({code, message}). src-tauri's contract test (src-tauri/src/contract.rs)
// fails when a command is registered there but missing here, or the other way round.
import { invoke } from "@tauri-apps/api/core";

import type {
  AppSettings,
  BenchResult,
  DiskChoices,
  DoctorCheck,
  FolderCheck,
  JobRequest,
  JobStatus,
  ProvidersView,
  RepairReport,
  SystemInfo,
  UpdateCheck,
  UpdateStatus,
  VerifyReport,
} from "../bindings";
import { toCommandFailure } from "./errors";

/** Every command: its arguments and what it resolves to. The test backend is typed by it too. */
export interface CommandMap {
  system_info: { args: Record<string, never>; result: SystemInfo };
  list_providers: { args: Record<string, never>; result: ProvidersView };
  benchmark_provider: {
    args: { providerId: string; n: number; bits: number; seconds: number };
    result: BenchResult;
  };
  get_settings: { args: Record<string, never>; result: AppSettings };
  set_settings: { args: { settings: AppSettings }; result: AppSettings };
  folder_info: { args: { path: string; bytesNeeded: number }; result: FolderCheck };
  pick_folder: { args: Record<string, never>; result: string | null };
  list_disks: { args: Record<string, never>; result: DiskChoices };
  pick_gpu_library: { args: Record<string, never>; result: string | null };
  open_gpu_post_page: { args: Record<string, never>; result: null };
  restart_app: { args: Record<string, never>; result: null };
  add_job: { args: { request: JobRequest }; result: JobStatus };
  add_existing_folder: { args: { path: string }; result: JobStatus };
  relocate_job: { args: { id: number; path: string }; result: JobStatus };
  list_jobs: { args: Record<string, never>; result: JobStatus[] };
  pause_job: { args: { id: number }; result: JobStatus };
  pause_job_after_file: { args: { id: number }; result: JobStatus };
  resume_job: { args: { id: number }; result: JobStatus };
  abort_job: { args: { id: number }; result: JobStatus };
  delete_job: { args: { id: number; withData: boolean }; result: null };
  move_job: { args: { id: number; index: number }; result: null };
  verify_job: { args: { id: number; fraction: number }; result: VerifyReport };
  repair_job: { args: { id: number }; result: RepairReport };
  stop_repair: { args: { id: number }; result: null };
  pause_all: { args: Record<string, never>; result: null };
  resume_all: { args: Record<string, never>; result: null };
  open_job_folder: { args: { id: number }; result: null };
  open_logs: { args: Record<string, never>; result: null };
  diagnostics: { args: Record<string, never>; result: string };
  quit_app: { args: Record<string, never>; result: null };
  request_quit: { args: Record<string, never>; result: null };
  save_support_bundle: { args: { path: string | null }; result: string | null };
  run_doctor: { args: Record<string, never>; result: DoctorCheck[] };
  startup_notices: { args: Record<string, never>; result: string[] };
  update_status: { args: Record<string, never>; result: UpdateStatus };
  check_update: { args: Record<string, never>; result: UpdateCheck };
  install_update: { args: Record<string, never>; result: null };
}

export type CommandName = keyof CommandMap;

async function call<C extends CommandName>(
  command: C,
  args: CommandMap[C]["args"],
): Promise<CommandMap[C]["result"]> {
  try {
    return await invoke<CommandMap[C]["result"]>(command, args);
  } catch (reason) {
    throw toCommandFailure(command, reason);
  }
}

export const systemInfo = () => call("system_info", {});
export const listProviders = () => call("list_providers", {});
export const benchmarkProvider = (providerId: string, n: number, bits: number, seconds: number) =>
  call("benchmark_provider", { providerId, n, bits, seconds });
export const getSettings = () => call("get_settings", {});
export const setSettings = (settings: AppSettings) => call("set_settings", { settings });
/**
 * The engine's check of a folder (free space, writable, file system and its largest file), the
 * same one that creating the job enforces; `bytesNeeded` is 0 while the size is not chosen.
 */
export const folderInfo = (path: string, bytesNeeded = 0) => call("folder_info", { path, bytesNeeded });
/** The disks the folder step offers, each with a folder for the data, and the one to start with. */
export const listDisks = () => call("list_disks", {});
/** Opens a file picker for gpu-post's library file; resolves to null when the person cancels it. */
export const pickGpuLibrary = () => call("pick_gpu_library", {});
/** Opens gpu-post's releases page in the browser. */
export const openGpuPostPage = () => call("open_gpu_post_page", {});
/** Restarts the app (jobs stop at a checkpoint and go on after the start), to load a new GPU library. */
export const restartApp = () => call("restart_app", {});
/** Opens the system's folder picker; resolves to null when the person cancels it. */
export const pickFolder = () => call("pick_folder", {});
export const addJob = (request: JobRequest) => call("add_job", { request });
/**
 * Lists a data folder made earlier (by the app, `pos`, another computer) as a job, checked
 * against its own metadata; it goes on from its last checkpoint.
 */
export const addExistingFolder = (path: string) => call("add_existing_folder", { path });
/** Points a job whose folder is not found at where its data is now, checked, and resumes it. */
export const relocateJob = (id: number, path: string) => call("relocate_job", { id, path });
export const listJobs = () => call("list_jobs", {});
export const pauseJob = (id: number) => call("pause_job", { id });
/** Pauses once the files being written now are complete; no new file is started. */
export const pauseJobAfterFile = (id: number) => call("pause_job_after_file", { id });
export const resumeJob = (id: number) => call("resume_job", { id });
export const abortJob = (id: number) => call("abort_job", { id });
export const deleteJob = (id: number, withData: boolean) => call("delete_job", { id, withData });
/** Moves a job to `index` in the order `list_jobs` returns. */
export const moveJob = (id: number, index: number) => call("move_job", { id, index });
/** Recomputes a random `fraction` of the job's labels and compares them with the files. */
export const verifyJob = (id: number, fraction: number) => call("verify_job", { id, fraction });
/**
 * Recomputes every label of the job on the CPU and writes the damaged ones again; resolves when
 * done or stopped. Progress comes as `jobs://repair-progress`.
 */
export const repairJob = (id: number) => call("repair_job", { id });
/** Stops the job's repair between rounds; what it repaired so far stays. */
export const stopRepair = (id: number) => call("stop_repair", { id });
export const pauseAll = () => call("pause_all", {});
export const resumeAll = () => call("resume_all", {});
export const openJobFolder = (id: number) => call("open_job_folder", { id });
export const openLogs = () => call("open_logs", {});
/** Plain text about the app and this machine, for a bug report. */
export const diagnostics = () => call("diagnostics", {});
/** Quits: every job stops at a checkpoint and goes on at the next start. */
export const quitApp = () => call("quit_app", {});
/**
 * The window's Quit, the same request as the tray's: quits at once when no job runs, otherwise
 * the backend asks the window first (`onConfirmQuit`, answered by `quitApp`).
 */
export const requestQuit = () => call("request_quit", {});
/**
 * Saves one zip for a report (diagnostics, settings, recent logs; no ids or tokens) where the
 * person chooses in a save dialog; resolves to its path, or null when the dialog was cancelled.
 */
export const saveSupportBundle = () => call("save_support_bundle", { path: null });
export const runDoctor = () => call("run_doctor", {});
/** What went wrong while the app started (a damaged job list moved aside, ...), to show once. */
export const startupNotices = () => call("startup_notices", {});
/** Whether this build checks for updates, and where. */
export const updateStatus = () => call("update_status", {});
/** Asks the release for a newer version; says whether "Restart to update" may be offered. */
export const checkUpdate = () => call("check_update", {});
/** Downloads and installs the newer version, then restarts the app (refused while jobs run). */
export const installUpdate = () => call("install_update", {});
