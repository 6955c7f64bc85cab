//! Engine errors as gRPC statuses: the code for a client to branch on, the engine's
//! message (which says what to do) for the person.

use pos_engine::{EngineError, ErrorCode};
use tonic::{Code, Status};

pub(crate) fn engine_status(e: &EngineError) -> Status {
    let code = match e.code() {
        ErrorCode::NoSuchJob => Code::NotFound,
        ErrorCode::InvalidInput => Code::InvalidArgument,
        ErrorCode::NotEnoughSpace | ErrorCode::DiskFull => Code::ResourceExhausted,
        ErrorCode::FolderInUse => Code::Aborted,
        ErrorCode::Cancelled => Code::Cancelled,
        ErrorCode::Io | ErrorCode::JobList | ErrorCode::Internal => Code::Internal,
        // The job, the folder or the processors must change first.
        ErrorCode::InvalidState
        | ErrorCode::FolderContents
        | ErrorCode::NotWritable
        | ErrorCode::ProcessorUnavailable
        | ErrorCode::Compute => Code::FailedPrecondition,
    };
    Status::new(code, e.to_string())
}

/// A task that should not fail (it only wraps blocking engine calls) did.
pub(crate) fn join_status(e: tokio::task::JoinError) -> Status {
    Status::internal(format!("the server's worker stopped unexpectedly: {e}"))
}
