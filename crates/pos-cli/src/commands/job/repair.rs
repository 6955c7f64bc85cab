//! `pos job repair`: reads every written label of a job, recomputes it on a processor (the
//! CPU unless `--provider` names another) and writes the damaged ones again, fsynced as a
//! job writes (pos-engine's `job::repair`). It opens the folder like a job does, taking its
//! lock, so a folder that a running job holds is refused.

use std::sync::atomic::Ordering;
use std::time::Duration;

use indicatif::HumanCount;
use pos_engine::data_dir::DataDir;
use pos_engine::job::{DamagedRange, RepairReport, repair};
use pos_engine::provider::{CancelToken, discover};

use crate::cli::JobRepairArgs;
use crate::commands::{INTERRUPTED, progress_bar, stop_on_ctrl_c};
use crate::failure::Failure;

/// Damaged ranges listed per file; more are counted.
const RANGES_LISTED: usize = 4;

pub fn run(args: JobRepairArgs) -> Result<(), Failure> {
    let dir = super::existing_folder(&args.dir)?;
    let data = DataDir::open(&dir).map_err(super::data_dir_failure)?;
    let found = discover(&args.gpu.discovery(args.threads));
    let provider = found
        .providers
        .iter()
        .find(|p| p.info().id.0 == args.provider)
        .ok_or_else(|| {
            let ids: Vec<String> = found
                .providers
                .iter()
                .map(|p| p.info().id.0.clone())
                .collect();
            Failure::usage(format!(
                "there is no processor {:?} here; `pos providers` lists them: {}",
                args.provider,
                ids.join(", ")
            ))
        })?;
    stop_on_ctrl_c();
    let cancel = CancelToken::new();
    let watcher = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            while !cancel.is_cancelled() {
                if INTERRUPTED.load(Ordering::Relaxed) {
                    cancel.cancel();
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let bar = progress_bar(0, "labels checked");
    let progress = |checked: u64, planned: u64| {
        bar.set_length(planned);
        bar.set_position(checked);
    };
    let result = repair(&data, provider.as_ref(), &progress, &cancel);
    bar.finish_and_clear();
    cancel.cancel();
    let _ = watcher.join();
    let report = result.map_err(|e| Failure::failed(format!("{e}; nothing else was changed")))?;
    outcome(&report)
}

fn outcome(report: &RepairReport) -> Result<(), Failure> {
    if report.labels_repaired > 0 {
        let noun = if report.labels_repaired == 1 {
            "label"
        } else {
            "labels"
        };
        println!(
            "repaired {} damaged {noun}:",
            HumanCount(report.labels_repaired)
        );
        for line in per_file(&report.repaired) {
            println!("  {line}");
        }
    }
    if report.stopped {
        return Err(Failure::interrupted(format!(
            "interrupted after checking {} of {} labels; what was repaired stays, and `pos job \
             repair` checks everything again",
            HumanCount(report.labels_checked),
            HumanCount(report.labels_planned)
        )));
    }
    if report.labels_repaired == 0 {
        println!(
            "checked {} labels: none is damaged",
            HumanCount(report.labels_checked)
        );
    } else {
        println!(
            "checked {} labels: the data is whole again",
            HumanCount(report.labels_checked)
        );
    }
    Ok(())
}

/// One line per file: how many labels were repaired there, and where.
fn per_file(ranges: &[DamagedRange]) -> Vec<String> {
    let mut lines = Vec::new();
    for file in ranges.chunk_by(|a, b| a.file_index == b.file_index) {
        let labels: u64 = file.iter().map(|r| r.labels).sum();
        let mut places: Vec<String> = file
            .iter()
            .take(RANGES_LISTED)
            .map(|r| match r.labels {
                1 => r.first_label_in_file.to_string(),
                n => format!(
                    "{} to {}",
                    r.first_label_in_file,
                    r.first_label_in_file + n - 1
                ),
            })
            .collect();
        if file.len() > RANGES_LISTED {
            places.push(format!("{} more places", file.len() - RANGES_LISTED));
        }
        let noun = if labels == 1 { "label" } else { "labels" };
        lines.push(format!(
            "{}: {} {noun} ({})",
            file[0].file_name,
            HumanCount(labels),
            places.join(", ")
        ));
    }
    lines
}
