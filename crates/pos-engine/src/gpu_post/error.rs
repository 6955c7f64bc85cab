//! Everything that can go wrong with gpu-post, each with what happened and what to do.

use std::ffi::c_int;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

use super::ffi;
use super::search::{Candidate, LIBRARY_ENV_VAR};

#[derive(Debug, Error)]
pub enum GpuPostError {
    // Finding and loading the library.
    #[error(
        "the gpu-post library {} does not exist; install gpu-post there, or correct the \
         path in the settings or in {LIBRARY_ENV_VAR}",
        path.display()
    )]
    MissingFile { path: PathBuf },
    #[error(
        "{name} is not on the system's library search path ({reason}); install gpu-post, \
         or set its path in the settings or in {LIBRARY_ENV_VAR}",
        name = path.display()
    )]
    NotOnSearchPath { path: PathBuf, reason: String },
    #[error(
        "{} could not be loaded as a library ({reason}); it may be damaged, built for \
         another system, or need a library that is missing (such as the GPU driver's): \
         reinstall gpu-post",
        path.display()
    )]
    NotALibrary { path: PathBuf, reason: String },
    #[error(
        "{} has no function `{symbol}` ({reason}), so it is not gpu-post or is a version \
         too old for this app: install a current gpu-post release",
        path.display()
    )]
    MissingSymbol {
        path: PathBuf,
        symbol: &'static str,
        reason: String,
    },
    #[error(
        "no usable gpu-post library was found; tried {}. Install gpu-post, or set its \
         path in the settings or in {LIBRARY_ENV_VAR}",
        list_attempts(attempts)
    )]
    NotFound { attempts: Vec<FailedCandidate> },

    // Requests refused before they reach the library.
    #[error("nothing to compute: ask for labels, a proof of work, or both")]
    NothingToCompute,
    #[error("the output buffer is {got} bytes, but {count} labels of {bits} bits take {expected}")]
    OutputSize {
        expected: usize,
        got: usize,
        count: u64,
        bits: u32,
    },
    #[error(
        "{count} labels of {bits} bits do not fit in memory at once; compute them in \
         smaller batches"
    )]
    TooLarge { count: u64, bits: u32 },
    #[error(
        "gpu-post provider {provider} is already computing a batch for this app; wait for \
         it to finish or use another provider"
    )]
    ProviderBusy { provider: u32 },

    // Status codes of the library.
    #[error(
        "gpu-post failed on provider {provider} (status -1); check that the GPU driver \
         works, or use another provider"
    )]
    Failed { provider: u32 },
    #[error("gpu-post timed out on provider {provider} (status -2); retry the batch")]
    Timeout { provider: u32 },
    #[error("gpu-post answered \"already in progress\" (status -3); retry once it is idle")]
    Already,
    #[error("the batch was stopped before it was complete; nothing of it was kept")]
    Cancelled,
    #[error(
        "gpu-post was asked for neither labels nor a proof of work (status -5); this is \
         a bug in this app, please report it"
    )]
    NoComputeOptions,
    #[error(
        "gpu-post refused a parameter (status -6); this is a bug in this app, please \
         report it"
    )]
    InvalidParameter,
    #[error(
        "gpu-post has no provider {provider} (status -7); list the devices again: the \
         GPU may have been removed or its driver changed"
    )]
    InvalidProvider { provider: u32 },
    #[error(
        "gpu-post returned status {code}, which this app does not know; use the gpu-post \
         version this app ships with"
    )]
    UnknownStatus { code: i32 },
    #[error(
        "gpu-post could not list its devices (status {code}); check that the GPU driver \
         works"
    )]
    Providers { code: i32 },
    #[error(
        "gpu-post still computed {:.1} s after it was asked to stop; wait for it, or \
         restart the app if it does not end",
        waited.as_secs_f64()
    )]
    StopTimeout { waited: Duration },

    // Answers that do not add up: the batch is not used.
    #[error(
        "gpu-post computed {computed} labels where {asked} were asked for, without \
         reporting an error; the batch was discarded. Retry it, and if it happens again \
         update the GPU driver or use another provider"
    )]
    HashCount { asked: u64, computed: u64 },
    #[error(
        "gpu-post reported proof-of-work solution {reported}, before the positions \
         {start}..={last} it was asked for; the batch was discarded. Use the gpu-post \
         version this app ships with"
    )]
    SolutionOutOfRange {
        reported: u64,
        start: u64,
        last: u64,
    },
    #[error(
        "gpu-post said it found a proof-of-work solution but not where; the batch was \
         discarded. Use the gpu-post version this app ships with"
    )]
    SolutionMissing,
    #[error(
        "gpu-post reported position {reported} as a proof-of-work solution, but the CPU \
         finds its hash is not below the difficulty; the batch was discarded. Update the \
         GPU driver, or run the job on another processor"
    )]
    NotASolution { reported: u64 },
    #[error(
        "gpu-post found a proof-of-work solution in positions {start}..={last} with the \
         labels, and none in the same positions without them; the batch was discarded. \
         Update the GPU driver, or run the job on another processor"
    )]
    PowContradiction { start: u64, last: u64 },
    #[error("checking gpu-post's proof-of-work solution on the CPU failed: {reason}")]
    CpuCheck { reason: String },

    // The device itself.
    #[error(
        "gpu-post device {provider} is not used again until the app restarts, because \
         earlier: {reason}"
    )]
    Disabled { provider: u32, reason: String },
    #[error(
        "gpu-post device {provider} did not finish a batch within {:.0} s and did not \
         end when stopped; its GPU or driver may be stuck. Restart the app (or the \
         computer) to use it again, and update the GPU driver if it happens again",
        waited.as_secs_f64()
    )]
    CallTimeout { provider: u32, waited: Duration },
    #[error(
        "gpu-post device {provider} did not end its batch when stopped; its GPU or \
         driver may be stuck. Restart the app (or the computer) to use it again"
    )]
    IgnoredStop { provider: u32 },
    #[error("gpu-post's call thread could not run ({reason}); restart the app")]
    NoThread { reason: String },
}

impl GpuPostError {
    /// The error for a failure status of `scryptPositions` on `provider`.
    pub(crate) fn from_status(code: c_int, provider: u32) -> Self {
        match code {
            ffi::ERROR => Self::Failed { provider },
            ffi::ERROR_TIMEOUT => Self::Timeout { provider },
            ffi::ERROR_ALREADY => Self::Already,
            ffi::ERROR_CANCELED => Self::Cancelled,
            ffi::ERROR_NO_COMPUTE_OPTIONS => Self::NoComputeOptions,
            ffi::ERROR_INVALID_PARAMETER => Self::InvalidParameter,
            ffi::ERROR_INVALID_PROVIDER_ID => Self::InvalidProvider { provider },
            code => Self::UnknownStatus { code },
        }
    }
}

/// A place the library was looked for, and why it could not be used.
#[derive(Debug)]
pub struct FailedCandidate {
    pub candidate: Candidate,
    pub error: GpuPostError,
}

impl fmt::Display for FailedCandidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.candidate.source,
            self.candidate.path.display(),
            self.error
        )
    }
}

fn list_attempts(attempts: &[FailedCandidate]) -> String {
    if attempts.is_empty() {
        return "no place (none was given)".to_owned();
    }
    attempts
        .iter()
        .enumerate()
        .map(|(i, a)| format!("({}) {a}", i + 1))
        .collect::<Vec<_>>()
        .join("; ")
}
