//! `pos job run --shard I/K`: the labels a shard computes, and what its run says when
//! it ends (the shard's files are done; the job may still wait for other shards).

use std::path::Path;

use indicatif::HumanCount;
use pos_engine::data_dir::{DataDir, DataDirStatus, Shard};
use pos_engine::{JobState, JobStatus};

use crate::commands::job::{data_dir_failure, shell_word};
use crate::failure::Failure;

/// `(durable labels, labels)` of the shard's files.
pub(super) fn shard_labels(status: &DataDirStatus, shard: Shard) -> (u64, u64) {
    status
        .files
        .iter()
        .filter(|f| shard.holds(f.index))
        .fold((0, 0), |(d, t), f| (d + f.durable_labels, t + f.labels))
}

pub(super) fn shard_outcome(job: JobStatus, dir: &Path, shard: Shard) -> Result<(), Failure> {
    for off in &job.processors_off {
        eprintln!("{} was taken off this shard: {}", off.processor, off.reason);
    }
    let folder = shell_word(dir);
    let again = format!("pos job run {folder} --shard {shard}");
    match job.state {
        JobState::Completed => {}
        JobState::Paused if job.labels_done >= job.total_labels => {}
        JobState::Paused if job.waiting_for.is_some() => {
            let why = job.waiting_for.as_deref().unwrap_or_default();
            return Err(Failure::failed(format!(
                "{why}; run `{again}` once it is back to continue from the last checkpoint"
            )));
        }
        JobState::Paused => {
            return Err(Failure::interrupted(format!(
                "paused at label {} of the shard's {}; run `{again}` again (on any computer that \
                 shares the folder) to continue",
                job.labels_done, job.total_labels
            )));
        }
        JobState::Failed { message, .. } => {
            return Err(Failure::failed(format!(
                "{message} (`{again}` continues from the last checkpoint)"
            )));
        }
        other => {
            return Err(Failure::failed(format!(
                "the shard stopped unexpectedly in state {other:?}; run `{again}` again to continue"
            )));
        }
    }
    let status = DataDir::read_status(dir).map_err(data_dir_failure)?;
    let own = status.files.iter().filter(|f| shard.holds(f.index)).count();
    let complete = status.files.iter().filter(|f| f.is_complete()).count();
    println!(
        "shard {shard} completed: {} labels in {own} file{} of {}",
        HumanCount(job.total_labels),
        if own == 1 { "" } else { "s" },
        status.path.display()
    );
    println!(
        "the job: {complete} of {} files complete",
        status.files.len()
    );
    if !status.is_complete() {
        println!("other shards are still to run or running; `pos job status {folder}` shows them");
    } else if let Some(position) = status.pow_solution {
        println!(
            "PoW solution: position {position}; check the data with `pos job verify {folder}`"
        );
    } else if status.layout.pow.is_some() {
        println!(
            "no PoW solution in the data: run `pos job run {folder}` once (without --shard) to \
             search past its end"
        );
    } else {
        println!("check the data with `pos job verify {folder}`");
    }
    Ok(())
}
