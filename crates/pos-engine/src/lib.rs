//! The engine behind PoS Desktop: compute providers, jobs and their queue, and the data
//! folders that jobs write (see `docs/ARCHITECTURE.md`). Tokio's channels, no Tauri:
//! the desktop app, the `pos` command and the gRPC server are thin layers over it.

pub mod atomic_file;
pub mod data_dir;
pub mod defaults;
pub mod error;
pub mod events;
pub mod gpu_post;
pub mod job;
pub mod provider;
pub mod queue;

pub use error::{EngineError, ErrorCode};
pub use events::EngineEvent;
pub use job::{
    FailureKind, JobActions, JobCheck, JobId, JobOrigin, JobRequest, JobSpec, JobState, JobStatus,
    ProcessorOff, ProcessorSpeed, ProviderChoice,
};
pub use provider::{ComputeProvider, ProviderId, ProviderInfo, ProviderKind};
pub use queue::{JobQueue, StateStore};
