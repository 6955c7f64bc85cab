//! Qualifying a GPU for a job's N and label size before it writes anything: one batch
//! as large as the GPU computes at once, a sample of it checked on the CPU. gpu-post,
//! for one, is right for the first warps and wrong for the later ones at N >= 8192,
//! so a small batch or one label would not show it.

use pos_labels::{LabelParams, PositionRange};

use super::runner::{RunEnd, RunFailure, provider_failure, wrong_labels};
use crate::data_dir::{DataDir, label_matches};
use crate::provider::{CancelToken, ComputeProvider, ProviderError};

/// Labels of the qualification batch that are recomputed on the CPU, spread evenly
/// over it (the first and the last among them).
pub(crate) const QUALIFY_SAMPLE: u64 = 32;
/// The qualification batch's output stays below this many bytes.
const MAX_QUALIFY_BYTES: u64 = 64 << 20;

/// Computes a batch of the job's next labels in file `file` on `provider` and checks
/// a sample on the CPU. Nothing is written: the batch is thrown away.
pub(crate) fn qualify(
    data: &DataDir,
    file: usize,
    provider: &dyn ComputeProvider,
    cancel: &CancelToken,
) -> Result<RunEnd, RunFailure> {
    let params: &LabelParams = &data.layout().params;
    let span = data.geometry().span(file);
    let first = span.first_position + data.durable_labels_in(file);
    let bits = u64::from(params.bits.get());
    let count = provider
        .labels_in_flight(params)
        .clamp(QUALIFY_SAMPLE, MAX_QUALIFY_BYTES * 8 / bits)
        .min(u64::MAX - first);
    let range = PositionRange::new(first, count).expect("count fits below 2^64");
    let mut buffer = vec![0u8; params.bits.packed_len(count).expect("bounded above")];
    match provider.compute(params, range, Some(&mut buffer), None, cancel) {
        Ok(_) => {}
        Err(ProviderError::Cancelled) => return Ok(RunEnd::Cancelled),
        Err(e) => return Err(provider_failure(provider, e)),
    }
    for k in 0..QUALIFY_SAMPLE {
        let index = k * (count - 1) / (QUALIFY_SAMPLE - 1);
        if cancel.is_cancelled() {
            return Ok(RunEnd::Cancelled);
        }
        if !label_matches(params, first + index, &buffer, index) {
            return Err(wrong_labels(provider, params, first + index));
        }
    }
    tracing::info!(processor = %provider.info().id, n = params.n.get(),
        bits = params.bits.get(), labels = count, "qualified");
    Ok(RunEnd::Done)
}
