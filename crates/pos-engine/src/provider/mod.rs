//! Compute providers: the built-in CPU provider, GPUs through gpu-post and OpenCL
//! devices with our own kernel (pos-opencl). A provider
//! computes one batch at a time on the calling (blocking) thread; the queue gives each
//! provider at most one job at a time.

mod bench;
mod cancel;
mod cpu;
mod discovery;
mod gpu;
mod opencl;
mod pace;

use std::fmt;

use pos_labels::{BatchOutcome, Difficulty, LabelParams, PositionRange};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use bench::{BenchResult, benchmark};
pub use cancel::CancelToken;
pub use cpu::CpuProvider;
pub use discovery::{DiscoverySettings, GpuLibraryStatus, OpenClStatus, ProviderSet, discover};
pub use gpu::GpuProvider;
pub use opencl::OpenClProvider;
pub use pace::{ComputeMode, compute_mode, cpu_threads, set_compute_mode};

/// Names a provider across runs: `cpu`, `gpu-post:<the library's provider id>` or
/// `opencl:<n>` (devices by platform, then device index).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProviderId(pub String);

impl ProviderId {
    pub fn cpu() -> Self {
        Self("cpu".into())
    }

    /// `gpu-post:<device>`: a GPU that gpu-post lists.
    pub fn gpu_post(device: u32) -> Self {
        Self(format!("{GPU_POST_PREFIX}{device}"))
    }

    /// Whether this names a device of gpu-post (rather than the CPU or OpenCL).
    pub fn is_gpu_post(&self) -> bool {
        self.0.starts_with(GPU_POST_PREFIX)
    }
}

const GPU_POST_PREFIX: &str = "gpu-post:";

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProviderKind {
    Cpu,
    Cuda,
    Vulkan,
    /// A device running our own OpenCL kernel.
    #[serde(rename = "opencl")]
    OpenCl,
    Other,
}

/// What the UI and the CLI show about a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProviderInfo {
    pub id: ProviderId,
    pub kind: ProviderKind,
    /// The device's model, e.g. "NVIDIA H100" or the CPU's brand string.
    pub model: String,
    /// How it computes, e.g. "2 threads, avx512" or "gpu-post /path/libgpu-setup.so".
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProviderError {
    #[error("cancelled")]
    Cancelled,
    /// The device computed wrong labels or refused the work.
    #[error("{0}")]
    Compute(String),
    /// The GPU library failed (an error status, a crash guard, a missing function).
    #[error("{0}")]
    Library(String),
}

/// One device that computes labels.
pub trait ComputeProvider: Send + Sync {
    fn info(&self) -> &ProviderInfo;

    /// Computes the packed labels of `range` into `out` (or only PoW when `out` is
    /// `None`), returning the lowest PoW solution in the range when `pow` is given.
    /// Runs on the calling thread and returns `Cancelled` within a second of `cancel`.
    fn compute(
        &self,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
        cancel: &CancelToken,
    ) -> Result<BatchOutcome, ProviderError>;

    /// Whether batches from this provider are spot-checked on the CPU: a broken GPU
    /// driver is then caught after one batch, not after a week.
    fn needs_spot_check(&self) -> bool {
        self.info().kind != ProviderKind::Cpu
    }

    /// How many labels the provider computes at once for `params` (its lanes in
    /// flight, or its library's chunk). Qualification checks a batch of this many, so
    /// that a defect in any lane (gpu-post's scratch offset that wraps for the last
    /// warps at N >= 8192) shows.
    fn labels_in_flight(&self, params: &LabelParams) -> u64 {
        let _ = params;
        DEFAULT_LABELS_IN_FLIGHT
    }
}

/// [`ComputeProvider::labels_in_flight`] of a provider that does not say.
pub const DEFAULT_LABELS_IN_FLIGHT: u64 = 1 << 10;
