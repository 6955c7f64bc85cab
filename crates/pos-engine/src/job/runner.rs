//! Runs one file of a job on one provider, on the calling (blocking) thread.
//!
//! Batch k+1 is computed while a writer thread makes batch k durable (write, fsync,
//! then the checkpoint). Batch sizes adapt so that the fixed cost of each checkpoint
//! stays under 1% of compute time. A crash at any moment loses at most the batches in
//! flight: the data folder cuts files back to their checkpoints when reopened.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use pos_labels::{LabelParams, PositionRange};

use crate::data_dir::{BatchRecord, DataDir, DataDirError, label_matches};
use crate::provider::{CancelToken, ComputeProvider, ProviderError};

use super::FailureKind;

/// How a run ended when nothing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunEnd {
    Done,
    Cancelled,
}

/// Why a run failed, in the words the job shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RunFailure {
    pub kind: FailureKind,
    pub message: String,
}

impl From<DataDirError> for RunFailure {
    fn from(e: DataDirError) -> Self {
        let kind = match e {
            DataDirError::DiskFull { .. } | DataDirError::NotEnoughSpace { .. } => {
                FailureKind::DiskFull
            }
            _ => FailureKind::Io,
        };
        Self {
            kind,
            message: e.to_string(),
        }
    }
}

/// Labels of every GPU batch recomputed on the CPU before the batch is written, at
/// random places, besides its last: one label of L bits would match by chance with
/// probability 2^-L.
pub(crate) const SPOT_CHECKS_PER_BATCH: usize = 16;

/// The processor computed a wrong label at `position`: the failure, naming what is at
/// fault in words a person can act on.
pub(crate) fn wrong_labels(
    provider: &dyn ComputeProvider,
    params: &LabelParams,
    position: u64,
) -> RunFailure {
    let info = provider.info();
    let (n, bits) = (params.n.get(), params.bits.get());
    let message = if info.id.is_gpu_post() {
        format!(
            "gpu-post computes wrong labels at N = {n} on {} (label {position}, {bits}-bit labels, checked on the CPU)",
            info.model
        )
    } else {
        format!(
            "{} computes wrong labels at N = {n} (label {position}, {bits}-bit labels, checked on the CPU); its driver may be at fault: update it",
            info.model
        )
    };
    RunFailure {
        kind: FailureKind::Compute,
        message,
    }
}

/// The batch's labels to check: [`SPOT_CHECKS_PER_BATCH`] random ones and the last.
fn spot_check_sample(count: u64) -> Vec<u64> {
    let mut sample: Vec<u64> = (0..SPOT_CHECKS_PER_BATCH)
        .map(|_| rand::random_range(0..count))
        .collect();
    sample.push(count - 1);
    sample.sort_unstable();
    sample.dedup();
    sample
}

pub(crate) fn provider_failure(provider: &dyn ComputeProvider, e: ProviderError) -> RunFailure {
    let name = &provider.info().model;
    match e {
        ProviderError::Library(m) => RunFailure {
            kind: FailureKind::Library,
            message: format!("{name}: {m}"),
        },
        other => RunFailure {
            kind: FailureKind::Compute,
            message: format!("{name}: {other}"),
        },
    }
}

/// One file of one job on one provider.
pub(crate) struct FileRun<'a> {
    pub data: &'a DataDir,
    pub file_index: usize,
    pub provider: &'a dyn ComputeProvider,
    pub cancel: &'a CancelToken,
    /// Called with the number of labels that just became durable.
    pub on_durable: &'a (dyn Fn(u64) + Sync),
}

/// Labels in a batch are a multiple of this, so that every checkpoint but a file's
/// last is a whole byte for any label size (8 labels) and CPU lanes stay full (16).
const BATCH_QUANTUM: u64 = 64;
/// A batch grows until it takes at least this long to compute...
const TARGET_BATCH_TIME: Duration = Duration::from_secs(1);
/// ...and until the checkpoint's cost is under this share of the compute time.
const MAX_OVERHEAD_SHARE: f64 = 0.01;
/// Two batches are in memory at once.
const MAX_BATCH_BYTES: u64 = 64 << 20;

/// Chooses batch sizes from what the last batch cost.
struct BatchSizer {
    labels: u64,
    max_labels: u64,
}

impl BatchSizer {
    fn new(bits: u32) -> Self {
        let max_labels = (MAX_BATCH_BYTES * 8 / bits as u64) / BATCH_QUANTUM * BATCH_QUANTUM;
        Self {
            labels: BATCH_QUANTUM,
            max_labels: max_labels.max(BATCH_QUANTUM),
        }
    }

    fn adapt(&mut self, compute: Duration, overhead: Duration) {
        let short = compute < TARGET_BATCH_TIME;
        let costly = overhead.as_secs_f64() > MAX_OVERHEAD_SHARE * compute.as_secs_f64();
        if short || costly {
            self.labels = (self.labels * 2).min(self.max_labels);
        } else if compute > 4 * TARGET_BATCH_TIME && self.labels > BATCH_QUANTUM {
            self.labels /= 2;
        }
    }
}

/// A computed batch on its way to the writer thread.
struct Batch {
    first_in_file: u64,
    bytes: Vec<u8>,
    labels: u64,
    record: BatchRecord,
}

pub(crate) fn run_file(run: FileRun<'_>) -> Result<RunEnd, RunFailure> {
    let layout = run.data.layout();
    let params = &layout.params;
    let span = run.data.geometry().span(run.file_index);
    let bits = params.bits.get();
    // A shard locks the file and reads its checkpoint again first.
    run.data.claim_file(run.file_index)?;
    let mut done = run.data.durable_labels_in(run.file_index);
    if done >= span.labels {
        return Ok(RunEnd::Done);
    }
    run.data.add_provider_used(&run.provider.info().id.0)?;
    let spot_check = run.provider.needs_spot_check();

    std::thread::scope(|scope| {
        let (to_writer, batches) = mpsc::sync_channel::<Batch>(1);
        // The writer answers each batch with the time its checkpoint took, or the error.
        let (written_tx, written) = mpsc::channel::<Result<Duration, RunFailure>>();
        let writer = scope.spawn(move || {
            for b in batches {
                // Checked here, beside the GPU's next batch: a batch that fails is never
                // written, and the run ends.
                if spot_check {
                    let first = span.first_position + b.first_in_file;
                    let wrong = spot_check_sample(b.labels)
                        .into_iter()
                        .find(|&k| !label_matches(params, first + k, &b.bytes, k));
                    if let Some(k) = wrong {
                        let _ = written_tx.send(Err(wrong_labels(run.provider, params, first + k)));
                        break;
                    }
                }
                let t = Instant::now();
                let result = run.data.append_durable(
                    run.file_index,
                    b.first_in_file,
                    &b.bytes,
                    b.labels,
                    b.record,
                );
                let failed = result.is_err();
                if result.is_ok() {
                    (run.on_durable)(b.labels);
                }
                let _ = written_tx.send(result.map(|()| t.elapsed()).map_err(RunFailure::from));
                if failed {
                    break;
                }
            }
        });

        let mut sizer = BatchSizer::new(bits);
        let mut outcome = Ok(RunEnd::Done);
        let mut last_overhead = Duration::ZERO;
        while done < span.labels {
            // Collect what the writer finished; its failure ends the run.
            while let Ok(w) = written.try_recv() {
                match w {
                    Ok(overhead) => last_overhead = overhead,
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            if outcome.is_err() {
                break;
            }
            if run.cancel.is_cancelled() {
                outcome = Ok(RunEnd::Cancelled);
                break;
            }
            let count = sizer.labels.min(span.labels - done);
            let first = span.first_position + done;
            let range = PositionRange::new(first, count).expect("files lie inside u64 positions");
            let mut buffer = vec![0u8; params.bits.packed_len(count).expect("batches are bounded")];
            let t = Instant::now();
            // A batch after a solution already found cannot lower it: labels only.
            let pow =
                (layout.pow.as_ref()).filter(|_| run.data.pow_solution().is_none_or(|s| s > first));
            let computed = run
                .provider
                .compute(params, range, Some(&mut buffer), pow, run.cancel);
            let compute_time = t.elapsed();
            let batch = match computed {
                Ok(batch) => batch,
                Err(ProviderError::Cancelled) => {
                    outcome = Ok(RunEnd::Cancelled);
                    break;
                }
                Err(e) => {
                    outcome = Err(provider_failure(run.provider, e));
                    break;
                }
            };
            sizer.adapt(compute_time, last_overhead);
            let record = BatchRecord {
                pow_solution: batch.pow_solution,
                compute_secs: compute_time.as_secs_f64(),
            };
            let batch = Batch {
                first_in_file: done,
                bytes: buffer,
                labels: count,
                record,
            };
            if to_writer.send(batch).is_err() {
                break; // the writer stopped on an error, collected below
            }
            done += count;
        }
        drop(to_writer);
        writer.join().expect("the writer thread does not panic");
        for w in written.try_iter() {
            if let Err(e) = w
                && outcome.as_ref().is_ok_and(|end| *end == RunEnd::Done)
            {
                outcome = Err(e);
            }
        }
        outcome
    })
}

/// When a job's data holds no PoW solution, the search goes on past its end (computing
/// hashes, writing nothing) until one is found or the job is stopped.
pub(crate) fn search_pow_past_end(
    data: &DataDir,
    provider: &dyn ComputeProvider,
    cancel: &CancelToken,
) -> Result<RunEnd, RunFailure> {
    let layout = data.layout();
    let Some(difficulty) = layout.pow.as_ref() else {
        return Ok(RunEnd::Done);
    };
    let params: &LabelParams = &layout.params;
    // Resume where an earlier run of this search left off.
    let mut next = data
        .pow_searched_to()
        .map_or(layout.total_labels, |s| s.max(layout.total_labels));
    let mut window = BATCH_QUANTUM;
    loop {
        if cancel.is_cancelled() {
            return Ok(RunEnd::Cancelled);
        }
        let count = window.min(u64::MAX - next);
        if count == 0 {
            return Err(RunFailure {
                kind: FailureKind::Compute,
                message: "no PoW solution exists below position 2^64 - 1".into(),
            });
        }
        let range = PositionRange::new(next, count).expect("count fits");
        let t = Instant::now();
        match provider.compute(params, range, None, Some(difficulty), cancel) {
            Ok(batch) => {
                let record = BatchRecord {
                    pow_solution: batch.pow_solution,
                    compute_secs: t.elapsed().as_secs_f64(),
                };
                data.record_search(record, next + count)?;
                if batch.pow_solution.is_some() {
                    return Ok(RunEnd::Done);
                }
            }
            Err(ProviderError::Cancelled) => return Ok(RunEnd::Cancelled),
            Err(e) => return Err(provider_failure(provider, e)),
        }
        next += count;
        if t.elapsed() < TARGET_BATCH_TIME {
            window = window.saturating_mul(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn batches_grow_while_short_or_costly_and_shrink_when_long() {
        let mut sizer = BatchSizer::new(8);
        assert_eq!(sizer.labels, BATCH_QUANTUM);
        sizer.adapt(10 * MS, Duration::ZERO);
        assert_eq!(
            sizer.labels,
            2 * BATCH_QUANTUM,
            "shorter than a second: doubled"
        );
        // Long enough, but the checkpoint costs over 1% of it.
        sizer.adapt(2000 * MS, 30 * MS);
        assert_eq!(sizer.labels, 4 * BATCH_QUANTUM);
        // Long enough and cheap to checkpoint: kept.
        sizer.adapt(2000 * MS, 5 * MS);
        assert_eq!(sizer.labels, 4 * BATCH_QUANTUM);
        // Over four seconds: halved, never below the quantum.
        for _ in 0..10 {
            sizer.adapt(5000 * MS, Duration::ZERO);
        }
        assert_eq!(sizer.labels, BATCH_QUANTUM);
    }

    #[test]
    fn batches_stay_a_multiple_of_the_quantum_and_within_memory() {
        for bits in [1, 3, 8, 255, 256] {
            let mut sizer = BatchSizer::new(bits);
            for _ in 0..64 {
                sizer.adapt(MS, Duration::ZERO);
                assert_eq!(sizer.labels % BATCH_QUANTUM, 0);
            }
            let bytes = sizer.labels * u64::from(bits) / 8;
            assert!(bytes <= MAX_BATCH_BYTES, "{bits} bits: {bytes} bytes");
            assert!(bytes > MAX_BATCH_BYTES / 2, "{bits} bits: grows to the cap");
        }
    }

    #[test]
    fn the_spot_check_sample_covers_the_last_label_and_stays_in_the_batch() {
        for count in [1, 2, 17, 64, 1 << 20] {
            let sample = spot_check_sample(count);
            assert_eq!(sample.last(), Some(&(count - 1)));
            assert!(sample.iter().all(|&k| k < count));
            assert!(sample.len() >= (SPOT_CHECKS_PER_BATCH + 1).min(count as usize) / 2);
        }
        assert!(spot_check_sample(1 << 20).len() >= SPOT_CHECKS_PER_BATCH);
    }
}
