// Example payloads for tests, shaped like the generated bindings.
import type {
  AppSettings,
  FolderInfo,
  JobStatus,
  ProviderInfo,
  ProvidersView,
  SystemInfo,
  UpdateStatus,
} from "../../bindings";

const GIB = 2 ** 30;

export const fixtures = {
  gib: GIB,

  settings(overrides: Partial<AppSettings> = {}): AppSettings {
    return {
      default_folder: null,
      gpu_library_path: null,
      default_n: 512,
      default_label_bits: 8,
      default_salt: "114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886",
      default_max_file_bytes: 4 * GIB,
      disabled_providers: [],
      notifications: true,
      close_to_tray: true,
      start_at_login: false,
      resume_on_start: true,
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

  folderInfo(overrides: Partial<FolderInfo> = {}): FolderInfo {
    return {
      path: "/home/ana/pos",
      exists: true,
      writable: true,
      available_bytes: 100 * GIB,
      total_bytes: 500 * GIB,
      error: null,
      ...overrides,
    };
  },

  job(overrides: Partial<JobStatus> = {}): JobStatus {
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
      eta_secs: null,
      providers: ["cpu"],
      processors_off: [],
      waiting_for: null,
      actions: { pause: true, resume: false, abort: true, delete: true, verify: false, reorder: false },
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
