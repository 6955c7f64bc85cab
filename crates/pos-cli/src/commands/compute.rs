//! `pos compute`: packed labels of a range, streamed in batches so that memory does not
//! grow with the count. Computing batch k+1 overlaps writing batch k.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

use pos_labels::{
    ComputeError, ComputeOptions, LabelParams, PositionRange, ScryptN, compute_labels,
};

use crate::cli::ComputeArgs;
use crate::failure::Failure;

/// Upper bound on one batch's packed bytes (two batches are in memory at once).
const MAX_BATCH_BYTES: u64 = 8 << 20;

pub fn run(args: ComputeArgs) -> Result<(), Failure> {
    let params = super::label_params(&args.identity, args.bits);
    let range = PositionRange::new(args.start, args.count).map_err(Failure::usage)?;
    let mut options = super::compute_options(&args.threads)?;
    let sink = Sink::open(args.out.as_deref())?;
    super::stop_on_ctrl_c();

    let bar = super::progress_bar(range.count(), "labels");
    let progress = |n: u64| bar.inc(n);
    options.progress = Some(&progress);
    let result = stream(&params, range, &options, sink);
    bar.finish_and_clear();
    result
}

/// Labels per batch: about a quarter second of work, a multiple of 16 labels (so every
/// batch is whole bytes) and at most `MAX_BATCH_BYTES` of output.
fn batch_labels(n: ScryptN, bits: u32) -> u64 {
    let by_work = (1u64 << 24) / n.get() as u64;
    let by_bytes = MAX_BATCH_BYTES * 8 / bits as u64;
    by_work.min(by_bytes).max(16) / 16 * 16
}

fn stream(
    params: &LabelParams,
    range: PositionRange,
    options: &ComputeOptions<'_>,
    sink: Sink,
) -> Result<(), Failure> {
    let per_batch = batch_labels(params.n, params.bits.get());
    let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(1);
    let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
    let writer = thread::spawn(move || -> io::Result<Sink> {
        let mut sink = sink;
        for buffer in full_rx {
            sink.write_all(&buffer)?;
            let _ = empty_tx.send(buffer);
        }
        Ok(sink)
    });

    let mut computed: Result<(), Failure> = Ok(());
    let mut offset = 0u64;
    while offset < range.count() {
        let count = per_batch.min(range.count() - offset);
        let batch = PositionRange::new(range.start() + offset, count).expect("inside the range");
        let mut buffer = empty_rx.try_recv().unwrap_or_default();
        buffer.resize(params.bits.packed_len(count).expect("batches are small"), 0);
        match compute_labels(params, batch, &mut buffer, options) {
            Ok(_) => {}
            Err(ComputeError::Stopped) => {
                computed = Err(Failure::interrupted("interrupted; no output file was kept"));
                break;
            }
            Err(e) => {
                computed = Err(Failure::failed(e));
                break;
            }
        }
        if full_tx.send(buffer).is_err() {
            break; // the writer failed; its error is reported below
        }
        offset += count;
    }
    drop(full_tx);

    match (
        writer.join().expect("the writer thread does not panic"),
        computed,
    ) {
        (Err(e), _) => Err(Failure::failed(format!("cannot write the labels: {e}"))),
        (Ok(sink), Ok(())) => sink.commit(),
        (Ok(sink), Err(failure)) => {
            sink.discard();
            Err(failure)
        }
    }
}

/// Where the labels go: stdout, or `FILE.partial` renamed to `FILE` once complete, so
/// an interrupted run never leaves a file that looks finished.
enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File {
        partial: PathBuf,
        target: PathBuf,
        file: BufWriter<File>,
    },
}

impl Sink {
    fn open(out: Option<&Path>) -> Result<Self, Failure> {
        let Some(target) = out else {
            return Ok(Self::Stdout(BufWriter::with_capacity(
                1 << 20,
                io::stdout(),
            )));
        };
        if target.is_dir() {
            return Err(Failure::usage(format!(
                "--out {} is a folder; give a file name",
                target.display()
            )));
        }
        let mut partial = target.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial)
            .map_err(|e| Failure::usage(format!("cannot write --out {}: {e}", target.display())))?;
        Ok(Self::File {
            partial,
            target: target.to_owned(),
            file: BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Self::Stdout(w) => w.write_all(bytes),
            Self::File { file, .. } => file.write_all(bytes),
        }
    }

    fn commit(self) -> Result<(), Failure> {
        match self {
            Self::Stdout(mut w) => w
                .flush()
                .map_err(|e| Failure::failed(format!("cannot write to stdout: {e}"))),
            Self::File {
                partial,
                target,
                file,
            } => {
                let done = file
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|f| f.sync_all())
                    .and_then(|()| fs::rename(&partial, &target));
                done.map_err(|e| {
                    let _ = fs::remove_file(&partial);
                    Failure::failed(format!("cannot write {}: {e}", target.display()))
                })
            }
        }
    }

    fn discard(self) {
        if let Self::File { partial, file, .. } = self {
            drop(file);
            let _ = fs::remove_file(partial);
        }
    }
}
