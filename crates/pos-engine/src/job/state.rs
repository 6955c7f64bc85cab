use std::fmt;

use serde::{Deserialize, Serialize};

use crate::provider::ProviderId;

/// A job's number, unique within one engine (the gRPC API's `uint64 id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobId(pub u64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why a job failed, for the UI to branch on (the message says it to a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FailureKind {
    /// No space left: free some and resume; everything up to the checkpoint is kept.
    DiskFull,
    /// Reading or writing the data folder failed.
    Io,
    /// A provider computed wrong labels or refused the work.
    Compute,
    /// The GPU library failed.
    Library,
    /// A defect in this program (a panic); the message says where.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum JobState {
    Queued,
    Running,
    Paused,
    Completed,
    Failed { kind: FailureKind, message: String },
    Cancelled,
}

impl JobState {
    /// Whether the scheduler may give the job to a provider.
    pub fn wants_providers(&self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }

    /// Whether nothing more will happen unless a person acts.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Failed { .. } | Self::Cancelled
        )
    }

    /// The engine's name for the state, as messages say it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Paused => "paused",
            Self::Completed => "completed",
            Self::Failed { .. } => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// What a person may do with a job in this state; `has_labels` says whether any
    /// label is durable yet (there is nothing to verify before). The queue refuses
    /// what this refuses, so the UI shows exactly these buttons.
    pub fn actions(&self, has_labels: bool) -> JobActions {
        let active = self.wants_providers();
        let paused = *self == Self::Paused;
        let failed = matches!(self, Self::Failed { .. });
        JobActions {
            pause: active,
            pause_after_file: *self == Self::Running,
            // Known only with the folder: set by the queue (JobQueue::relocate).
            find_folder: false,
            resume: paused || failed,
            abort: active || paused || failed,
            delete: true,
            verify: !active && has_labels,
            reorder: *self == Self::Queued || paused,
        }
    }
}

/// The actions a job allows in its state (see [`JobState::actions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobActions {
    pub pause: bool,
    /// Pause once the files being written now are complete (a running job).
    pub pause_after_file: bool,
    /// Point the job at its folder's new place (a paused or failed job whose folder is
    /// not where it was: moved, or on a drive with another letter now).
    pub find_folder: bool,
    /// Continue from the checkpoint (a paused or failed job).
    pub resume: bool,
    /// Stop for good; the data stays until the job is deleted.
    pub abort: bool,
    /// Remove from the list (stopping it first), with or without its data.
    pub delete: bool,
    /// Recompute a sample of the written labels and compare.
    pub verify: bool,
    /// Move within the queue.
    pub reorder: bool,
}

/// A processor taken off a job, and why, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProcessorOff {
    pub processor: ProviderId,
    pub reason: String,
}

/// The last check of a job's data: labels read back and recomputed on the CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobCheck {
    /// Unix seconds when it ended.
    pub at: u64,
    pub labels_checked: u64,
    /// Labels that differed (a repair wrote them again).
    pub mismatches: u64,
    /// Every durable label was read (a repair), not a sample (a verify).
    pub every_label: bool,
    /// The damaged labels were written again.
    pub repaired: bool,
}

/// How fast one processor computes labels of a job now, for a chart with a line each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProcessorSpeed {
    pub processor: ProviderId,
    /// Smoothed like [`JobStatus::labels_per_sec`]; the speeds of a job add up to it.
    pub labels_per_sec: f64,
}

/// A snapshot of one job, as events and listings carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobStatus {
    pub id: JobId,
    pub name: String,
    pub dir: std::path::PathBuf,
    pub state: JobState,
    /// Labels written and made durable.
    pub labels_done: u64,
    pub total_labels: u64,
    pub label_bits: u32,
    pub n: u32,
    /// Smoothed over the last several seconds; 0 when not running.
    pub labels_per_sec: f64,
    pub eta_secs: Option<u64>,
    /// Each processor working on the job now, with its own speed.
    pub processor_speeds: Vec<ProcessorSpeed>,
    pub providers: Vec<ProviderId>,
    /// Processors taken off this job (wrong labels, a library error), with the reason.
    pub processors_off: Vec<ProcessorOff>,
    /// Why a queued job is not running, when no processor may take it now.
    pub waiting_for: Option<String>,
    /// What a person may do with the job now.
    pub actions: JobActions,
    pub pow_difficulty: Option<String>,
    pub pow_solution: Option<u64>,
    /// The last verify or repair that read the labels to the end; `None`: never checked.
    pub last_check: Option<JobCheck>,
    /// Unix seconds.
    pub created: u64,
    pub started: Option<u64>,
    pub finished: Option<u64>,
}
