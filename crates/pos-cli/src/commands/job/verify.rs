//! `pos job verify`: recomputes a sample of a job's labels on the CPU and compares them
//! with its files. It opens the folder like a job does (taking its lock), so it refuses
//! a folder that a running job holds instead of reading half-written data.

use indicatif::HumanCount;
use pos_engine::data_dir::{DataDir, VerifyReport};

use crate::cli::JobVerifyArgs;
use crate::commands::{INTERRUPTED, progress_bar, stop_on_ctrl_c};
use crate::failure::Failure;

pub fn run(args: JobVerifyArgs) -> Result<(), Failure> {
    let dir = super::existing_folder(&args.dir)?;
    let data = DataDir::open(&dir).map_err(super::data_dir_failure)?;
    stop_on_ctrl_c();
    let bar = progress_bar(0, "labels checked");
    let progress = |checked: u64, planned: u64| {
        bar.set_length(planned);
        bar.set_position(checked);
    };
    let report = data.verify(args.fraction, rand::random(), &progress, &INTERRUPTED);
    bar.finish_and_clear();
    let report = report.map_err(super::data_dir_failure)?;
    let (durable, total) = data.progress();
    outcome(&report, durable, total)
}

fn outcome(report: &VerifyReport, durable: u64, total: u64) -> Result<(), Failure> {
    if let Some(m) = &report.first_mismatch {
        return Err(Failure::failed(format!(
            "label {} of {} (position {}) is wrong{}: the data is damaged; delete the folder's \
             PoS files and create the job again",
            m.label_in_file,
            m.file_name,
            m.position,
            if report.mismatches > 1 {
                format!(
                    ", and {} more of the {} labels checked",
                    HumanCount(report.mismatches - 1),
                    HumanCount(report.labels_checked)
                )
            } else {
                String::new()
            }
        )));
    }
    if report.stopped {
        return Err(Failure::interrupted(format!(
            "interrupted after checking {} of {} labels, all correct so far",
            report.labels_checked, report.labels_planned
        )));
    }
    let incomplete = if durable < total {
        format!(
            " (the job is incomplete: {} of {} labels written so far)",
            HumanCount(durable),
            HumanCount(total)
        )
    } else {
        String::new()
    };
    println!(
        "verified {} labels: all correct{incomplete}",
        report.labels_checked
    );
    Ok(())
}
