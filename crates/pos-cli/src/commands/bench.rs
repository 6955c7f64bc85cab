//! `pos bench`: labels per second on this CPU, for estimates and for docs/PERFORMANCE.md.

use std::time::{Duration, Instant};

use pos_labels::{Backend, LabelParams, PositionRange, compute_labels};
use rand::RngExt;

use crate::cli::BenchArgs;
use crate::failure::Failure;

pub fn run(args: BenchArgs) -> Result<(), Failure> {
    let mut rng = rand::rng();
    let params = LabelParams {
        id: rng.random(),
        salt: rng.random(),
        n: args.n,
        bits: args.bits,
    };
    let options = super::compute_options(&args.threads)?;
    super::stop_on_ctrl_c();
    let threads = match args.threads.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    };
    let backend = args
        .threads
        .backend
        .unwrap_or_else(|| Backend::best_for(args.n));

    // Batches start small and grow to about a quarter of a second each, so that short
    // runs and slow settings still finish near the requested time.
    let budget = Duration::from_secs_f64(args.seconds);
    let mut batch = (threads * backend.lanes() * 2) as u64;
    let mut labels = 0u64;
    let mut start = rng.random_range(0..1u64 << 40);
    let mut buffer = Vec::new();
    let begun = Instant::now();
    while begun.elapsed() < budget {
        buffer.resize(
            params
                .bits
                .packed_len(batch)
                .expect("bench batches are small"),
            0,
        );
        let t = Instant::now();
        let range = PositionRange::new(start, batch).expect("bench positions stay far from 2^64");
        compute_labels(&params, range, &mut buffer, &options).map_err(Failure::interrupted)?;
        labels += batch;
        start += batch;
        if t.elapsed() < Duration::from_millis(250) {
            batch *= 2;
        }
    }
    let seconds = begun.elapsed().as_secs_f64();
    let labels_per_sec = labels as f64 / seconds;
    let mib_per_sec = labels_per_sec * params.bits.get() as f64 / 8.0 / (1 << 20) as f64;
    if args.json {
        let report = serde_json::json!({
            "labels_per_sec": labels_per_sec,
            "mib_per_sec": mib_per_sec,
            "threads": threads,
            "n": params.n.get(),
            "bits": params.bits.get(),
            "backend": backend.name(),
            "labels": labels,
            "seconds": seconds,
        });
        println!("{report}");
    } else {
        println!(
            "{labels_per_sec:.0} labels/s, {mib_per_sec:.3} MiB/s (N = {}, {} bits, {threads} threads, {backend}, {labels} labels in {seconds:.1} s)",
            params.n, params.bits
        );
    }
    Ok(())
}
