//! Jobs: what a person asked for (a validated request), where it stands, and the code
//! that runs one file of a job on one provider.

mod qualify;
mod repair;
mod request;
mod runner;
mod state;

pub(crate) use qualify::qualify;
pub use repair::{DamagedRange, RepairReport, repair};
pub use request::{
    DEFAULT_MAX_FILE_BYTES, JOB_ID_PLACEHOLDER, JobOrigin, JobRequest, JobSpec, ProviderChoice,
    RequestError, default_job_name,
};
pub(crate) use runner::{FileRun, RunEnd, RunFailure, run_file, search_pow_past_end};
pub use state::{
    FailureKind, JobActions, JobCheck, JobId, JobState, JobStatus, ProcessorOff, ProcessorSpeed,
};
