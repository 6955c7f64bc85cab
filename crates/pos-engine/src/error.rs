//! The engine's errors, and the few codes that callers branch on.
//!
//! Every caller (the window, `pos`, the gRPC API) shows the message as it is; the
//! [`ErrorCode`] is for the handful of decisions a caller makes from an error (offer to
//! free space, say the folder is in use, point at the Processors page, ...). A new code
//! only when some caller acts on it differently.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::data_dir::DataDirError;
use crate::job::{JobId, RequestError};
use crate::provider::ProviderError;

/// What kind of failure an error is, for the UI and the API to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// A value the person typed or a client sent is wrong; the message names it.
    InvalidInput,
    /// No job with that id (deleted meanwhile, or another window's).
    NoSuchJob,
    /// The job's state does not allow the action (see [`crate::JobActions`]).
    InvalidState,
    /// The data does not fit on the disk: free space or choose another folder.
    NotEnoughSpace,
    /// The disk filled up while writing; everything up to the checkpoint is kept.
    DiskFull,
    /// Another job or program has the data folder open.
    FolderInUse,
    /// The folder cannot be written to.
    NotWritable,
    /// The folder holds something else: other data, damaged metadata, files without
    /// metadata, or a newer version's data.
    FolderContents,
    /// No processor can run the job, or the one asked for is not there or switched off.
    ProcessorUnavailable,
    /// The job list could not be read or saved.
    JobList,
    /// Reading or writing failed in a way none of the above says.
    Io,
    /// The work was cancelled before it finished.
    Cancelled,
    /// A processor computed wrong labels or its library failed.
    Compute,
    /// Something that should not happen; the message says what.
    Internal,
}

#[derive(Debug, Error)]
pub enum EngineError {
    #[error("there is no job {0}")]
    NoSuchJob(JobId),
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error(transparent)]
    DataDir(#[from] DataDirError),
    #[error("job {id} is {state}; {what}")]
    InvalidState {
        id: JobId,
        state: &'static str,
        what: &'static str,
    },
    #[error("{0}")]
    JobList(String),
    #[error("no processor can run this job: {0}")]
    NoProvider(String),
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

impl EngineError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NoSuchJob(_) => ErrorCode::NoSuchJob,
            Self::Request(_) => ErrorCode::InvalidInput,
            Self::DataDir(e) => e.error_code(),
            Self::InvalidState { .. } => ErrorCode::InvalidState,
            Self::JobList(_) => ErrorCode::JobList,
            Self::NoProvider(_) => ErrorCode::ProcessorUnavailable,
            Self::Provider(e) => e.error_code(),
        }
    }
}

impl DataDirError {
    /// The [`ErrorCode`] of this error.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Self::InvalidLayout(_) => ErrorCode::InvalidInput,
            Self::BadRequest(_) => ErrorCode::Internal,
            Self::NotEnoughSpace { .. } => ErrorCode::NotEnoughSpace,
            Self::DiskFull { .. } => ErrorCode::DiskFull,
            Self::InUse { .. } | Self::FileInUse { .. } | Self::ShardOverlap { .. } => {
                ErrorCode::FolderInUse
            }
            Self::NotWritable { .. } => ErrorCode::NotWritable,
            Self::Io { .. } => ErrorCode::Io,
            Self::NotAFolder { .. } | Self::FileTooLargeForFileSystem { .. } => {
                ErrorCode::InvalidInput
            }
            Self::NotADataFolder { .. }
            | Self::ParamMismatch { .. }
            | Self::DataWithoutMetadata { .. }
            | Self::BadMetadata { .. }
            | Self::NewerSchema { .. }
            | Self::FileShorterThanCheckpoint { .. }
            | Self::NotARegularFile { .. }
            | Self::UnexpectedFileLength { .. }
            | Self::FolderReplaced { .. } => ErrorCode::FolderContents,
        }
    }
}

impl ProviderError {
    /// The [`ErrorCode`] of this error.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Self::Cancelled => ErrorCode::Cancelled,
            Self::Compute(_) | Self::Library(_) => ErrorCode::Compute,
        }
    }
}
