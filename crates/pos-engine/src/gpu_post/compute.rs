//! One batch on a gpu-post provider: the checks gpu-post does not make, the call, the
//! checks of its answer, and PoW normalised to the lowest solution (LABELS.md
//! sections 7 and 8).

use pos_labels::{Difficulty, LabelParams, PositionRange};

use super::error::GpuPostError;
use super::ffi;
use super::library::GpuPostLibrary;

/// What a batch found, beyond the labels written to the caller's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The lowest position of the range whose hash is below the difficulty, when PoW
    /// was asked for and the range has one.
    pub pow_solution: Option<u64>,
    /// The library's own measure of its speed in the main call.
    pub hashes_per_sec: u64,
}

/// The checked answer of one library call.
struct CallAnswer {
    solution: Option<u64>,
    hashes_per_sec: u64,
}

impl GpuPostLibrary {
    /// Computes the labels of `range` into `out` (exactly `ceil(count * bits / 8)`
    /// bytes) and/or looks for the lowest PoW solution below `pow`, on gpu-post
    /// provider `provider_id` (see [`GpuPostLibrary::devices`]). Blocks until done;
    /// [`GpuPostLibrary::stop`] from another thread ends it with
    /// [`GpuPostError::Cancelled`]. On any error the contents of `out` are undefined.
    ///
    /// The parameter types already rule out what gpu-post would crash on or silently
    /// get wrong (N not a power of two, label sizes outside 1..=256, an empty or
    /// reversed range), so those never reach it.
    pub fn compute(
        &self,
        provider_id: u32,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
    ) -> Result<Outcome, GpuPostError> {
        if out.is_none() && pow.is_none() {
            return Err(GpuPostError::NothingToCompute);
        }
        if let Some(out) = out.as_deref() {
            let (count, bits) = (range.count(), params.bits.get());
            let expected = params
                .bits
                .packed_len(count)
                .ok_or(GpuPostError::TooLarge { count, bits })?;
            if out.len() != expected {
                return Err(GpuPostError::OutputSize {
                    expected,
                    got: out.len(),
                    count,
                    bits,
                });
            }
        }
        let _claim = self.calls.claim(provider_id)?;
        let epoch = self.calls.epoch();

        let first = self.call(provider_id, epoch, params, range, out, pow)?;
        let pow_solution = match (first.solution, pow) {
            (Some(reported), Some(difficulty)) => Some(self.lowest_solution(
                provider_id,
                epoch,
                params,
                range.start(),
                reported,
                difficulty,
            )?),
            _ => None,
        };
        Ok(Outcome {
            pow_solution,
            hashes_per_sec: first.hashes_per_sec,
        })
    }

    /// gpu-post reports the *last* solution of a batch with labels, and whichever it
    /// meets first (per GPU chunk, not necessarily the lowest) in PoW-only mode. So
    /// search the positions below the reported one again, PoW only, until a search
    /// finds nothing: the last one found is the lowest. Each round searches strictly
    /// fewer positions, and with gpu-post's stop-at-first behaviour it usually takes
    /// two short rounds.
    fn lowest_solution(
        &self,
        provider_id: u32,
        epoch: u64,
        params: &LabelParams,
        start: u64,
        reported: u64,
        difficulty: &Difficulty,
    ) -> Result<u64, GpuPostError> {
        let mut lowest = reported;
        while lowest > start {
            let below = PositionRange::new(start, lowest - start)
                .expect("a non-empty range below a position of a valid range");
            match self
                .call(provider_id, epoch, params, below, None, Some(difficulty))?
                .solution
            {
                Some(lower) => lowest = lower,
                None => break,
            }
        }
        Ok(lowest)
    }

    /// One `scryptPositions` call, with its answer checked.
    fn call(
        &self,
        provider_id: u32,
        epoch: u64,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
    ) -> Result<CallAnswer, GpuPostError> {
        let _in_library = self.calls.enter(epoch)?;
        let mut options = 0;
        let out_ptr = match out {
            Some(out) => {
                options |= ffi::COMPUTE_LEAFS;
                // Some providers OR bits into the buffer: start from zeros.
                out.fill(0);
                out.as_mut_ptr()
            }
            None => std::ptr::null_mut(),
        };
        // gpu-post takes the target through a non-const pointer: give it a copy.
        let mut difficulty = pow.map(|d| d.0);
        let difficulty_ptr = match difficulty.as_mut() {
            Some(d) => {
                options |= ffi::COMPUTE_POW;
                d.as_mut_ptr()
            }
            None => std::ptr::null_mut(),
        };
        // Not written when there is no solution. A short count is caught below, and
        // so is a library that never writes it.
        let mut idx_solution = u64::MAX;
        let mut hashes_computed = 0u64;
        let mut hashes_per_sec = 0u64;
        // SAFETY: `id` and `salt` are 32-byte arrays; `out_ptr` is null or the caller's
        // buffer of exactly `ceil(count * bits / 8)` bytes (checked by `compute`),
        // exclusively borrowed for the call; `difficulty_ptr` is null or a local
        // 32-byte copy; the last three point to local u64s. `end` is inclusive, as
        // gpu-post expects, and the types guarantee N, the label size and
        // `start <= end` are valid. The library keeps no pointer after it returns.
        let status = unsafe {
            (self.api.scrypt_positions)(
                provider_id,
                params.id.as_ptr(),
                range.start(),
                range.last(),
                params.bits.get(),
                params.salt.as_ptr(),
                options,
                out_ptr,
                params.n.get(),
                1,
                1,
                difficulty_ptr,
                &mut idx_solution,
                &mut hashes_computed,
                &mut hashes_per_sec,
            )
        };
        if status != ffi::ERROR_NONE && status != ffi::POW_SOLUTION_FOUND {
            return Err(GpuPostError::from_status(status, provider_id));
        }
        let solution = match (pow, idx_solution) {
            (None, _) => None,
            (Some(_), u64::MAX) if status == ffi::POW_SOLUTION_FOUND => {
                return Err(GpuPostError::SolutionMissing);
            }
            (Some(_), u64::MAX) => None,
            (Some(_), reported) if reported < range.start() || reported > range.last() => {
                return Err(GpuPostError::SolutionOutOfRange {
                    reported,
                    start: range.start(),
                    last: range.last(),
                });
            }
            (Some(_), reported) => Some(reported),
        };
        check_hash_count(range, options, solution, hashes_computed)?;
        Ok(CallAnswer {
            solution,
            hashes_per_sec,
        })
    }
}

/// Every position must have been computed, except that PoW alone may stop right after
/// a solution: then at least the positions up to it must have been.
fn check_hash_count(
    range: PositionRange,
    options: u32,
    solution: Option<u64>,
    computed: u64,
) -> Result<(), GpuPostError> {
    let asked = range.count();
    let least = match solution {
        Some(s) if options & ffi::COMPUTE_LEAFS == 0 => s - range.start() + 1,
        _ => asked,
    };
    if computed < least || computed > asked {
        return Err(GpuPostError::HashCount { asked, computed });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_count_rules() {
        let range = PositionRange::new(10, 100).unwrap();
        let leafs = ffi::COMPUTE_LEAFS | ffi::COMPUTE_POW;
        let pow = ffi::COMPUTE_POW;
        assert!(check_hash_count(range, leafs, None, 100).is_ok());
        assert!(check_hash_count(range, leafs, None, 99).is_err());
        assert!(check_hash_count(range, leafs, None, 101).is_err());
        assert!(check_hash_count(range, leafs, Some(20), 99).is_err());
        assert!(check_hash_count(range, pow, None, 99).is_err());
        // PoW alone may stop after the solution at 20 (the 11th position) ...
        assert!(check_hash_count(range, pow, Some(20), 11).is_ok());
        assert!(check_hash_count(range, pow, Some(20), 64).is_ok());
        // ... but not before it.
        assert!(check_hash_count(range, pow, Some(20), 10).is_err());
    }
}
