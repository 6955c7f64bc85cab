//! What the engine tells its listeners (the window, the CLI, the gRPC stream), on a
//! broadcast channel. Progress is throttled per job by the queue.

use serde::{Deserialize, Serialize};

use crate::job::{JobId, JobStatus, ProcessorSpeed};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EngineEvent {
    JobAdded {
        job: JobStatus,
    },
    /// State, providers or PoW result changed.
    JobChanged {
        job: JobStatus,
    },
    JobRemoved {
        id: JobId,
    },
    /// At most [`crate::queue::PROGRESS_EVENTS_PER_SEC`] a second per job.
    Progress {
        id: JobId,
        labels_done: u64,
        total_labels: u64,
        labels_per_sec: f64,
        eta_secs: Option<u64>,
        /// Each processor working on the job, with its own speed.
        processor_speeds: Vec<ProcessorSpeed>,
    },
    QueueReordered {
        order: Vec<JobId>,
    },
    /// The job list could not be saved: changes since the last save would be lost if
    /// the app stopped now. The message says why and what to do.
    JobListNotSaved {
        message: String,
    },
}
