// The Processors page and the words for kinds of processor (ui/src/features/processors/).
// The processors' names and details come from the app and are not here.
export const processors = {
  title: "Processors",
  loading: "Looking for processors…",
  loadFailed: {
    title: "Could not list the processors of this computer.",
    hint: "Try again. If it keeps failing, restart the app.",
  },
  kind: {
    cpu: "Processor (CPU)",
    cuda: "Graphics card (CUDA)",
    vulkan: "Graphics card (Vulkan)",
    opencl: "Graphics card (built-in, OpenCL)",
    other: "Other device",
  },
  intro:
    "Speeds are measured with the default parameters from Settings (N = {n}, {bits}-bit labels). New jobs can only use processors that are turned on.",
  toggleFailed: "Could not save the change.",
  toggleFailedHint: "The processor keeps its old setting. Try again.",
  takenOff: "Taken off “{job}”: {reason}",
  measure: "Measure speed",
  measureAgain: "Measure again",
  useForNewJobs: "Use for new jobs",
  speed: {
    notMeasured: "Not measured yet",
    waiting: "Waiting to measure…",
    measuring: "Measuring speed…",
    failed: "Could not measure: {message}",
    /** Labels per second and bytes per second, both already formatted. */
    value: "{labels} · {bytes}",
  },
  /** The built-in GPU support, through OpenCL (OpenClNotice.tsx). */
  openCl: {
    found: {
      one: "Built-in GPU support: {count} graphics card found through OpenCL.",
      other: "Built-in GPU support: {count} graphics cards found through OpenCL.",
    },
    disabled: "Built-in GPU support is switched off.",
    none: "The built-in GPU support found no graphics card.",
    needsDriver:
      "It needs the graphics card's driver (NVIDIA, AMD, Intel or Apple), which brings OpenCL. Install or update the driver from the card maker's website, then restart the app.",
    whatWasFound: "What the app found",
  },
  /** gpu-post, the optional second way to use graphics cards (GpuLibraryNotice.tsx). */
  gpuPost: {
    loaded: {
      one: "gpu-post loaded: {count} graphics card found through CUDA or Vulkan.",
      other: "gpu-post loaded: {count} graphics cards found through CUDA or Vulkan.",
    },
    disabled:
      "gpu-post is turned off in Settings, so graphics cards are used only through the built-in support.",
    optionalTitle: "Optional: gpu-post, a second way to use NVIDIA and AMD cards.",
    optional:
      "Your graphics cards already work through the built-in support; nothing else is needed. gpu-post, a free library from Spacemesh, uses CUDA or Vulkan instead of OpenCL, which can be faster on some cards.",
    neededTitle: "gpu-post can use NVIDIA and AMD cards where the built-in support finds none.",
    needed:
      "gpu-post, a free library from Spacemesh, uses CUDA (NVIDIA) or Vulkan (NVIDIA, AMD) where the card's driver brings no OpenCL. Download the file for this system from its releases page, then choose it here.",
    whatWasTried: "What the app tried",
    get: "Get gpu-post (web page)",
    getFailed: "Could not open the browser.",
    choose: "Choose the library file…",
    chooseFailed: "Could not use the chosen file.",
    /** `path` is shown as a path. */
    loadsAtRestart:
      "The app loads {path} at its next start. Jobs stop at a checkpoint and go on after the restart.",
    restart: "Restart now",
    restartFailed: "Could not restart the app.",
  },
} as const;
