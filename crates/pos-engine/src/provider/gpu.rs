//! A GPU that gpu-post lists, as a provider.

use std::sync::Arc;
use std::time::{Duration, Instant};

use pos_labels::{BatchOutcome, Difficulty, LabelParams, PositionRange};

use super::{CancelToken, ComputeProvider, ProviderError, ProviderId, ProviderInfo, ProviderKind};
use crate::gpu_post::{ComputeApi, GpuPostError, GpuPostLibrary, GpuPostProvider};

/// How long a batch is tried again after another job's `stop()` cancelled it: gpu-post's
/// `stop()` cancels every provider of the process, not only the one being paused, and
/// keeps doing so for up to `STOP_WAIT` while older calls wind down.
const FOREIGN_STOP_RETRY_FOR: Duration = Duration::from_secs(10);
const FOREIGN_STOP_PAUSE: Duration = Duration::from_millis(20);

pub struct GpuProvider {
    library: Arc<GpuPostLibrary>,
    device: GpuPostProvider,
    info: ProviderInfo,
}

impl GpuProvider {
    pub fn new(library: Arc<GpuPostLibrary>, device: GpuPostProvider) -> Self {
        let kind = match device.api {
            ComputeApi::Cuda => ProviderKind::Cuda,
            ComputeApi::Vulkan => ProviderKind::Vulkan,
            ComputeApi::Cpu => ProviderKind::Cpu,
            ComputeApi::Other(_) => ProviderKind::Other,
        };
        let info = ProviderInfo {
            id: ProviderId::gpu_post(device.id),
            kind,
            model: device.model.clone(),
            detail: format!("gpu-post {}", library.path().display()),
        };
        Self {
            library,
            device,
            info,
        }
    }
}

impl GpuProvider {
    /// Why this device is out of the run (an error status, a failed initialisation, a
    /// call that never returned), if it is: every further batch on it fails at once,
    /// so a scheduler should give its work to another processor.
    pub fn unusable_reason(&self) -> Option<String> {
        self.library.disabled_reason(self.device.id)
    }
}

impl ComputeProvider for GpuProvider {
    fn info(&self) -> &ProviderInfo {
        &self.info
    }

    /// gpu-post's chunk for these parameters, so that qualification covers every warp
    /// (its large-N defect shows only in the later ones).
    fn labels_in_flight(&self, params: &LabelParams) -> u64 {
        match self.library.chunk_positions(self.device.id, params) {
            Ok(chunk) => chunk,
            Err(e) => {
                tracing::warn!("gpu-post chunk size of device {}: {e}", self.device.id);
                super::DEFAULT_LABELS_IN_FLIGHT
            }
        }
    }

    fn compute(
        &self,
        params: &LabelParams,
        range: PositionRange,
        mut out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
        cancel: &CancelToken,
    ) -> Result<BatchOutcome, ProviderError> {
        let library = self.library.clone();
        let _stop_on_cancel = cancel.on_cancel(move || {
            if let Err(e) = library.stop() {
                tracing::warn!("gpu-post stop failed: {e}");
            }
        });
        let mut foreign_stop_since: Option<Instant> = None;
        let started = Instant::now();
        loop {
            // The epoch first: a cancellation after it fires a stop that this batch's
            // calls see, even one that comes before they begin.
            let epoch = self.library.stop_epoch();
            if cancel.is_cancelled() {
                return Err(ProviderError::Cancelled);
            }
            match self.library.compute_since(
                epoch,
                self.device.id,
                params,
                range,
                out.as_deref_mut(),
                pow,
            ) {
                Ok(outcome) => {
                    if super::compute_mode() == super::ComputeMode::LeaveRoom {
                        rest(started.elapsed(), cancel);
                    }
                    return Ok(BatchOutcome {
                        pow_solution: outcome.pow_solution,
                    });
                }
                Err(GpuPostError::Cancelled) if cancel.is_cancelled() => {
                    return Err(ProviderError::Cancelled);
                }
                Err(GpuPostError::Cancelled)
                    if foreign_stop_since
                        .get_or_insert_with(Instant::now)
                        .elapsed()
                        < FOREIGN_STOP_RETRY_FOR =>
                {
                    std::thread::sleep(FOREIGN_STOP_PAUSE);
                }
                // A call given up on during a pause: the pause wins; the device is
                // already out of this run, which the next batch reports.
                Err(GpuPostError::IgnoredStop { .. }) if cancel.is_cancelled() => {
                    return Err(ProviderError::Cancelled);
                }
                Err(
                    e @ (GpuPostError::HashCount { .. }
                    | GpuPostError::SolutionOutOfRange { .. }
                    | GpuPostError::SolutionMissing
                    | GpuPostError::NotASolution { .. }
                    | GpuPostError::PowContradiction { .. }),
                ) => return Err(ProviderError::Compute(e.to_string())),
                Err(e) => return Err(ProviderError::Library(e.to_string())),
            }
        }
    }
}

/// Leave room on gpu-post: the GPU rests after each batch as long as the batch took,
/// so it computes about half of the time (batches are about a second). gpu-post's own
/// throttled mode (`SPACEMESH_API_THROTTLED_MODE`) is not used: on an H200 it ran 7.3x
/// slower (1.94 against 14.1 M labels/s) at the same GPU utilisation, far from half.
/// Cancelling ends the rest at once.
fn rest(took: Duration, cancel: &CancelToken) {
    let until = Instant::now() + took;
    while !cancel.is_cancelled() {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}
