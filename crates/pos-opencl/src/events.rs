//! Waiting for the device without burning a CPU core: NVIDIA's blocking OpenCL calls
//! (`clFinish`, `clWaitForEvents`, blocking reads) spin, so commands are flushed and
//! their events polled with short sleeps instead.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use opencl3::event::{CL_COMPLETE, Event};

use crate::OpenClError;

/// Between two looks at an event: from 1 ms, doubling up to 8 ms while the command runs.
/// Two launches (and the next chunk) are queued ahead, so a late look costs the device
/// nothing, and a 60 ms launch takes about ten looks.
const FIRST_POLL: Duration = Duration::from_millis(1);
const LONGEST_POLL: Duration = Duration::from_millis(8);

/// Waits until `event` completed; with `stop`, returns `Cancelled` once it is set.
pub fn wait(event: &Event, stop: Option<&AtomicBool>) -> Result<(), OpenClError> {
    let mut pause = FIRST_POLL;
    loop {
        let status = event
            .command_execution_status()
            .map_err(|e| OpenClError::cl("waiting for the device", e))?;
        if status.0 == CL_COMPLETE {
            return Ok(());
        }
        if status.0 < 0 {
            return Err(OpenClError::cl("a command on the device", status.0.into()));
        }
        if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return Err(OpenClError::Cancelled);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(LONGEST_POLL);
    }
}

/// How long a completed command ran on the device, from the queue's profiling info.
pub fn device_time(event: &Event) -> Option<Duration> {
    let start = event.profiling_command_start().ok()?;
    let end = event.profiling_command_end().ok()?;
    Some(Duration::from_nanos(end.saturating_sub(start)))
}

/// Commands submitted and not yet waited for, with what the caller wants back when each
/// completes. At most `depth` stay in flight: enough that the device never runs dry,
/// few enough that a cancelled job stops within a couple of launches.
pub struct InFlight<T> {
    queue: VecDeque<(Event, T)>,
    depth: usize,
}

impl<T> InFlight<T> {
    pub fn new(depth: usize) -> Self {
        Self {
            queue: VecDeque::new(),
            depth: depth.max(1),
        }
    }

    /// Adds `event`; when that makes more than `depth`, waits for the oldest and returns
    /// it with its tag.
    pub fn push(
        &mut self,
        event: Event,
        tag: T,
        stop: &AtomicBool,
    ) -> Result<Option<(Event, T)>, OpenClError> {
        self.queue.push_back((event, tag));
        if self.queue.len() <= self.depth {
            return Ok(None);
        }
        let (event, tag) = self.queue.pop_front().expect("not empty");
        wait(&event, Some(stop))?;
        Ok(Some((event, tag)))
    }

    /// Forgets every command (the in-order queue still runs them before later ones).
    pub fn clear(&mut self) {
        self.queue.clear();
    }
}
