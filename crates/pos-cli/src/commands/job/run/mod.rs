//! `pos job run`: computes a job's labels into its folder through the engine's job queue
//! (the scheduler, batches and checkpoints of the app), continuing from the folder's
//! last checkpoint. The job is whatever the folder's metadata describes, so a run needs
//! nothing but the folder.
//!
//! Ctrl-C (or SIGTERM, SIGHUP: a scheduler stopping the task) pauses the job: the
//! providers stop, the batch being written becomes the last checkpoint, and the command
//! exits 130 saying where it stopped. A kill or a crash loses at most the batches in
//! flight (the folder is cut back to its checkpoint when next opened).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use indicatif::{HumanCount, HumanDuration, ProgressBar, ProgressStyle};
use pos_engine::data_dir::{DataDir, DataDirStatus, Shard, human_bytes};
use pos_engine::provider::{GpuLibraryStatus, discover};
use pos_engine::{
    EngineError, EngineEvent, JobQueue, JobRequest, JobState, JobStatus, ProviderChoice,
    ProviderId, StateStore,
};
use tokio::sync::broadcast::{self, error::RecvError};

use crate::cli::JobRunArgs;
use crate::commands::{stop_on_ctrl_c, wait_for_ctrl_c};
use crate::failure::Failure;

mod shard;
use shard::{shard_labels, shard_outcome};

pub fn run(args: JobRunArgs) -> Result<(), Failure> {
    let dir = super::existing_folder(&args.dir)?;
    let status = DataDir::read_status(&dir).map_err(super::data_dir_failure)?;
    let request = request_for(&status, &args.providers);
    stop_on_ctrl_c();
    if args.leave_room {
        pos_engine::provider::set_compute_mode(pos_engine::provider::ComputeMode::LeaveRoom);
    }

    let found = discover(&args.gpu.discovery(args.threads));
    if let (Some(_), GpuLibraryStatus::Unavailable { reason }) = (&args.gpu.lib, &found.gpu_library)
    {
        eprintln!("pos: no GPU: {reason}");
    }
    let queue =
        JobQueue::start(found.providers, StateStore::Memory, false).map_err(Failure::failed)?;
    let bar = progress_bar(&status, args.shard);
    let display = {
        let events = queue.subscribe();
        let bar = bar.clone();
        thread::spawn(move || show_progress(events, &bar))
    };
    let settled = run_until_settled(&queue, request, args.shard);
    // Joins the providers' threads; the last queue handle then closes the event channel,
    // which ends the display.
    queue.shutdown();
    drop(queue);
    let _ = display.join();
    bar.finish_and_clear();
    let job = settled?;
    match args.shard {
        Some(shard) => shard_outcome(job, &dir, shard),
        None => outcome(job, &dir),
    }
}

/// The job that the folder's metadata describes, as the app would ask for it.
fn request_for(status: &DataDirStatus, providers: &[String]) -> JobRequest {
    let mut request = JobRequest::for_existing_folder(status, pos_engine::JobOrigin::Cli);
    if !providers.is_empty() {
        request.providers =
            ProviderChoice::Specific(providers.iter().cloned().map(ProviderId).collect());
    }
    request
}

/// Adds the job (which opens and locks the folder, cutting it back to its checkpoint)
/// and waits until it is complete, failed or paused by Ctrl-C.
///
/// Ctrl-C pauses the job rather than shutting the queue down: after `shutdown` the job
/// would stay queued and `wait_until_settled` would never return.
fn run_until_settled(
    queue: &JobQueue,
    request: JobRequest,
    shard: Option<Shard>,
) -> Result<JobStatus, Failure> {
    let added = match shard {
        Some(shard) => queue.add_shard(request, shard),
        None => queue.add(request),
    };
    let job = added.map_err(|e| add_failure(e, queue))?;
    let done = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            if wait_for_ctrl_c(&done) {
                // Fails only when the job has just completed or failed: nothing to stop.
                let _ = queue.pause(job.id);
            }
        });
        let settled = queue.wait_until_settled(job.id);
        done.store(true, Ordering::Relaxed);
        settled.map_err(Failure::failed)
    })
}

fn add_failure(e: EngineError, queue: &JobQueue) -> Failure {
    match e {
        EngineError::DataDir(e) => super::data_dir_failure(e),
        EngineError::NoProvider(why) => {
            let here: Vec<String> = queue.providers().iter().map(|p| p.id.0.clone()).collect();
            Failure::usage(format!(
                "no processor can run this job: {why}; this computer has {} (see `pos providers`)",
                here.join(", ")
            ))
        }
        EngineError::Request(e) => Failure::usage(e),
        other => Failure::failed(other),
    }
}

fn outcome(job: JobStatus, dir: &Path) -> Result<(), Failure> {
    for off in &job.processors_off {
        eprintln!("{} was taken off this job: {}", off.processor, off.reason);
    }
    let again = format!("pos job run {}", super::shell_word(dir));
    let pow_pending = job.pow_difficulty.is_some() && job.pow_solution.is_none();
    let complete = job.labels_done >= job.total_labels && !pow_pending;
    match job.state {
        JobState::Completed => {}
        // Ctrl-C just after the last checkpoint: the job is done all the same.
        JobState::Paused if complete => {}
        // Paused by the engine: its folder went away (a drive unplugged).
        JobState::Paused if job.waiting_for.is_some() => {
            let why = job.waiting_for.as_deref().unwrap_or_default();
            return Err(Failure::failed(format!(
                "{why}; run `{again}` once it is back to continue from the last checkpoint"
            )));
        }
        JobState::Paused if job.labels_done >= job.total_labels => {
            return Err(Failure::interrupted(format!(
                "paused while searching for a PoW solution past the end of the data; run \
                 `{again}` again to continue"
            )));
        }
        JobState::Paused => {
            return Err(Failure::interrupted(format!(
                "paused at label {} of {}; run `{again}` again to continue",
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
                "the job stopped unexpectedly in state {other:?}; run `{again}` again to continue"
            )));
        }
    }
    let status = DataDir::read_status(dir).map_err(super::data_dir_failure)?;
    println!(
        "completed: {} labels in {} ({}, {} file{})",
        job.total_labels,
        status.path.display(),
        human_bytes(status.total_bytes),
        status.files.len(),
        if status.files.len() == 1 { "" } else { "s" }
    );
    if let Some(position) = job.pow_solution {
        println!("PoW solution: position {position}");
    }
    Ok(())
}

/// Hidden when stderr is not a terminal (indicatif's default target).
fn progress_bar(status: &DataDirStatus, shard: Option<Shard>) -> ProgressBar {
    let (done, total) = match shard {
        Some(shard) => shard_labels(status, shard),
        None => (status.durable_labels, status.total_labels),
    };
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {percent:>3}% {human_pos}/{human_len} labels  {msg}",
        )
        .expect("the template is valid"),
    );
    bar.set_position(done);
    bar
}

/// Moves the bar with the queue's events until the queue is gone. The queue has only
/// this job, so every event is about it.
fn show_progress(mut events: broadcast::Receiver<EngineEvent>, bar: &ProgressBar) {
    let mut speed = String::new();
    let mut working = String::new();
    loop {
        match events.blocking_recv() {
            Ok(EngineEvent::Progress {
                labels_done,
                labels_per_sec,
                eta_secs,
                processor_speeds,
                ..
            }) => {
                bar.set_position(labels_done);
                speed = format!("{} labels/s", HumanCount(labels_per_sec.round() as u64));
                if processor_speeds.len() > 1 {
                    let each: Vec<String> = processor_speeds
                        .iter()
                        .map(|p| format!("{} {}", p.processor, HumanCount(p.labels_per_sec as u64)))
                        .collect();
                    speed += &format!(" ({})", each.join(", "));
                }
                if let Some(eta) = eta_secs {
                    speed += &format!(", ETA {}", HumanDuration(Duration::from_secs(eta)));
                }
            }
            Ok(EngineEvent::JobAdded { job } | EngineEvent::JobChanged { job }) => {
                bar.set_position(job.labels_done);
                working = if job.providers.is_empty() {
                    String::new()
                } else if job.labels_done >= job.total_labels {
                    "searching for a PoW solution past the end of the data".into()
                } else {
                    let ids: Vec<&str> = job.providers.iter().map(|p| p.0.as_str()).collect();
                    format!("on {}", ids.join(", "))
                };
            }
            Ok(_) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => break,
        }
        let parts: Vec<&str> = [speed.as_str(), working.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        bar.set_message(parts.join(", "));
    }
}
