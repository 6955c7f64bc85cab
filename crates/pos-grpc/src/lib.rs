//! The old pos server's gRPC API (`proto/api.proto`: package `api`, service
//! `PosDataService`) over the engine's [`JobQueue`](pos_engine::JobQueue), so that
//! that server's clients keep working: `pos serve` runs it without a window, and the
//! desktop app can run it over its own queue with [`serve`].
//!
//! Jobs added through the API run in the same queue as every other job (they show up
//! in the window) and write their labels to `<data_dir>/<job id>.pos`, one file, as
//! the old server did, with the engine's metadata beside it
//! (`<job id>.pos.meta.json`). Short client ids are zero-padded on the right to 32
//! bytes; see `proto/api.proto` for every field.
//!
//! A client reaches (sees, follows, aborts, deletes) only the jobs made through the
//! API, unless it sends the owner's token from the cookie file or the owner lets API
//! clients reach every job ([`auth`]). Remote mode serves TLS ([`TlsIdentity`]).

mod add_job;
pub mod auth;
mod config;
mod convert;
mod cookie;
mod server;
mod service;
mod status;
mod stream;
#[cfg(target_os = "linux")]
mod tls;
#[cfg(not(target_os = "linux"))]
#[path = "tls_unavailable.rs"]
mod tls;

/// The messages, server and client generated from `proto/api.proto` at build time.
pub mod api {
    tonic::include_proto!("api");
}

pub use add_job::{CLIENT_ID_BYTES, DATA_FILE_NAME, DEFAULT_JOB_NAME};
pub use auth::EveryJobSwitch;
pub use config::{
    ApiConfig, DEFAULT_BITS_PER_INDEX, DEFAULT_INDEXES_PER_COMPUTE_CYCLE, DEFAULT_N, DEFAULT_SALT,
    RawConfig,
};
pub use convert::{NO_POW_SOLUTION, NO_PROVIDER};
pub use cookie::{COOKIE_FILE, TOKEN_BYTES, new_token, read_cookie};
pub use server::{
    ApiServer, DEFAULT_ADDR, MIN_REMOTE_TOKEN_BYTES, SHUTDOWN_GRACE, ServeConfig, ServeError, serve,
};
pub use tls::{CERT_FILE, CERT_NAMES, KEY_FILE, TlsError, TlsIdentity};
