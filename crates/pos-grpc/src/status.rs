//! Engine errors as gRPC statuses: the code for a client to branch on, the engine's
//! message (which says what to do) for the person.

use pos_engine::EngineError;
use pos_engine::data_dir::DataDirError;
use tonic::{Code, Status};

pub(crate) fn engine_status(e: &EngineError) -> Status {
    let code = match e {
        EngineError::NoSuchJob(_) => Code::NotFound,
        EngineError::Request(_) => Code::InvalidArgument,
        EngineError::InvalidState { .. } | EngineError::NoProvider(_) => Code::FailedPrecondition,
        EngineError::JobList(_) => Code::Internal,
        EngineError::DataDir(e) => data_dir_code(e),
    };
    Status::new(code, e.to_string())
}

fn data_dir_code(e: &DataDirError) -> Code {
    match e {
        DataDirError::InvalidLayout(_) => Code::InvalidArgument,
        DataDirError::NotEnoughSpace { .. } | DataDirError::DiskFull { .. } => {
            Code::ResourceExhausted
        }
        DataDirError::InUse { .. } => Code::Aborted,
        DataDirError::BadRequest(_) | DataDirError::Io { .. } => Code::Internal,
        // The folder or what is in it must change first.
        _ => Code::FailedPrecondition,
    }
}

/// A task that should not fail (it only wraps blocking engine calls) did.
pub(crate) fn join_status(e: tokio::task::JoinError) -> Status {
    Status::internal(format!("the server's worker stopped unexpectedly: {e}"))
}
