//! One OpenCL device as a label computer: opened on first use, buffers kept for the
//! last N, one batch at a time.

use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use pos_labels::{Difficulty, LabelParams, PositionRange};

use crate::OpenClError;
use crate::batch::run_batch;
use crate::discovery::DeviceInfo;
use crate::session::{Session, is_out_of_memory};
use crate::sizing::SizeLimits;

/// Tuning and test knobs; [`DeviceOptions::from_env`] reads the `POS_OPENCL_*` variables.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceOptions {
    pub limits: SizeLimits,
    /// Caps the ROMix iterations of one launch (tests force many slices).
    pub max_iterations_per_launch: Option<u32>,
    /// Device time one launch aims at: far below the 2 s Windows watchdog, long enough
    /// that launch overhead does not count.
    pub launch_target: Duration,
    /// Work-items per work-group of the ROMix kernel (a power of two); `None` picks
    /// 256 for the quad kernel and 64 for the one-work-item kernel.
    pub work_group_size: Option<usize>,
    /// Work-items per label in ROMix: 4 (quad) or 1; `None` picks 4 where the quad
    /// exchange is a shuffle (NVIDIA) and 1 elsewhere.
    pub split: Option<u32>,
    /// "Leave room" for the person using the computer: each ROMix launch is waited
    /// for and followed by a rest as long as it took, so the GPU computes about half
    /// of the time, in slices of `launch_target`. Set per call by
    /// [`Device::compute_paced`].
    pub rest_between_launches: bool,
}

impl Default for DeviceOptions {
    fn default() -> Self {
        Self {
            limits: SizeLimits::default(),
            max_iterations_per_launch: None,
            launch_target: Duration::from_millis(60),
            work_group_size: None,
            split: None,
            rest_between_launches: false,
        }
    }
}

impl DeviceOptions {
    /// Defaults, overridden by `POS_OPENCL_MAX_LANES`, `POS_OPENCL_MAX_BUFFER_BYTES`,
    /// `POS_OPENCL_MAX_SLICE` (iterations per launch), `POS_OPENCL_WORK_GROUP` and
    /// `POS_OPENCL_SPLIT` (1 or 4).
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        let mut options = Self::default();
        if let Some(v) = var("POS_OPENCL_MAX_LANES") {
            options.limits.max_lanes = v as usize;
        }
        if let Some(v) = var("POS_OPENCL_MAX_BUFFER_BYTES") {
            options.limits.max_buffer_bytes = Some(v);
        }
        if let Some(v) = var("POS_OPENCL_MAX_SLICE") {
            options.max_iterations_per_launch = Some(v.max(1) as u32);
        }
        if let Some(v) = var("POS_OPENCL_WORK_GROUP") {
            options.work_group_size = Some((v as usize).next_power_of_two().clamp(8, 1024));
        }
        if let Some(v) = var("POS_OPENCL_SPLIT") {
            options.split = Some(if v >= 4 { 4 } else { 1 });
        }
        options
    }
}

pub struct OpenClDevice {
    info: DeviceInfo,
    options: DeviceOptions,
    /// Opened on the first batch (building the program takes a while on some drivers).
    session: Mutex<Option<Session>>,
}

impl OpenClDevice {
    pub fn new(info: DeviceInfo, options: DeviceOptions) -> Self {
        Self {
            info,
            options,
            session: Mutex::new(None),
        }
    }

    pub fn info(&self) -> &DeviceInfo {
        &self.info
    }

    /// Lanes in flight for `params.n` after the first batch (for reports), or `None`.
    pub fn lanes(&self) -> Option<usize> {
        let session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        session
            .as_ref()
            .and_then(|s| s.allocation.as_ref())
            .map(|a| a.total_lanes())
    }

    /// Computes the packed labels of `range` into `out` (or only PoW when `out` is
    /// `None`) and returns the lowest PoW solution of the range when `pow` is given.
    /// Returns `Cancelled` within a launch or two of `stop` being set.
    pub fn compute(
        &self,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
        stop: &AtomicBool,
    ) -> Result<Option<u64>, OpenClError> {
        self.compute_paced(params, range, out, pow, stop, false)
    }

    /// [`compute`](Self::compute), resting between launches when `rest` is set (see
    /// [`DeviceOptions::rest_between_launches`]): the same labels, at about half speed.
    pub fn compute_paced(
        &self,
        params: &LabelParams,
        range: PositionRange,
        mut out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
        stop: &AtomicBool,
        rest: bool,
    ) -> Result<Option<u64>, OpenClError> {
        let paced;
        let options = if rest {
            paced = DeviceOptions {
                rest_between_launches: true,
                ..self.options.clone()
            };
            &paced
        } else {
            &self.options
        };
        if let Some(out) = &out {
            let want = params.bits.packed_len(range.count());
            if want != Some(out.len()) {
                return Err(OpenClError::Invalid(format!(
                    "output buffer of {} bytes for {} labels of {} bits",
                    out.len(),
                    range.count(),
                    params.bits.get()
                )));
            }
        }
        if out.is_none() && pow.is_none() {
            return Ok(None);
        }
        let mut guard = self.session.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(Session::open(&self.info)?);
        }
        let session = guard.as_mut().expect("opened above");
        loop {
            session.allocate(params.n, &self.info, &self.options.limits)?;
            match run_batch(
                session,
                params,
                range,
                out.as_deref_mut(),
                pow,
                stop,
                options,
            ) {
                Err(e) if is_out_of_memory(&e) => {
                    // NVIDIA reserves memory at first use: fewer lanes, same batch again.
                    let _ = session.queue.finish();
                    if !session.shrink(&self.info, &options.limits)? {
                        return Err(e);
                    }
                }
                other => return other,
            }
        }
    }
}
