use pos_labels::{
    Backend, BatchOutcome, ComputeError, ComputeOptions, Difficulty, LabelParams, PositionRange,
    compute_labels, find_pow,
};

use super::{CancelToken, ComputeProvider, ProviderError, ProviderId, ProviderInfo, ProviderKind};

/// The built-in provider: pos-labels on this machine's cores, so the app works with
/// nothing installed.
pub struct CpuProvider {
    info: ProviderInfo,
    threads: usize,
    /// `threads` with 0 resolved to the logical cores.
    used_threads: usize,
    backend: Option<Backend>,
    memory_budget: usize,
}

/// Share of the memory free when the provider starts that its scratch may take: ROMix
/// needs N x 128 bytes a lane (128 MiB at N = 2^20), and a job must not push the
/// computer into swap.
pub const MEMORY_SHARE: f64 = 0.5;

/// [`MEMORY_SHARE`] of the memory free now, in bytes.
pub fn memory_budget_now() -> usize {
    let mut sys = sysinfo::System::new();
    sys.refresh_memory();
    let free = sys.available_memory();
    // Some containers report nothing: then only the per-thread cap applies.
    if free == 0 {
        return usize::MAX;
    }
    (free as f64 * MEMORY_SHARE) as usize
}

impl CpuProvider {
    /// `threads` = 0 uses every logical core; `backend` `None` picks the fastest.
    pub fn new(threads: usize, backend: Option<Backend>, model: impl Into<String>) -> Self {
        let used = match threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            t => t,
        };
        let simd = backend.unwrap_or_else(|| {
            Backend::available()
                .last()
                .copied()
                .unwrap_or(Backend::Scalar)
        });
        let memory_budget = memory_budget_now();
        let budget = if memory_budget == usize::MAX {
            String::new()
        } else {
            format!(
                ", scratch up to {}",
                crate::data_dir::human_bytes(memory_budget as u64)
            )
        };
        Self {
            info: ProviderInfo {
                id: ProviderId::cpu(),
                kind: ProviderKind::Cpu,
                model: model.into(),
                detail: format!(
                    "{used} {}, {simd}{budget}",
                    if used == 1 { "thread" } else { "threads" }
                ),
            },
            threads,
            used_threads: used,
            backend,
            memory_budget,
        }
    }

    /// Scratch bytes all its threads together may use (see [`MEMORY_SHARE`]).
    pub fn memory_budget(&self) -> usize {
        self.memory_budget
    }

    /// This machine's CPU model, e.g. "AMD EPYC 9354P 32-Core Processor".
    pub fn model_name() -> String {
        let mut sys = sysinfo::System::new();
        sys.refresh_cpu_list(sysinfo::CpuRefreshKind::nothing());
        sys.cpus()
            .first()
            .map(|c| c.brand().trim().to_owned())
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "CPU".into())
    }
}

impl ComputeProvider for CpuProvider {
    fn info(&self) -> &ProviderInfo {
        &self.info
    }

    fn compute(
        &self,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
        cancel: &CancelToken,
    ) -> Result<BatchOutcome, ProviderError> {
        let threads = match super::compute_mode() {
            super::ComputeMode::Full => self.threads,
            leave_room => super::cpu_threads(leave_room, self.used_threads),
        };
        let options = ComputeOptions {
            threads,
            backend: self.backend,
            stop: Some(cancel.flag()),
            pow,
            memory_budget: Some(self.memory_budget),
            ..Default::default()
        };
        let result = match (out, pow) {
            (Some(out), _) => compute_labels(params, range, out, &options),
            (None, Some(d)) => find_pow(params, range, d, &options)
                .map(|pow_solution| BatchOutcome { pow_solution }),
            (None, None) => Ok(BatchOutcome::default()),
        };
        result.map_err(|e| match e {
            ComputeError::Stopped => ProviderError::Cancelled,
            other => ProviderError::Compute(other.to_string()),
        })
    }
}
