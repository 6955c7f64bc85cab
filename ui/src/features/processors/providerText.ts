import type { GpuLibraryStatus, ProviderKind } from "../../bindings";

export const KIND_LABELS: Record<ProviderKind, string> = {
  cpu: "Processor (CPU)",
  cuda: "Graphics card (CUDA)",
  vulkan: "Graphics card (Vulkan)",
  opencl: "Graphics card (built-in, OpenCL)",
  other: "Other device",
};

/** gpu-post's file name on each system, as its releases ship it. */
export const GPU_LIBRARY_FILES =
  "gpu-setup.dll (Windows), libgpu-setup.dylib (macOS) or libgpu-setup.so (Linux)";

/** What to do when no GPU can be used; null when the library loaded. */
export function gpuLibraryHint(status: GpuLibraryStatus): string | null {
  switch (status.status) {
    case "loaded":
      return null;
    case "disabled":
      return "GPU support is turned off, so only the processor (CPU) is used.";
    case "unavailable":
      return `To use graphics cards, put the gpu-post library (${GPU_LIBRARY_FILES}) in the app's folder, or set its path in Settings, then restart the app.`;
  }
}
