// Example payloads for tests, shaped like the generated bindings.
import type {
  AppSettings,
  DiskChoice,
  DiskChoices,
  FolderCheck,
  JobActions,
  JobState,
  JobStatus,
  ProviderInfo,
  ProvidersView,
  SystemInfo,
  UpdateStatus,
} from "../../bindings";
import { JOB_DEFAULTS } from "../../bindings";

const GIB = 2 ** 30;

export const fixtures = {
  gib: GIB,

  settings(overrides: Partial<AppSettings> = {}): AppSettings {
    return {
      default_folder: null,
      gpu_library_path: null,
      default_n: 512,
      default_label_bits: 8,
      default_salt: JOB_DEFAULTS.salt,
      default_max_file_bytes: 4 * GIB,
      disabled_providers: [],
      notifications: true,
      close_to_tray: true,
      start_at_login: false,
      resume_on_start: true,
      keep_awake: true,
      compute_mode: "full",
      pause_on_battery: true,
      pause_while_in_use: false,
      in_use_minutes: 5,
      hours_only: false,
      hours_from: "22:00",
      hours_to: "07:00",
      serve_api: false,
      api_reaches_window_jobs: false,
      ...overrides,
    };
  },

  cpu(overrides: Partial<ProviderInfo> = {}): ProviderInfo {
    return { id: "cpu", kind: "cpu", model: "AMD EPYC 9R14", detail: "2 threads, AVX-512", ...overrides };
  },

  gpu(overrides: Partial<ProviderInfo> = {}): ProviderInfo {
    return { id: "cuda:0", kind: "cuda", model: "NVIDIA H100", detail: "80 GiB", ...overrides };
  },

  providersView(overrides: Partial<ProvidersView> = {}): ProvidersView {
    return {
      providers: [fixtures.cpu()],
      gpu_library: { status: "unavailable", reason: "libgpu-post.so was not found" },
      opencl: { status: "unavailable", reason: "no OpenCL library was found" },
      ...overrides,
    };
  },

  /** A home disk and a larger data disk, the data disk suggested. */
  diskChoices(): DiskChoices {
    const disk = (overrides: Partial<DiskChoice>): DiskChoice => ({
      name: "/dev/nvme0n1p2",
      mount_point: "/",
      folder: "/home/ana/PoS",
      free_bytes: 100 * GIB,
      total_bytes: 500 * GIB,
      file_system: "ext4",
      removable: false,
      holds_home: true,
      writable: true,
      ...overrides,
    });
    return {
      disks: [
        disk({
          name: "Data",
          mount_point: "/mnt/data",
          folder: "/mnt/data/PoS",
          free_bytes: 1800 * GIB,
          total_bytes: 2000 * GIB,
          holds_home: false,
        }),
        disk({}),
        disk({
          name: "USB stick",
          mount_point: "/media/ana/USB",
          folder: "/media/ana/USB/PoS",
          free_bytes: 20 * GIB,
          total_bytes: 64 * GIB,
          file_system: "vfat",
          removable: true,
          holds_home: false,
        }),
      ],
      suggested: "/mnt/data/PoS",
    };
  },

  /** The engine's FolderCheck of a writable ext4 folder with 100 GiB free. */
  folderInfo(overrides: Partial<FolderCheck> = {}): FolderCheck {
    const path = overrides.path ?? "/home/ana/pos";
    return {
      path,
      exists: true,
      checked_at: path,
      writable: true,
      not_writable_reason: null,
      free_bytes: 100 * GIB,
      total_bytes: 500 * GIB,
      bytes_needed: 0,
      file_system: "ext4",
      max_file_bytes: null,
      removable: false,
      network: false,
      ...overrides,
    };
  },

  /**
   * The actions the engine allows in a state (crates/pos-engine/src/job/state.rs), for fixtures
   * only: the UI itself never derives them.
   */
  actionsFor(state: JobState, hasLabels: boolean): JobActions {
    const active = state.state === "running" || state.state === "queued";
    const paused = state.state === "paused";
    const failed = state.state === "failed";
    return {
      pause: active,
      pause_after_file: state.state === "running",
      find_folder: false,
      resume: paused || failed,
      abort: active || paused || failed,
      delete: true,
      verify: !active && hasLabels,
      reorder: state.state === "queued" || paused,
    };
  },

  /** `job` in another state, with the actions the engine would send with it. */
  inState(job: JobStatus, state: JobState, overrides: Partial<JobStatus> = {}): JobStatus {
    const next = { ...job, state, ...overrides };
    return { ...next, actions: fixtures.actionsFor(state, next.labels_done > 0), ...overrides };
  },

  job(overrides: Partial<JobStatus> = {}): JobStatus {
    const state = overrides.state ?? { state: "running" };
    const labelsDone = overrides.labels_done ?? 0;
    return {
      id: 1,
      name: "pos",
      dir: "/home/ana/pos",
      state: { state: "running" },
      labels_done: 0,
      total_labels: 1_000_000,
      label_bits: 8,
      n: 512,
      labels_per_sec: 0,
      processor_speeds: [],
      last_check: null,
      eta_secs: null,
      providers: ["cpu"],
      processors_off: [],
      waiting_for: null,
      actions: fixtures.actionsFor(state, labelsDone > 0),
      pow_difficulty: null,
      pow_solution: null,
      created: 1_700_000_000,
      started: 1_700_000_000,
      finished: null,
      ...overrides,
    };
  },

  systemInfo(overrides: Partial<SystemInfo> = {}): SystemInfo {
    return {
      app_version: "0.1.0",
      os: "Linux",
      os_version: "Debian 12",
      cpu_model: "AMD EPYC 9R14",
      cpu_cores: 2,
      memory_bytes: 8 * GIB,
      disks: [{ name: "sda1", mount_point: "/", total_bytes: 500 * GIB, available_bytes: 100 * GIB }],
      ...overrides,
    };
  },

  /** A build without an update key, as `npm run build` makes. */
  updateStatus(overrides: Partial<UpdateStatus> = {}): UpdateStatus {
    return {
      enabled: false,
      message:
        "Automatic updates are off in this build: it carries no update signing key. To update, download the newest release and install it over this one; your jobs and settings stay.",
      current_version: "0.1.0",
      endpoint: null,
      ...overrides,
    };
  },
};
