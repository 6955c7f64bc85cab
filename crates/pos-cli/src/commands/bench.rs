//! `pos bench`: labels per second on this CPU (or another processor with `--provider`),
//! for estimates and for docs/PERFORMANCE.md. It measures the engine's provider with the
//! engine's benchmark, so the figure is the one the app shows for the same settings.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use pos_engine::provider::{
    CancelToken, ComputeProvider, CpuProvider, DiscoverySettings, ProviderError, benchmark,
    discover,
};
use pos_labels::Backend;

use crate::cli::BenchArgs;
use crate::failure::Failure;

pub fn run(args: BenchArgs) -> Result<(), Failure> {
    if let Some(id) = args.provider.clone().filter(|id| id != "cpu") {
        return run_provider(args, &id);
    }
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

/// `--provider ID`: the engine's benchmark on a discovered GPU provider.
fn run_provider(args: BenchArgs, id: &str) -> Result<(), Failure> {
    let set = discover(&DiscoverySettings::default());
    let Some(provider) = set.providers.iter().find(|p| p.info().id.0 == id) else {
        let known: Vec<_> = set
            .providers
            .iter()
            .map(|p| p.info().id.0.clone())
            .collect();
        return Err(Failure::usage(format!(
            "no processor {id}; this machine has: {}",
            known.join(", ")
        )));
    };
    let provider: &dyn ComputeProvider = provider.as_ref();
    let cancel = CancelToken::new();
    let seconds = Duration::from_secs_f64(args.seconds);
    let result =
        benchmark(provider, args.n, args.bits, seconds, &cancel).map_err(Failure::failed)?;
    let info = provider.info();
    if args.json {
        let report = serde_json::json!({
            "labels_per_sec": result.labels_per_sec,
            "mib_per_sec": result.mib_per_sec(),
            "provider": info.id,
            "model": info.model,
            "n": result.n,
            "bits": result.bits,
            "labels": result.labels,
            "seconds": result.seconds,
        });
        println!("{report}");
    } else {
        println!(
            "{:.0} labels/s, {:.3} MiB/s (N = {}, {} bits, {} {}, {} labels in {:.1} s)",
            result.labels_per_sec,
            result.mib_per_sec(),
            result.n,
            result.bits,
            info.id,
            info.model,
            result.labels,
            result.seconds
        );
    }
    Ok(())
}
