//! Bookkeeping of the calls into gpu-post that this app has running, for two things
//! the library does not do itself:
//!
//! - one batch per provider at a time (two calls on one provider would share its
//!   device state inside the library);
//! - a `stop` that really stops: gpu-post's `stop` only cancels calls that are busy at
//!   that moment, and one batch here can be several library calls (PoW normalisation).
//!   Every stop starts a new *epoch*; a batch remembers the epoch it began in and makes
//!   no further library call once the epoch has moved on, and `stop` keeps cancelling
//!   until no call from an older epoch is left.

use std::sync::{Mutex, MutexGuard, PoisonError};

use super::error::GpuPostError;

#[derive(Default)]
pub struct RunningCalls {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    epoch: u64,
    claimed_providers: Vec<u32>,
    /// The epoch of each library call in progress.
    calls_in_library: Vec<u64>,
}

impl RunningCalls {
    fn state(&self) -> MutexGuard<'_, State> {
        // The state stays consistent whatever panicked while holding the lock.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn epoch(&self) -> u64 {
        self.state().epoch
    }

    /// Reserves `provider` for one batch until the claim is dropped.
    pub fn claim(&self, provider: u32) -> Result<ProviderClaim<'_>, GpuPostError> {
        let mut state = self.state();
        if state.claimed_providers.contains(&provider) {
            return Err(GpuPostError::ProviderBusy { provider });
        }
        state.claimed_providers.push(provider);
        Ok(ProviderClaim {
            calls: self,
            provider,
        })
    }

    /// Records a library call of a batch that began in `epoch`, or refuses it when a
    /// stop came since.
    pub fn enter(&self, epoch: u64) -> Result<LibraryCall<'_>, GpuPostError> {
        let mut state = self.state();
        if state.epoch != epoch {
            return Err(GpuPostError::Cancelled);
        }
        state.calls_in_library.push(epoch);
        Ok(LibraryCall { calls: self, epoch })
    }

    /// Starts a new epoch and returns it: later batches are not affected by this stop.
    pub fn begin_stop(&self) -> u64 {
        let mut state = self.state();
        state.epoch += 1;
        state.epoch
    }

    /// Library calls in progress (given-up ones not counted).
    pub fn in_library(&self) -> usize {
        self.state().calls_in_library.len()
    }

    /// Whether a library call that began before `epoch` is still in progress.
    pub fn calls_before(&self, epoch: u64) -> bool {
        self.state().calls_in_library.iter().any(|&e| e < epoch)
    }
}

pub struct ProviderClaim<'a> {
    calls: &'a RunningCalls,
    provider: u32,
}

impl Drop for ProviderClaim<'_> {
    fn drop(&mut self) {
        let mut state = self.calls.state();
        if let Some(i) = state
            .claimed_providers
            .iter()
            .position(|&p| p == self.provider)
        {
            state.claimed_providers.swap_remove(i);
        }
    }
}

pub struct LibraryCall<'a> {
    calls: &'a RunningCalls,
    epoch: u64,
}

impl Drop for LibraryCall<'_> {
    fn drop(&mut self) {
        let mut state = self.calls.state();
        if let Some(i) = state.calls_in_library.iter().position(|&e| e == self.epoch) {
            state.calls_in_library.swap_remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_batch_per_provider() {
        let calls = RunningCalls::default();
        let first = calls.claim(0).unwrap();
        assert!(matches!(
            calls.claim(0),
            Err(GpuPostError::ProviderBusy { provider: 0 })
        ));
        let _other = calls.claim(1).unwrap();
        drop(first);
        assert!(calls.claim(0).is_ok());
    }

    #[test]
    fn a_stop_refuses_further_calls_of_older_batches_only() {
        let calls = RunningCalls::default();
        let old = calls.epoch();
        let running = calls.enter(old).unwrap();
        let stop = calls.begin_stop();
        assert!(calls.calls_before(stop));
        assert!(matches!(calls.enter(old), Err(GpuPostError::Cancelled)));
        let newer = calls.enter(calls.epoch()).unwrap();
        drop(running);
        assert!(!calls.calls_before(stop), "a newer call does not count");
        drop(newer);
    }
}
