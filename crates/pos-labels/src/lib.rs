//! Proof-of-space labels, byte-identical to what the gpu-post library computes
//! (normative spec: `shared/spec/LABELS.md`).
//!
//! A label is the low L bits of `PBKDF2-Keccak512(P, ROMix_N(PBKDF2-Keccak512(P)))`
//! with `P = id || LE64(position) || salt` and a ChaCha20/8 BlockMix. This crate is
//! pure computation: no files, no async runtime, no UI.
//!
//! - [`LabelParams`] and friends validate every input once;
//! - [`compute_labels`] fills a buffer with the packed labels of a range, on all cores,
//!   with SIMD across labels ([`Backend`]), a stop flag, progress and optional PoW;
//! - [`label_hash`] and [`find_pow`] give single hashes and the lowest PoW solution.

mod backend;
mod batch;
mod lanes;
#[cfg(target_arch = "aarch64")]
mod lanes_neon;
#[cfg(target_arch = "x86_64")]
mod lanes_x86;
mod pack;
mod params;
mod pbkdf;
mod pow;
mod romix;
mod scratch;

pub use backend::{Backend, MAX_SCRATCH_BYTES_PER_THREAD};
pub use batch::{
    BatchOutcome, ComputeError, ComputeOptions, ProgressFn, compute_labels, find_pow, label_hash,
};
pub use pack::pack_label;
pub use params::{LabelBits, LabelParams, ParamError, PositionRange, ScryptN, parse_hex32};
pub use pow::Difficulty;
