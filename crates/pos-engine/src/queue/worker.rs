//! The thread that runs one task of a job on one processor, and how its end is told to
//! the queue. A panic in a task fails the job with its message instead of leaving it
//! "running" forever; the app stays up.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::JobQueue;
use super::board::{Task, TaskOutcome};
use crate::data_dir::DataDir;
use crate::job::{
    FailureKind, FileRun, JobId, RunEnd, RunFailure, qualify, run_file, search_pow_past_end,
};
use crate::provider::{CancelToken, ComputeProvider};

pub(super) fn spawn(
    queue: JobQueue,
    provider: Arc<dyn ComputeProvider>,
    job: JobId,
    task: Task,
    data: Arc<DataDir>,
    cancel: CancelToken,
) -> JoinHandle<()> {
    let name = format!("job-{job}-{}", provider.info().id);
    std::thread::Builder::new()
        .name(name)
        .spawn(move || {
            let run = || run(&queue, provider.as_ref(), job, task, &data, &cancel);
            let outcome = catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "no message".into());
                tracing::error!(job = job.0, "a task panicked: {what}");
                TaskOutcome::JobFault {
                    kind: FailureKind::Internal,
                    message: format!(
                        "an internal error stopped the job ({what}); the data up to the last \
                         checkpoint is kept. Resume it to try again; if it happens again, send \
                         the logs"
                    ),
                }
            });
            drop(data);
            queue.task_ended(&provider.info().id, job, task, outcome);
        })
        .expect("the OS can start a thread")
}

fn run(
    queue: &JobQueue,
    provider: &dyn ComputeProvider,
    job: JobId,
    task: Task,
    data: &DataDir,
    cancel: &CancelToken,
) -> TaskOutcome {
    let result = match task {
        Task::Qualify(file) => qualify(data, file, provider, cancel),
        Task::File(file_index) => run_file(FileRun {
            data,
            file_index,
            provider,
            cancel,
            on_durable: &|_| queue.labels_durable(job, file_index, &provider.info().id),
        }),
        Task::PowSearch => search_pow_past_end(data, provider, cancel),
    };
    match result {
        Ok(RunEnd::Done) => TaskOutcome::Done,
        Ok(RunEnd::Cancelled) => TaskOutcome::Cancelled,
        Err(RunFailure {
            kind: FailureKind::Compute | FailureKind::Library,
            message,
        }) => TaskOutcome::ProcessorFault { reason: message },
        // A folder that is not there any more (its drive unplugged) is not a failure:
        // the job pauses and goes on when the drive is back.
        Err(RunFailure {
            kind: FailureKind::Io,
            message,
        }) if !data.path().exists() => TaskOutcome::FolderGone {
            message: format!(
                "the data folder {} is not there any more (was its drive unplugged?); the job \
                 goes on by itself when it is back ({message})",
                data.path().display()
            ),
        },
        Err(RunFailure { kind, message }) => TaskOutcome::JobFault { kind, message },
    }
}
