//! How hard the processors work: at full speed, or leaving room for the person who
//! uses the computer (a laptop that stays cool, a game that stays smooth). One setting
//! for the whole process, like the system's power plan, read by each provider at each
//! batch, so a change applies from the next batch of every job.
//!
//! Leaving room: the CPU provider uses half its threads; our OpenCL kernel rests after
//! each launch (about 60 ms) as long as the launch took
//! (`pos_opencl::DeviceOptions::rest_between_launches`); gpu-post's GPUs rest after each
//! batch as long as it took (`provider/gpu.rs`; its own throttled mode was far slower
//! than half on an H200). Measured in docs/PERFORMANCE.md.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ComputeMode {
    #[default]
    Full,
    LeaveRoom,
}

static LEAVE_ROOM: AtomicBool = AtomicBool::new(false);

/// Sets how hard every provider of this process works, from the next batch on.
pub fn set_compute_mode(mode: ComputeMode) {
    LEAVE_ROOM.store(mode == ComputeMode::LeaveRoom, Ordering::Relaxed);
}

pub fn compute_mode() -> ComputeMode {
    if LEAVE_ROOM.load(Ordering::Relaxed) {
        ComputeMode::LeaveRoom
    } else {
        ComputeMode::Full
    }
}

/// The CPU threads to compute with in `mode`, of `threads` at full speed: half of
/// them, at least one, leave room.
pub fn cpu_threads(mode: ComputeMode, threads: usize) -> usize {
    match mode {
        ComputeMode::Full => threads,
        ComputeMode::LeaveRoom => (threads / 2).max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_room_halves_the_cpu_threads_and_keeps_one() {
        assert_eq!(cpu_threads(ComputeMode::Full, 16), 16);
        assert_eq!(cpu_threads(ComputeMode::LeaveRoom, 16), 8);
        assert_eq!(cpu_threads(ComputeMode::LeaveRoom, 3), 1);
        assert_eq!(cpu_threads(ComputeMode::LeaveRoom, 1), 1);
    }
}
