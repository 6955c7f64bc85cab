//! One batch on a gpu-post provider: the checks gpu-post does not make, the call (on
//! the device's own thread, under a watchdog), the checks of its answer, and the
//! lowest PoW solution (LABELS.md sections 7 and 8, `shared/gpu-post/README.md`).

use pos_labels::{Difficulty, LabelParams, PositionRange};

use super::error::GpuPostError;
use super::ffi;
use super::library::{GpuPostLibrary, STOP_WAIT};
use super::worker::{self, RawCall, WaitFailure};

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
pub(crate) struct CallAnswer {
    /// A position whose hash gpu-post says is below the target: at or after the
    /// range's start, possibly past its end (gpu-post's last chunk runs past it).
    pub reported: Option<u64>,
    pub hashes_computed: u64,
    pub hashes_per_sec: u64,
}

/// The range of the call that learns a chunk size when no batch gives one: larger
/// than gpu-post's chunk on any GPU measured (32,000 positions on the H200 at N = 512).
pub const CHUNK_PROBE_POSITIONS: u64 = 1 << 20;

/// How long a waiting batch gives a call after a stop before giving up on it.
const GRACE_AFTER_STOP: std::time::Duration = STOP_WAIT.saturating_mul(2);

impl GpuPostLibrary {
    /// Computes the labels of `range` into `out` (exactly `ceil(count * bits / 8)`
    /// bytes) and/or looks for the lowest PoW solution below `pow`, on gpu-post
    /// provider `provider_id` (see [`GpuPostLibrary::devices`]). Blocks until done;
    /// [`GpuPostLibrary::stop`] from another thread ends it with
    /// [`GpuPostError::Cancelled`]. On any error the contents of `out` are undefined.
    ///
    /// The parameter types already rule out what gpu-post would crash on or silently
    /// get wrong (N not a power of two, label sizes outside 1..=256, an empty or
    /// reversed range), so those never reach it. A device that failed (an error
    /// status, a call that did not return) is not called again in this process:
    /// [`GpuPostError::Disabled`].
    pub fn compute(
        &self,
        provider_id: u32,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
    ) -> Result<Outcome, GpuPostError> {
        self.compute_since(self.stop_epoch(), provider_id, params, range, out, pow)
    }

    /// Which stops have happened so far: a number that every [`GpuPostLibrary::stop`]
    /// moves on. See [`GpuPostLibrary::compute_since`].
    pub fn stop_epoch(&self) -> u64 {
        self.calls.epoch()
    }

    /// [`GpuPostLibrary::compute`], cancelled by any stop after `epoch` (from
    /// [`GpuPostLibrary::stop_epoch`]) even one that came before this call began. A
    /// caller that reads the epoch, then checks its own cancel flag, then calls this,
    /// cannot miss a stop that its cancellation fires in between.
    pub fn compute_since(
        &self,
        epoch: u64,
        provider_id: u32,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
    ) -> Result<Outcome, GpuPostError> {
        if out.is_none() && pow.is_none() {
            return Err(GpuPostError::NothingToCompute);
        }
        let with_labels = out.is_some();
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

        let first = self.call(provider_id, epoch, params, range, out, pow)?;
        let pow_solution = match (pow, first.reported) {
            (Some(difficulty), Some(_)) => {
                // With labels, the report is of the *last* chunk that had a solution;
                // PoW alone stops after the *first*, which is what the search needs.
                let hint = if with_labels {
                    self.call(provider_id, epoch, params, range, None, Some(difficulty))?
                        .reported
                } else {
                    first.reported
                };
                let Some(hint) = hint else {
                    return Err(GpuPostError::PowContradiction {
                        start: range.start(),
                        last: range.last(),
                    });
                };
                self.lowest_solution(provider_id, epoch, params, range, hint, difficulty)?
            }
            _ => None,
        };
        Ok(Outcome {
            pow_solution,
            hashes_per_sec: first.hashes_per_sec,
        })
    }

    /// The lowest solution of `range`, from `hint`: the report of a PoW-only call over
    /// `range`. gpu-post computes whole chunks from the range's start and, with PoW
    /// alone, stops after the first chunk that holds a solution, reporting any one of
    /// that chunk's (its threads race to write it). So no position before `hint`'s
    /// chunk is a solution, and the lowest one lies between that chunk's start and
    /// `hint`: at most one chunk, which the CPU searches for the final word. A hint
    /// past the range's end means the range has a solution only if that chunk has one
    /// up to the end.
    fn lowest_solution(
        &self,
        provider_id: u32,
        epoch: u64,
        params: &LabelParams,
        range: PositionRange,
        hint: u64,
        difficulty: &Difficulty,
    ) -> Result<Option<u64>, GpuPostError> {
        let chunk = self.chunk_size(provider_id, epoch, params, range)?;
        let chunk_start = range.start() + (hint - range.start()) / chunk * chunk;
        if chunk_start > range.last() {
            return Ok(None);
        }
        let until = hint.min(range.last());
        let window = PositionRange::new(chunk_start, until - chunk_start + 1)
            .expect("a window inside a valid range");
        let lowest = pos_labels::find_pow(params, window, difficulty, &Default::default())
            .map_err(|e| GpuPostError::CpuCheck {
                reason: e.to_string(),
            })?;
        match lowest {
            None if hint <= range.last() => Err(GpuPostError::NotASolution { reported: hint }),
            found => Ok(found),
        }
    }

    /// Positions gpu-post computes at once on `provider` for `params` (its chunk,
    /// `thread_concurrency`): learnt the first time by one PoW-only call (one chunk of
    /// work), then kept. At least [`CHUNK_PROBE_POSITIONS`] when the chunk is larger.
    pub fn chunk_positions(
        &self,
        provider_id: u32,
        params: &LabelParams,
    ) -> Result<u64, GpuPostError> {
        let _claim = self.calls.claim(provider_id)?;
        let probe = PositionRange::new(0, CHUNK_PROBE_POSITIONS).expect("a valid range");
        let chunk = self.chunk_size(provider_id, self.calls.epoch(), params, probe)?;
        Ok(chunk.min(CHUNK_PROBE_POSITIONS))
    }

    /// Positions per chunk of `provider` at this N and label size, learnt once: a
    /// PoW-only call with the highest target (which the first position meets) stops
    /// after one chunk and reports its size as the hashes computed. A range no larger
    /// than a chunk reports only its own size: then the chunk is known only to cover
    /// the whole range, and `u64::MAX` (one chunk from the range's start) is used for
    /// this range, and nothing is kept.
    fn chunk_size(
        &self,
        provider_id: u32,
        epoch: u64,
        params: &LabelParams,
        range: PositionRange,
    ) -> Result<u64, GpuPostError> {
        let key = (provider_id, params.n.get(), params.bits.get());
        if let Some(chunk) = self.devices.chunk(key) {
            return Ok(chunk);
        }
        let anything = Difficulty([0xff; 32]);
        let probe = self.call(provider_id, epoch, params, range, None, Some(&anything))?;
        // gpu-post's CPU provider stops at the solution itself and counts the
        // positions before it: 0 here.
        let chunk = probe.hashes_computed.max(1);
        if probe.reported.is_some() && chunk < range.count() {
            self.devices.set_chunk(key, chunk);
            Ok(chunk)
        } else {
            Ok(u64::MAX)
        }
    }

    /// One `scryptPositions` call on the device's thread, with its answer checked.
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
        if let Some(reason) = self.devices.disabled(provider_id) {
            return Err(GpuPostError::Disabled {
                provider: provider_id,
                reason,
            });
        }
        let mut options = 0;
        if out.is_some() {
            options |= ffi::COMPUTE_LEAFS;
        }
        if pow.is_some() {
            options |= ffi::COMPUTE_POW;
        }
        let raw = RawCall {
            provider: provider_id,
            id: params.id,
            salt: params.salt,
            start: range.start(),
            last: range.last(),
            bits: params.bits.get(),
            options,
            // Some providers OR bits into the buffer: start from zeros.
            out: out.as_deref().map(|o| vec![0u8; o.len()]),
            n: params.n.get(),
            difficulty: pow.map(|d| d.0),
        };
        let receiver = self
            .devices
            .with_thread(self.api, provider_id, |thread| thread.submit(raw))?;
        let waited = worker::wait(
            &receiver,
            self.call_timeout,
            GRACE_AFTER_STOP,
            || self.calls.epoch() != epoch,
            || {
                if let Err(e) = self.stop() {
                    tracing::warn!("gpu-post stop after a call timeout: {e}");
                }
            },
        );
        let answer = match waited {
            Ok((answer, false)) => answer,
            Ok((_, true)) | Err(WaitFailure::Overran) => {
                return Err(self.disabled_by(
                    provider_id,
                    GpuPostError::CallTimeout {
                        provider: provider_id,
                        waited: self.call_timeout,
                    },
                ));
            }
            Err(WaitFailure::IgnoredStop) => {
                return Err(self.disabled_by(
                    provider_id,
                    GpuPostError::IgnoredStop {
                        provider: provider_id,
                    },
                ));
            }
            Err(WaitFailure::Lost) => {
                return Err(self.disabled_by(
                    provider_id,
                    GpuPostError::NoThread {
                        reason: "the device's call thread ended during a call".into(),
                    },
                ));
            }
        };
        if answer.status != ffi::ERROR_NONE && answer.status != ffi::POW_SOLUTION_FOUND {
            let error = GpuPostError::from_status(answer.status, provider_id);
            return Err(match error {
                GpuPostError::Failed { .. }
                | GpuPostError::Timeout { .. }
                | GpuPostError::InvalidProvider { .. }
                | GpuPostError::UnknownStatus { .. } => self.disabled_by(provider_id, error),
                other => other,
            });
        }
        if let (Some(out), Some(computed)) = (out, answer.out.as_deref()) {
            out.copy_from_slice(computed);
        }
        let reported = match (pow, answer.idx_solution) {
            (None, _) => None,
            (Some(_), u64::MAX) if answer.status == ffi::POW_SOLUTION_FOUND => {
                return Err(GpuPostError::SolutionMissing);
            }
            (Some(_), u64::MAX) => None,
            (Some(_), reported) if reported < range.start() => {
                return Err(GpuPostError::SolutionOutOfRange {
                    reported,
                    start: range.start(),
                    last: range.last(),
                });
            }
            (Some(_), reported) => Some(reported),
        };
        check_hash_count(range, options, reported, answer.hashes_computed)?;
        Ok(CallAnswer {
            reported,
            hashes_computed: answer.hashes_computed,
            hashes_per_sec: answer.hashes_per_sec,
        })
    }

    /// Takes `provider` out of this run because of `error`, and hands `error` back.
    fn disabled_by(&self, provider: u32, error: GpuPostError) -> GpuPostError {
        self.devices.disable(provider, error.to_string());
        error
    }
}

/// Every position must have been computed, except that PoW alone may stop once it
/// found a solution: then the positions before it (up to the range's end) must have
/// been. gpu-post's GPUs count whole chunks there; its CPU provider counts the
/// positions before the solution, not the solution itself.
fn check_hash_count(
    range: PositionRange,
    options: u32,
    reported: Option<u64>,
    computed: u64,
) -> Result<(), GpuPostError> {
    let asked = range.count();
    let least = match reported {
        Some(s) if options & ffi::COMPUTE_LEAFS == 0 => s.min(range.last()) - range.start(),
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
        // PoW alone may stop after the solution at 20 (the 11th position), counted
        // with it or without it ...
        assert!(check_hash_count(range, pow, Some(20), 11).is_ok());
        assert!(check_hash_count(range, pow, Some(20), 10).is_ok());
        assert!(check_hash_count(range, pow, Some(20), 64).is_ok());
        // ... but not before it.
        assert!(check_hash_count(range, pow, Some(20), 9).is_err());
        // A solution past the end (the last chunk's overshoot): all were computed.
        assert!(check_hash_count(range, pow, Some(150), 100).is_ok());
        assert!(check_hash_count(range, pow, Some(150), 98).is_err());
    }
}
