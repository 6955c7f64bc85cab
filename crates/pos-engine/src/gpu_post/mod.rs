//! gpu-post (github.com/spacemeshos/gpu-post), the C library that computes labels on
//! CUDA and Vulkan GPUs, loaded at run time and wrapped in a safe API.
//!
//! - [`LibrarySearch`] lists where the library may be ([`LibrarySearch::candidates`])
//!   and loads the first that works ([`load_first`]), keeping why each other failed;
//! - [`GpuPostLibrary`] holds the loaded library and its symbol table, resolved once;
//!   [`GpuPostLibrary::devices`] lists the GPUs, [`GpuPostLibrary::compute`] computes
//!   a batch, [`GpuPostLibrary::stop`] cancels from another thread;
//! - every failure, from a missing file to a status code or an answer that does not
//!   add up, is a [`GpuPostError`] saying what happened and what to do. Nothing here
//!   panics on the library's account;
//! - the library's own failure modes are contained: each call runs on its device's
//!   thread under a watchdog (`worker`), and a device that returned an error status or
//!   a call that never returned is not called again in this process (`device_state`);
//! - PoW answers are the lowest solution, whatever chunk gpu-post reports (`compute`).
//!
//! Facts about the library's behaviour are in `shared/spec/LABELS.md` section 8 and
//! `shared/gpu-post/README.md` (measured on an H200). The tests run all of this against
//! `crates/gpu-post-fake`, a stand-in library switchable to each of those behaviours,
//! and, when `POS_GPU_POST_REAL_LIB` names it, against the real library built without
//! CUDA (`scripts/build-gpu-post-cpu.sh`).

#![warn(clippy::undocumented_unsafe_blocks)]

mod calls;
mod compute;
mod device_state;
mod error;
pub mod ffi;
mod library;
mod providers;
mod search;
mod worker;

pub use compute::{CHUNK_PROBE_POSITIONS, Outcome};
pub use device_state::{ALLOW_CPU_ENV_VAR, CALL_TIMEOUT_ENV_VAR, DEFAULT_CALL_TIMEOUT};
pub use error::{FailedCandidate, GpuPostError};
pub use library::{GpuPostApi, GpuPostLibrary, STOP_WAIT};
pub use providers::{ComputeApi, GpuPostProvider};
pub use search::{
    Candidate, CandidateSource, LIBRARY_ENV_VAR, LIBRARY_FILE_NAME, LibrarySearch, LoadedLibrary,
    load_first,
};
