//! The batch API: labels for a range of positions, on all cores, into a caller's buffer.
//!
//! The range is cut into chunks of a multiple of 16 labels, so every chunk starts on
//! a byte boundary of the packed stream whatever the label size, and threads take
//! chunks in increasing order from a shared counter. Results do not depend on the
//! thread count, the backend or how a caller splits a range into batches.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use thiserror::Error;

use crate::backend::Backend;
use crate::pack::pack_label;
use crate::params::{LabelParams, PositionRange};
use crate::pbkdf::LabelKey;
use crate::pow::Difficulty;

/// Callback for progress: the number of labels finished since its last call. Called
/// from worker threads after every group of lanes, so keep it cheap (an atomic add).
pub type ProgressFn<'a> = &'a (dyn Fn(u64) + Sync);

/// How to run a batch. `Default` uses every core and the best backend.
#[derive(Clone, Copy, Default)]
pub struct ComputeOptions<'a> {
    /// Worker threads; 0 means one per logical core.
    pub threads: usize,
    /// The ROMix implementation; `None` picks [`Backend::best_for`] N.
    pub backend: Option<Backend>,
    /// Raised by another thread to stop the batch; seen within a few milliseconds.
    pub stop: Option<&'a AtomicBool>,
    pub progress: Option<ProgressFn<'a>>,
    /// Also look for the lowest position in the range whose hash is below this.
    pub pow: Option<&'a Difficulty>,
    /// Scratch bytes all threads together may use; `None`: no limit beyond
    /// [`crate::MAX_SCRATCH_BYTES_PER_THREAD`]. Narrower lanes, then fewer threads,
    /// keep a batch within it (see [`Backend::fit`]).
    pub memory_budget: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchOutcome {
    /// The lowest PoW solution in the range, when PoW was asked for and one exists.
    pub pow_solution: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ComputeError {
    #[error("stopped before the batch was complete")]
    Stopped,
    #[error("output buffer is {got} bytes, but {count} labels of {bits} bits take {expected}")]
    OutputSize {
        expected: usize,
        got: usize,
        count: u64,
        bits: u32,
    },
    #[error(
        "the range of {0} labels is too large to hold in memory at once; compute it in batches"
    )]
    TooLarge(u64),
    #[error("the {0} backend is not supported by this CPU")]
    BackendUnavailable(Backend),
}

/// Computes the packed labels of `range` into `out`, which must be exactly
/// `ceil(count * bits / 8)` bytes (see [`crate::LabelBits::packed_len`]).
pub fn compute_labels(
    params: &LabelParams,
    range: PositionRange,
    out: &mut [u8],
    options: &ComputeOptions<'_>,
) -> Result<BatchOutcome, ComputeError> {
    let bits = params.bits.get();
    let expected = params
        .bits
        .packed_len(range.count())
        .ok_or(ComputeError::TooLarge(range.count()))?;
    if out.len() != expected {
        return Err(ComputeError::OutputSize {
            expected,
            got: out.len(),
            count: range.count(),
            bits,
        });
    }
    run(params, range, Some(out), options)
}

/// Finds the lowest position in `range` whose hash is below `difficulty`, writing no
/// labels. Work past the first solution found is skipped where it cannot find a lower one.
pub fn find_pow(
    params: &LabelParams,
    range: PositionRange,
    difficulty: &Difficulty,
    options: &ComputeOptions<'_>,
) -> Result<Option<u64>, ComputeError> {
    let options = ComputeOptions {
        pow: Some(difficulty),
        ..*options
    };
    run(params, range, None, &options).map(|o| o.pow_solution)
}

/// The full 32-byte hash of one label, computed on the portable path.
pub fn label_hash(params: &LabelParams, position: u64) -> [u8; 32] {
    let key = LabelKey::new(params, position);
    let mut block = key.romix_input();
    let mut scratch = vec![0u32; params.n.get() as usize * 32];
    Backend::Scalar
        .romix(&mut block, &mut scratch, params.n.get() as usize, None)
        .expect("no stop flag was given");
    key.label_hash(&block)
}

/// Chunks get at most this many labels, so that a stop or progress is never far away.
const MAX_CHUNK_LABELS: u64 = 1024;
/// Chunk sizes are multiples of this: the widest backend's lanes, and 8 labels of
/// any size are whole bytes.
const CHUNK_QUANTUM: u64 = 16;

fn run(
    params: &LabelParams,
    range: PositionRange,
    out: Option<&mut [u8]>,
    options: &ComputeOptions<'_>,
) -> Result<BatchOutcome, ComputeError> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    };
    let budget = options.memory_budget.unwrap_or(usize::MAX);
    let (backend, threads) = match options.backend {
        None => Backend::fit(params.n, threads, budget),
        Some(b) => (
            b,
            (budget / b.scratch_bytes(params.n).max(1)).clamp(1, threads),
        ),
    };
    if !backend.is_available() {
        return Err(ComputeError::BackendUnavailable(backend));
    }
    let count = range.count();
    // Several chunks per thread keep every core busy to the end of the range.
    let per_thread = count.div_ceil(threads as u64 * 8);
    let chunk_labels = per_thread
        .next_multiple_of(CHUNK_QUANTUM)
        .min(MAX_CHUNK_LABELS);
    let chunks = count.div_ceil(chunk_labels);
    let threads = threads.min(chunks as usize).max(1);

    let bits = params.bits.get();
    let chunk_bytes = (chunk_labels * bits as u64 / 8) as usize;
    let writes_labels = out.is_some();
    let slots: Mutex<Vec<Option<&mut [u8]>>> = Mutex::new(match out {
        Some(out) => {
            out.fill(0);
            out.chunks_mut(chunk_bytes).map(Some).collect()
        }
        None => Vec::new(),
    });

    let job = Job {
        params,
        backend,
        start: range.start(),
        count,
        chunk_labels,
        chunks,
        writes_labels,
        options,
        next_chunk: AtomicU64::new(0),
        lowest_solution: Mutex::new(None),
        stopped: AtomicBool::new(false),
        slots,
    };
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(|| job.work());
        }
        job.work();
    });

    if job.stopped.load(Ordering::Relaxed) {
        return Err(ComputeError::Stopped);
    }
    Ok(BatchOutcome {
        pow_solution: job.lowest_solution.into_inner().unwrap(),
    })
}

/// State the worker threads of one batch share.
struct Job<'a, 'o> {
    params: &'a LabelParams,
    backend: Backend,
    start: u64,
    count: u64,
    chunk_labels: u64,
    chunks: u64,
    writes_labels: bool,
    options: &'a ComputeOptions<'o>,
    next_chunk: AtomicU64,
    /// Solutions are rare, so a lock is cheap here.
    lowest_solution: Mutex<Option<u64>>,
    stopped: AtomicBool,
    slots: Mutex<Vec<Option<&'a mut [u8]>>>,
}

impl Job<'_, '_> {
    fn lowest_solution(&self) -> Option<u64> {
        *self.lowest_solution.lock().unwrap()
    }

    fn work(&self) {
        let n = self.params.n.get() as usize;
        let lanes = self.backend.lanes();
        let mut scratch = crate::scratch::Scratch::zeroed(n * 32 * lanes);
        let scratch = scratch.words();
        let mut blocks = vec![0u32; lanes * 32];
        let mut keys: Vec<LabelKey> = Vec::with_capacity(lanes);
        let pow = self.options.pow;
        let bits = self.params.bits.get();

        loop {
            let index = self.next_chunk.fetch_add(1, Ordering::Relaxed);
            if index >= self.chunks || self.stopped.load(Ordering::Relaxed) {
                break;
            }
            let offset = index * self.chunk_labels;
            let chunk_start = self.start + offset;
            let chunk_count = self.chunk_labels.min(self.count - offset);
            // With no labels to write, a chunk past a known solution cannot lower it.
            if !self.writes_labels && self.lowest_solution().is_some_and(|s| s < chunk_start) {
                continue;
            }
            let mut out = if self.writes_labels {
                self.slots.lock().unwrap()[index as usize].take()
            } else {
                None
            };

            let mut done = 0u64;
            while done < chunk_count {
                let group = (chunk_count - done).min(lanes as u64) as usize;
                let backend = if group == lanes {
                    self.backend
                } else {
                    narrowest_backend_for(group, self.backend)
                };
                let width = backend.lanes();
                keys.clear();
                for lane in 0..width {
                    // Lanes past the end of the range repeat the last label.
                    let position = chunk_start + done + lane.min(group - 1) as u64;
                    let key = LabelKey::new(self.params, position);
                    blocks[lane * 32..][..32].copy_from_slice(&key.romix_input());
                    keys.push(key);
                }
                if backend
                    .romix(&mut blocks[..width * 32], scratch, n, self.options.stop)
                    .is_err()
                {
                    self.stopped.store(true, Ordering::Relaxed);
                    break;
                }
                for (lane, key) in keys.iter().take(group).enumerate() {
                    let block: &[u32; 32] = blocks[lane * 32..][..32].try_into().unwrap();
                    let hash = key.label_hash(block);
                    let k = done + lane as u64;
                    if let Some(d) = pow
                        && d.is_solved_by(&hash)
                    {
                        let mut lowest = self.lowest_solution.lock().unwrap();
                        let position = chunk_start + k;
                        *lowest = Some(lowest.map_or(position, |l| l.min(position)));
                    }
                    if let Some(out) = out.as_deref_mut() {
                        pack_label(out, (k * bits as u64) as usize, &hash, bits);
                    }
                }
                done += group as u64;
                if let Some(progress) = self.options.progress {
                    progress(group as u64);
                }
            }
            if self.stopped.load(Ordering::Relaxed) {
                break;
            }
        }
    }
}

/// For a group of `labels` (fewer than the lanes of `widest` at the end of a chunk),
/// the narrowest available backend that still takes them all in one pass, so that a
/// tail of 3 labels does not cost a full 16-lane pass.
fn narrowest_backend_for(labels: usize, widest: Backend) -> Backend {
    Backend::available()
        .into_iter()
        .filter(|b| *b <= widest && b.lanes() >= labels)
        .min()
        .unwrap_or(widest)
}
