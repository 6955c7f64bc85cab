//! Which instruction set computes ROMix, chosen at run time.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use crate::lanes::Scalar;
use crate::params::ScryptN;
use crate::romix::{Stopped, romix};

/// Scratch memory one thread may use for ROMix. A wider backend is skipped when
/// `N * 128 * lanes` bytes would exceed it (N = 2^20 needs 128 MiB a lane).
pub const MAX_SCRATCH_BYTES_PER_THREAD: usize = 256 << 20;

/// A ROMix implementation: how many labels it computes in lockstep and with what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Backend {
    /// Portable Rust, one label at a time.
    Scalar,
    /// aarch64 NEON, 4 labels.
    Neon,
    /// x86-64 AVX2, 8 labels.
    Avx2,
    /// x86-64 AVX-512F, 16 labels.
    Avx512,
}

impl Backend {
    pub const ALL: [Backend; 4] = [Self::Scalar, Self::Neon, Self::Avx2, Self::Avx512];

    pub fn name(self) -> &'static str {
        match self {
            Self::Scalar => "scalar",
            Self::Neon => "neon",
            Self::Avx2 => "avx2",
            Self::Avx512 => "avx512",
        }
    }

    /// Labels computed in lockstep.
    pub fn lanes(self) -> usize {
        match self {
            Self::Scalar => 1,
            Self::Neon => 4,
            Self::Avx2 => 8,
            Self::Avx512 => 16,
        }
    }

    /// Whether this CPU can run it.
    pub fn is_available(self) -> bool {
        match self {
            Self::Scalar => true,
            #[cfg(target_arch = "aarch64")]
            Self::Neon => true,
            #[cfg(target_arch = "x86_64")]
            Self::Avx2 => std::arch::is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Self::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// Every backend this CPU can run, narrowest first.
    pub fn available() -> Vec<Backend> {
        Self::ALL.into_iter().filter(|b| b.is_available()).collect()
    }

    /// Scratch bytes one thread needs for this backend at `n`.
    pub fn scratch_bytes(self, n: ScryptN) -> usize {
        n.bytes_per_label() * self.lanes()
    }

    /// The widest available backend whose scratch fits [`MAX_SCRATCH_BYTES_PER_THREAD`].
    pub fn best_for(n: ScryptN) -> Backend {
        Self::available()
            .into_iter()
            .rev()
            .find(|b| b.scratch_bytes(n) <= MAX_SCRATCH_BYTES_PER_THREAD)
            .unwrap_or(Self::Scalar)
    }

    /// The widest backend and the most threads (up to `threads`) whose scratch fits
    /// `budget` bytes together. Every thread stays busy as long as the narrowest backend
    /// allows it: a core with one lane beats an idle core. Only when even that does not
    /// fit are there fewer threads (at least one).
    pub fn fit(n: ScryptN, threads: usize, budget: usize) -> (Backend, usize) {
        let threads = threads.max(1);
        let fits = Self::available()
            .into_iter()
            .rev()
            .filter(|b| b.scratch_bytes(n) <= MAX_SCRATCH_BYTES_PER_THREAD)
            .find(|b| b.scratch_bytes(n).saturating_mul(threads) <= budget);
        match fits {
            Some(b) => (b, threads),
            None => (
                Self::Scalar,
                (budget / Self::Scalar.scratch_bytes(n)).clamp(1, threads),
            ),
        }
    }

    /// Runs ROMix on `self.lanes()` blocks (see [`romix`] for the layouts).
    ///
    /// # Panics
    /// If this CPU cannot run the backend: callers check [`Backend::is_available`].
    pub(crate) fn romix(
        self,
        blocks: &mut [u32],
        scratch: &mut [u32],
        n: usize,
        stop: Option<&AtomicBool>,
    ) -> Result<(), Stopped> {
        assert!(self.is_available(), "{self} is not available on this CPU");
        match self {
            // SAFETY: the scalar path needs no instruction set beyond the baseline.
            Self::Scalar => unsafe { romix::<Scalar>(blocks, scratch, n, stop) },
            // SAFETY: NEON is part of the aarch64 baseline.
            #[cfg(target_arch = "aarch64")]
            Self::Neon => unsafe { romix::<crate::lanes_neon::Neon>(blocks, scratch, n, stop) },
            // SAFETY: AVX2 was detected at run time (asserted above).
            #[cfg(target_arch = "x86_64")]
            Self::Avx2 => unsafe { x86::romix_avx2(blocks, scratch, n, stop) },
            // SAFETY: AVX-512F was detected at run time (asserted above).
            #[cfg(target_arch = "x86_64")]
            Self::Avx512 => unsafe { x86::romix_avx512(blocks, scratch, n, stop) },
            #[allow(unreachable_patterns)]
            _ => unreachable!("availability was asserted"),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown backend {s:?}: use scalar, neon, avx2 or avx512"))
    }
}

/// The kernels compiled with their instruction sets: `romix` and every lane method
/// are `#[inline(always)]`, so they are compiled into these functions.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::*;
    use crate::lanes_x86::{Avx2, Avx512};

    /// # Safety
    /// The CPU supports AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn romix_avx2(
        blocks: &mut [u32],
        scratch: &mut [u32],
        n: usize,
        stop: Option<&AtomicBool>,
    ) -> Result<(), Stopped> {
        // SAFETY: this function only runs where AVX2 exists.
        unsafe { romix::<Avx2>(blocks, scratch, n, stop) }
    }

    /// # Safety
    /// The CPU supports AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn romix_avx512(
        blocks: &mut [u32],
        scratch: &mut [u32],
        n: usize,
        stop: Option<&AtomicBool>,
    ) -> Result<(), Stopped> {
        // SAFETY: this function only runs where AVX-512F exists.
        unsafe { romix::<Avx512>(blocks, scratch, n, stop) }
    }
}
