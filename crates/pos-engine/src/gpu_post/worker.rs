//! Every `scryptPositions` call runs on a thread of its own device, while the caller
//! waits with a watchdog. Two facts of gpu-post make this necessary:
//!
//! - it selects its CUDA device (`cudaSetDevice`) only when it initialises a device
//!   for an N, on the thread that called then: later calls from another thread would
//!   run on that thread's current device. One long-lived thread per device keeps
//!   every call of a device on the thread that initialised it;
//! - a call can fail to return (a driver fault, a wedged GPU). The caller then fires
//!   `stop()`, waits a moment, and gives up on the call: the device's thread is left
//!   behind, the device is not used again in this run, and the caller (a job, or the
//!   app quitting) goes on. The call owns its output buffer, so whatever the library
//!   writes late lands in memory nobody else uses.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::error::GpuPostError;
use super::library::GpuPostApi;

/// One call's inputs, owned, so that a call given up on cannot touch the caller.
pub(crate) struct RawCall {
    pub provider: u32,
    pub id: [u8; 32],
    pub salt: [u8; 32],
    pub start: u64,
    /// Inclusive, as gpu-post takes it.
    pub last: u64,
    pub bits: u32,
    pub options: u32,
    /// The packed labels, zeroed, when labels are asked for.
    pub out: Option<Vec<u8>>,
    pub n: u32,
    pub difficulty: Option<[u8; 32]>,
}

/// What one call returned, with the output buffer handed back.
pub(crate) struct RawAnswer {
    pub status: i32,
    pub idx_solution: u64,
    pub hashes_computed: u64,
    pub hashes_per_sec: u64,
    pub out: Option<Vec<u8>>,
}

type Job = (RawCall, Sender<RawAnswer>);

/// A device's call thread.
pub(crate) struct DeviceThread {
    jobs: Sender<Job>,
}

impl DeviceThread {
    pub fn spawn(api: GpuPostApi, provider: u32) -> Result<Self, GpuPostError> {
        let (jobs, incoming) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name(format!("gpu-post {provider}"))
            .spawn(move || serve(api, incoming))
            .map_err(|e| GpuPostError::NoThread {
                reason: e.to_string(),
            })?;
        Ok(Self { jobs })
    }

    /// Hands `call` to the device's thread; the answer comes on the returned channel.
    pub fn submit(&self, call: RawCall) -> Result<Receiver<RawAnswer>, GpuPostError> {
        let (answer, receiver) = mpsc::channel();
        self.jobs
            .send((call, answer))
            .map_err(|_| GpuPostError::NoThread {
                reason: "the device's call thread has ended".into(),
            })?;
        Ok(receiver)
    }
}

fn serve(api: GpuPostApi, incoming: Receiver<Job>) {
    for (mut call, answer) in incoming {
        let mut idx_solution = u64::MAX;
        let mut hashes_computed = 0u64;
        let mut hashes_per_sec = 0u64;
        let out_ptr = call
            .out
            .as_mut()
            .map_or(std::ptr::null_mut(), |o| o.as_mut_ptr());
        let d_ptr = call
            .difficulty
            .as_mut()
            .map_or(std::ptr::null_mut(), |d| d.as_mut_ptr());
        // SAFETY: `id` and `salt` are 32-byte arrays owned by this thread; `out_ptr` is
        // null or a buffer of exactly `ceil(count * bits / 8)` bytes (the caller made it
        // so), owned by this thread for the whole call; `d_ptr` is null or an owned
        // 32-byte copy; the last three point to locals. The caller's types guarantee N,
        // the label size and `start <= last` are valid. gpu-post keeps no pointer after
        // it returns.
        let status = unsafe {
            (api.scrypt_positions)(
                call.provider,
                call.id.as_ptr(),
                call.start,
                call.last,
                call.bits,
                call.salt.as_ptr(),
                call.options,
                out_ptr,
                call.n,
                1,
                1,
                d_ptr,
                &mut idx_solution,
                &mut hashes_computed,
                &mut hashes_per_sec,
            )
        };
        // The caller may have given up on this call: then nobody listens.
        let _ = answer.send(RawAnswer {
            status,
            idx_solution,
            hashes_computed,
            hashes_per_sec,
            out: call.out,
        });
    }
}

/// How often a waiting caller looks at the clock and at stops.
const POLL: Duration = Duration::from_millis(20);

/// How a wait for a call ended without an answer.
pub(crate) enum WaitFailure {
    /// The call ran past the call timeout; `stop()` was fired and then it still did
    /// not return.
    Overran,
    /// A stop came (a pause, quitting, or the watchdog) and the call did not end
    /// within `grace` of it.
    IgnoredStop,
    /// The device's thread went away without answering.
    Lost,
}

/// Waits for `answer`. After `timeout`, `fire_stop` is called once; `stopped` tells
/// whether a stop has come since the call began. `grace` after a stop (fired here or
/// elsewhere) the call is given up on.
pub(crate) fn wait(
    answer: &Receiver<RawAnswer>,
    timeout: Duration,
    grace: Duration,
    stopped: impl Fn() -> bool,
    fire_stop: impl FnOnce(),
) -> Result<(RawAnswer, bool), WaitFailure> {
    let started = Instant::now();
    let mut fire_stop = Some(fire_stop);
    let mut overran = false;
    let mut stop_seen: Option<Instant> = None;
    loop {
        match answer.recv_timeout(POLL) {
            Ok(a) => return Ok((a, overran)),
            Err(RecvTimeoutError::Disconnected) => return Err(WaitFailure::Lost),
            Err(RecvTimeoutError::Timeout) => {}
        }
        if stop_seen.is_none() && stopped() {
            stop_seen = Some(Instant::now());
        }
        if !overran && started.elapsed() >= timeout {
            overran = true;
            if let Some(fire) = fire_stop.take() {
                fire();
            }
            stop_seen.get_or_insert_with(Instant::now);
        }
        if stop_seen.is_some_and(|t| t.elapsed() >= grace) {
            return Err(if overran {
                WaitFailure::Overran
            } else {
                WaitFailure::IgnoredStop
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn answer(status: i32) -> RawAnswer {
        RawAnswer {
            status,
            idx_solution: u64::MAX,
            hashes_computed: 0,
            hashes_per_sec: 0,
            out: None,
        }
    }

    #[test]
    fn an_answer_in_time_is_returned_without_a_stop() {
        let (tx, rx) = mpsc::channel();
        tx.send(answer(7)).unwrap();
        let fired = Cell::new(false);
        let got = wait(
            &rx,
            Duration::from_secs(60),
            Duration::ZERO,
            || false,
            || fired.set(true),
        );
        let (a, overran) = got.ok().unwrap();
        assert_eq!((a.status, overran, fired.get()), (7, false, false));
    }

    #[test]
    fn a_call_past_its_timeout_is_stopped_once_then_given_up_on() {
        let (_tx, rx) = mpsc::channel::<RawAnswer>();
        let fired = Cell::new(0);
        let got = wait(
            &rx,
            Duration::ZERO,
            Duration::ZERO,
            || false,
            || fired.set(fired.get() + 1),
        );
        assert!(matches!(got, Err(WaitFailure::Overran)));
        assert_eq!(fired.get(), 1);
    }

    #[test]
    fn a_call_that_answers_after_the_watchdogs_stop_counts_as_overrun() {
        let (tx, rx) = mpsc::channel();
        let got = wait(
            &rx,
            Duration::ZERO,
            Duration::from_secs(60),
            || false,
            || tx.send(answer(-4)).unwrap(),
        );
        let (a, overran) = got.ok().unwrap();
        assert_eq!((a.status, overran), (-4, true));
    }

    #[test]
    fn a_stop_from_elsewhere_that_the_call_ignores_ends_the_wait() {
        let (_tx, rx) = mpsc::channel::<RawAnswer>();
        let got = wait(
            &rx,
            Duration::from_secs(60),
            Duration::ZERO,
            || true,
            || panic!("the watchdog must not fire"),
        );
        assert!(matches!(got, Err(WaitFailure::IgnoredStop)));
    }

    #[test]
    fn a_thread_gone_without_answering_is_lost() {
        let (tx, rx) = mpsc::channel::<RawAnswer>();
        drop(tx);
        let got = wait(
            &rx,
            Duration::from_secs(60),
            Duration::ZERO,
            || false,
            || {},
        );
        assert!(matches!(got, Err(WaitFailure::Lost)));
    }
}
