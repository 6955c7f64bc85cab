//! What this process knows about each gpu-post device beyond the library's list: its
//! call thread, whether it may still be called, and its PoW chunk size per setup.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::error::GpuPostError;
use super::library::GpuPostApi;
use super::worker::DeviceThread;

/// Shows gpu-post's own CPU provider (class 1) among the devices when set to `1`. It
/// is single-threaded scalar C, far slower than this app's CPU provider, so only tests
/// (against a gpu-post built without CUDA) want it.
pub const ALLOW_CPU_ENV_VAR: &str = "POS_GPU_POST_ALLOW_CPU";
/// Overrides [`DEFAULT_CALL_TIMEOUT`], in milliseconds (for tests of a hung call).
pub const CALL_TIMEOUT_ENV_VAR: &str = "POS_GPU_POST_CALL_TIMEOUT_MS";
/// A library call that has not returned after this long is stopped and, if it still
/// does not return, given up on. Batches are sized to take about a second (up to a
/// few), and a device's first call at an N initialises it, which takes seconds more.
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Default)]
pub(crate) struct DeviceState {
    threads: Mutex<HashMap<u32, DeviceThread>>,
    /// Devices not to call again in this run, with the reason.
    disabled: Mutex<HashMap<u32, String>>,
    /// Positions per chunk, by (device, N, label bits): gpu-post sizes its chunks per
    /// initialisation, which it redoes when N or the label size changes.
    chunks: Mutex<HashMap<(u32, u32, u32), u64>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Each map stays consistent whatever panicked while holding it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl DeviceState {
    /// The reason `provider` may not be called again, if it may not.
    pub fn disabled(&self, provider: u32) -> Option<String> {
        lock(&self.disabled).get(&provider).cloned()
    }

    /// Takes `provider` out of this run, keeping the first reason given.
    pub fn disable(&self, provider: u32, reason: String) {
        tracing::warn!("gpu-post device {provider} is not used again in this run: {reason}");
        lock(&self.disabled).entry(provider).or_insert(reason);
        // A thread given up on is left to itself; a new one is never needed.
        lock(&self.threads).remove(&provider);
    }

    /// Runs `f` with `provider`'s call thread, started on first use.
    pub fn with_thread<T>(
        &self,
        api: GpuPostApi,
        provider: u32,
        f: impl FnOnce(&DeviceThread) -> Result<T, GpuPostError>,
    ) -> Result<T, GpuPostError> {
        let mut threads = lock(&self.threads);
        let thread = match threads.entry(provider) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(DeviceThread::spawn(api, provider)?)
            }
        };
        f(thread)
    }

    pub fn chunk(&self, key: (u32, u32, u32)) -> Option<u64> {
        lock(&self.chunks).get(&key).copied()
    }

    pub fn set_chunk(&self, key: (u32, u32, u32), positions: u64) {
        lock(&self.chunks).insert(key, positions);
    }
}

/// Whether the environment asks for gpu-post's CPU provider to be listed.
pub(crate) fn cpu_allowed() -> bool {
    std::env::var(ALLOW_CPU_ENV_VAR).is_ok_and(|v| v.trim() == "1")
}

/// The call timeout: [`CALL_TIMEOUT_ENV_VAR`] when set to a whole number, else the default.
pub(crate) fn call_timeout_from_env() -> Duration {
    std::env::var(CALL_TIMEOUT_ENV_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_CALL_TIMEOUT, Duration::from_millis)
}
