//! A short benchmark of one provider, for time estimates and the processor cards.

use std::time::{Duration, Instant};

use pos_labels::{LabelBits, LabelParams, PositionRange, ScryptN};
use serde::{Deserialize, Serialize};

use super::{CancelToken, ComputeProvider, ProviderError, ProviderId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BenchResult {
    pub provider: ProviderId,
    pub labels_per_sec: f64,
    pub labels: u64,
    pub seconds: f64,
    pub n: u32,
    pub bits: u32,
}

impl BenchResult {
    /// Output bytes per second (MiB/s).
    pub fn mib_per_sec(&self) -> f64 {
        self.labels_per_sec * self.bits as f64 / 8.0 / (1u64 << 20) as f64
    }
}

/// Computes labels of a random identity for about `duration` and reports the speed.
/// Batches start small and double until each takes a quarter of a second, so that
/// slow settings still end near the requested time. Stops early on `cancel`.
pub fn benchmark(
    provider: &dyn ComputeProvider,
    n: ScryptN,
    bits: LabelBits,
    duration: Duration,
    cancel: &CancelToken,
) -> Result<BenchResult, ProviderError> {
    let params = LabelParams {
        id: rand::random(),
        salt: rand::random(),
        n,
        bits,
    };
    let mut start = rand::random::<u64>() >> 24;
    let mut batch = 64u64;
    let mut labels = 0u64;
    let mut buffer = Vec::new();
    let begun = Instant::now();
    while begun.elapsed() < duration {
        buffer.resize(bits.packed_len(batch).expect("bench batches are small"), 0);
        let range = PositionRange::new(start, batch).expect("bench positions stay far from 2^64");
        let t = Instant::now();
        provider.compute(&params, range, Some(&mut buffer), None, cancel)?;
        labels += batch;
        start += batch;
        if t.elapsed() < Duration::from_millis(250) {
            batch *= 2;
        }
    }
    let seconds = begun.elapsed().as_secs_f64();
    Ok(BenchResult {
        provider: provider.info().id.clone(),
        labels_per_sec: labels as f64 / seconds,
        labels,
        seconds,
        n: n.get(),
        bits: bits.get(),
    })
}
