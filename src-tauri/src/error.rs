//! Errors as they cross the IPC boundary: `{code, message}`. The UI shows the message
//! and branches on the code (see `ui/src/platform/errors.ts`).

use pos_engine::EngineError;
pub use pos_engine::ErrorCode;
use pos_engine::data_dir::DataDirError;
use pos_engine::provider::ProviderError;
use serde::Serialize;

/// The engine's [`ErrorCode`] (or the app's own use of one) and a message that says
/// what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<EngineError> for CommandError {
    fn from(e: EngineError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

impl From<DataDirError> for CommandError {
    fn from(e: DataDirError) -> Self {
        Self::new(e.error_code(), e.to_string())
    }
}

impl From<ProviderError> for CommandError {
    fn from(e: ProviderError) -> Self {
        Self::new(e.error_code(), e.to_string())
    }
}

impl From<tauri::Error> for CommandError {
    fn from(e: tauri::Error) -> Self {
        Self::new(ErrorCode::Internal, e.to_string())
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
