//! Errors as they cross the IPC boundary: `{code, message}`. The UI shows the message
//! and branches on the code (see `ui/src/platform/errors.ts`).

use pos_engine::EngineError;
use pos_engine::data_dir::DataDirError;
use pos_engine::provider::ProviderError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
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
        Self::new(e.code(), e.to_string())
    }
}

impl From<ProviderError> for CommandError {
    fn from(e: ProviderError) -> Self {
        let code = match e {
            ProviderError::Cancelled => "cancelled",
            ProviderError::Compute(_) => "compute",
            ProviderError::Library(_) => "library",
        };
        Self::new(code, e.to_string())
    }
}

impl From<tauri::Error> for CommandError {
    fn from(e: tauri::Error) -> Self {
        Self::new("internal", e.to_string())
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
