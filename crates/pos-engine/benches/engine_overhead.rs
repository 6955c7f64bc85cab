//! The engine's own cost, with the labels taken out: a provider that "computes" a batch
//! by filling its buffer, so what is measured is the job queue, the batch pipeline and
//! the data folder's durable writes (write, fsync, metadata replaced atomically).
//!
//!     flock /tmp/cargo.lock cargo bench -p pos-engine --bench engine_overhead
//!
//! `POS_BENCH_MIB` sets the job's size (default 256 MiB of 8-bit labels), `POS_BENCH_DIR`
//! the folder for the temporary data (default: the system's temporary folder; its disk
//! is what is measured). Plain timing, no statistics crate: the figures go to
//! docs/PERFORMANCE.md with this command.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pos_engine::data_dir::{BatchRecord, DataDir, DataLayout};
use pos_engine::provider::{CancelToken, ProviderError};
use pos_engine::{
    ComputeProvider, JobQueue, JobRequest, JobState, ProviderChoice, ProviderId, ProviderInfo,
    ProviderKind, StateStore,
};
use pos_labels::{BatchOutcome, Difficulty, LabelBits, LabelParams, PositionRange, ScryptN};

const MIB: u64 = 1 << 20;

fn main() {
    let mib: u64 = std::env::var("POS_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let parent = std::env::var_os("POS_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    let root = tempfile::Builder::new()
        .prefix("pos-engine-bench-")
        .tempdir_in(&parent)
        .expect("a temporary folder");
    println!("engine overhead, data in {}", root.path().display());

    println!(
        "\ncheckpoint cost: DataDir::append_durable (write, fsync, metadata write + fsync + rename + folder fsync)"
    );
    let mut fixed = Duration::ZERO;
    for (labels, batches) in [(64u64, 300u32), (MIB, 64), (16 * MIB, 8)] {
        let times = append_times(
            &root.path().join(format!("append-{labels}")),
            labels,
            batches,
        );
        report_appends(labels, &times);
        if labels == 64 {
            fixed = times.iter().sum::<Duration>() / times.len() as u32;
        }
    }
    // The runner grows batches until one takes about a second to compute.
    println!(
        "  checkpoint overhead per batch (64 B appends): {:.2} ms on average, {:.3}% of a 1 s batch",
        fixed.as_secs_f64() * 1000.0,
        fixed.as_secs_f64() * 100.0
    );

    // Alternated, each after a `sync`, and every file kept until the end: deleting them
    // between rounds (the disk here is mounted with `discard`) put later writes on
    // freshly trimmed blocks and skewed the comparison threefold.
    println!(
        "\n{mib} MiB of 8-bit labels: written without the engine (write + fdatasync per 64 MiB,"
    );
    println!("one file), and through JobQueue with a provider that computes instantly");
    let rate = |d: Duration| mib as f64 / d.as_secs_f64();
    let (mut engine, mut raw) = (Vec::new(), Vec::new());
    for round in 1..=ROUNDS {
        settle_disk();
        let disk = raw_write(&root.path().join(format!("raw-{round}.bin")), mib * MIB);
        settle_disk();
        let job = queue_run(&root.path().join(format!("job-{round}")), mib * MIB);
        println!(
            "  round {round}: raw {:5.2} s = {:4.0} MiB/s; engine {:5.2} s = {:4.0} MiB/s in {} batches",
            disk.as_secs_f64(),
            rate(disk),
            job.wall.as_secs_f64(),
            rate(job.wall),
            job.batches,
        );
        engine.push(rate(job.wall));
        raw.push(rate(disk));
    }
    println!(
        "  median: raw {:.0} MiB/s, engine {:.0} MiB/s",
        median(&mut raw),
        median(&mut engine)
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

const ROUNDS: u32 = 5;

/// Lets the page cache write back what the previous step left, so that it does not
/// slow down the next one.
fn settle_disk() {
    #[cfg(unix)]
    let _ = std::process::Command::new("sync").status();
}

/// `batches` appends of `labels` 8-bit labels each to a fresh data folder, each timed.
fn append_times(dir: &Path, labels: u64, batches: u32) -> Vec<Duration> {
    let layout = DataLayout::new(params(), labels * batches as u64);
    let data = DataDir::create_or_open(dir, &layout).expect("a data folder");
    let bytes = vec![0xa5u8; labels as usize];
    let record = BatchRecord {
        pow_solution: None,
        compute_secs: 0.0,
    };
    (0..batches as u64)
        .map(|i| {
            let t = Instant::now();
            data.append_durable(0, i * labels, &bytes, labels, record)
                .expect("append_durable");
            t.elapsed()
        })
        .collect()
}

fn report_appends(labels: u64, times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let total: Duration = times.iter().sum();
    let mean = total / times.len() as u32;
    let size = if labels >= MIB {
        format!("{} MiB", labels / MIB)
    } else {
        format!("{labels} B")
    };
    let kib_per_sec = (labels * times.len() as u64) as f64 / 1024.0 / total.as_secs_f64();
    let rate = if kib_per_sec < 1024.0 {
        format!("{kib_per_sec:.0} KiB/s")
    } else {
        format!("{:.0} MiB/s", kib_per_sec / 1024.0)
    };
    println!(
        "  batches of {size:>6}: mean {:7.2} ms, median {:7.2} ms, p90 {:7.2} ms, max {:7.2} ms ({} appends, {rate})",
        ms(mean),
        ms(sorted[sorted.len() / 2]),
        ms(sorted[sorted.len() * 9 / 10]),
        ms(*sorted.last().unwrap()),
        times.len(),
    );
}

/// Writes `bytes` to a new plain file in 64 MiB chunks, each followed by an fdatasync
/// (as the engine syncs its data files).
fn raw_write(path: &Path, bytes: u64) -> Duration {
    let chunk = vec![0x5au8; (64 * MIB).min(bytes) as usize];
    let t = Instant::now();
    let mut file = File::create(path).expect("the raw file");
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        file.write_all(&chunk[..n]).expect("write");
        file.sync_data().expect("fsync");
        left -= n as u64;
    }
    t.elapsed()
}

struct QueueRun {
    wall: Duration,
    batches: u64,
}

/// A whole job of `bytes` 8-bit labels, from `add` until it settles.
fn queue_run(dir: &Path, bytes: u64) -> QueueRun {
    let provider = Arc::new(InstantProvider::default());
    let queue = JobQueue::start(vec![provider.clone()], StateStore::Memory, false)
        .expect("the queue starts");
    let params = params();
    let request = JobRequest {
        name: "bench".into(),
        dir: dir.to_owned(),
        id: hex::encode(params.id),
        salt: hex::encode(params.salt),
        n: params.n.get().into(),
        label_bits: 8,
        total_labels: bytes,
        pow_difficulty: None,
        providers: ProviderChoice::Automatic,
        max_file_bytes: None,
        file_name: None,
        origin: pos_engine::JobOrigin::Window,
    };
    let t = Instant::now();
    let job = queue.add(request).expect("the job is added");
    let settled = queue.wait_until_settled(job.id).expect("the job settles");
    let wall = t.elapsed();
    assert_eq!(settled.state, JobState::Completed, "{settled:?}");
    queue.shutdown();
    QueueRun {
        wall,
        batches: provider.batches.load(Ordering::Relaxed),
    }
}

fn params() -> LabelParams {
    LabelParams {
        id: [7; 32],
        salt: [9; 32],
        n: ScryptN::new(512).unwrap(),
        bits: LabelBits::new(8).unwrap(),
    }
}

/// Fills the buffer and returns: the cost of computing labels taken out. Not spot-checked
/// (its bytes are not labels).
struct InstantProvider {
    info: ProviderInfo,
    batches: AtomicU64,
}

impl Default for InstantProvider {
    fn default() -> Self {
        Self {
            info: ProviderInfo {
                id: ProviderId("instant".into()),
                kind: ProviderKind::Other,
                model: "instant".into(),
                detail: "fills the buffer".into(),
            },
            batches: AtomicU64::new(0),
        }
    }
}

impl ComputeProvider for InstantProvider {
    fn info(&self) -> &ProviderInfo {
        &self.info
    }

    fn compute(
        &self,
        _params: &LabelParams,
        _range: PositionRange,
        out: Option<&mut [u8]>,
        _pow: Option<&Difficulty>,
        _cancel: &CancelToken,
    ) -> Result<BatchOutcome, ProviderError> {
        self.batches.fetch_add(1, Ordering::Relaxed);
        if let Some(out) = out {
            out.fill(0xa5);
        }
        Ok(BatchOutcome::default())
    }

    fn needs_spot_check(&self) -> bool {
        false
    }
}
