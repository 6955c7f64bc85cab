//! `stop()`: one process-wide abort flag that running calls watch, as in gpu-post.
//!
//! gpu-post's `stop(ms)` raises the flag, waits until no provider is busy or `ms` have
//! passed, then lowers the flag again; a second `stop` while one is waiting returns
//! "already". A call that starts after `stop` returned is not affected.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::abi;

/// Raised while a `stop` is in progress; the label computation polls it.
pub static ABORT: AtomicBool = AtomicBool::new(false);
static BUSY_CALLS: AtomicUsize = AtomicUsize::new(0);

/// Marks one `scryptPositions` call as running until dropped.
pub struct BusyCall(());

impl BusyCall {
    pub fn begin() -> Self {
        BUSY_CALLS.fetch_add(1, Ordering::SeqCst);
        Self(())
    }
}

impl Drop for BusyCall {
    fn drop(&mut self) {
        BUSY_CALLS.fetch_sub(1, Ordering::SeqCst);
    }
}

pub fn is_aborting() -> bool {
    ABORT.load(Ordering::SeqCst)
}

/// Sleeps for `duration` in short slices; false when a stop cut it short.
pub fn sleep_unless_aborted(duration: Duration) -> bool {
    const SLICE: Duration = Duration::from_millis(2);
    let deadline = Instant::now() + duration;
    loop {
        if is_aborting() {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            return true;
        }
        std::thread::sleep(SLICE.min(deadline - now));
    }
}

/// gpu-post's `stop(ms_timeout)`: 0 when every call has ended, -2 when some still
/// ran after `ms_timeout`, -3 when another stop is already waiting.
pub fn stop(ms_timeout: u32) -> i32 {
    if ABORT.swap(true, Ordering::SeqCst) {
        return abi::ERROR_ALREADY;
    }
    let deadline = Instant::now() + Duration::from_millis(ms_timeout as u64);
    let status = loop {
        if BUSY_CALLS.load(Ordering::SeqCst) == 0 {
            break abi::ERROR_NONE;
        }
        if Instant::now() >= deadline {
            break abi::ERROR_TIMEOUT;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    ABORT.store(false, Ordering::SeqCst);
    status
}
