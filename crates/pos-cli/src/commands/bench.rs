//! `pos bench`: labels per second on this CPU, for estimates and for docs/PERFORMANCE.md.
//! It measures the engine's CPU provider with the engine's benchmark, so the figure is
//! the one the app shows for the same settings.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use pos_engine::provider::{CancelToken, CpuProvider, ProviderError, benchmark};
use pos_labels::Backend;

use crate::cli::BenchArgs;
use crate::failure::Failure;

pub fn run(args: BenchArgs) -> Result<(), Failure> {
    let asked = super::checked_backend(&args.threads)?;
    let threads = match args.threads.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    };
    let model = CpuProvider::model_name();
    let provider = CpuProvider::new(threads, asked, model.clone());
    let budget = provider.memory_budget();
    // What the provider will run: the lanes and threads whose scratch fits its budget.
    let (backend, threads) = match asked {
        Some(b) => (
            b,
            (budget / b.scratch_bytes(args.n).max(1)).clamp(1, threads),
        ),
        None => Backend::fit(args.n, threads, budget),
    };
    super::stop_on_ctrl_c();
    let cancel = CancelToken::new();
    let done = AtomicBool::new(false);
    let measured = std::thread::scope(|s| {
        s.spawn(|| {
            if super::wait_for_ctrl_c(&done) {
                cancel.cancel();
            }
        });
        let measured = benchmark(
            &provider,
            args.n,
            args.bits,
            Duration::from_secs_f64(args.seconds),
            &cancel,
        );
        done.store(true, Ordering::Relaxed);
        measured
    });
    let result = measured.map_err(|e| match e {
        ProviderError::Cancelled => Failure::interrupted("interrupted; nothing was measured"),
        other => Failure::failed(other),
    })?;
    let mib_per_sec = result.mib_per_sec();
    if args.json {
        let report = serde_json::json!({
            "labels_per_sec": result.labels_per_sec,
            "mib_per_sec": mib_per_sec,
            "threads": threads,
            "n": result.n,
            "bits": result.bits,
            "backend": backend.name(),
            "labels": result.labels,
            "seconds": result.seconds,
            "cpu": model,
            "memory_budget_bytes": budget,
        });
        println!("{report}");
    } else {
        println!(
            "{:.0} labels/s, {mib_per_sec:.3} MiB/s (N = {}, {} bits, {threads} threads, {backend}, {} labels in {:.1} s, {model}; scratch budget {})",
            result.labels_per_sec,
            result.n,
            result.bits,
            result.labels,
            result.seconds,
            pos_engine::data_dir::human_bytes(budget as u64)
        );
    }
    Ok(())
}
