//! The processors the queue runs work on. Each is wrapped so that one call computes
//! on it at a time: a speed measurement of a processor that a job is using waits for
//! the job's batch instead of failing it (gpu-post refuses a second call on a device).

use std::sync::{Arc, Mutex};

use pos_labels::{BatchOutcome, Difficulty, LabelParams, PositionRange};

use super::board::{FileProgress, Slot};
use crate::data_dir::DataDir;
use crate::error::EngineError;
use crate::job::ProviderChoice;
use crate::provider::{
    CancelToken, ComputeProvider, ProviderError, ProviderId, ProviderInfo, ProviderKind,
};

/// One call at a time on the provider it wraps.
struct OneCallAtATime {
    inner: Arc<dyn ComputeProvider>,
    calls: Mutex<()>,
}

impl ComputeProvider for OneCallAtATime {
    fn info(&self) -> &ProviderInfo {
        self.inner.info()
    }

    fn compute(
        &self,
        params: &LabelParams,
        range: PositionRange,
        out: Option<&mut [u8]>,
        pow: Option<&Difficulty>,
        cancel: &CancelToken,
    ) -> Result<BatchOutcome, ProviderError> {
        let _one = self.calls.lock().unwrap_or_else(|p| p.into_inner());
        self.inner.compute(params, range, out, pow, cancel)
    }

    fn needs_spot_check(&self) -> bool {
        self.inner.needs_spot_check()
    }

    fn labels_in_flight(&self, params: &LabelParams) -> u64 {
        self.inner.labels_in_flight(params)
    }
}

pub(super) struct Processors {
    all: Vec<Arc<dyn ComputeProvider>>,
}

impl Processors {
    pub fn new(providers: Vec<Arc<dyn ComputeProvider>>) -> Self {
        let all = providers
            .into_iter()
            .map(|inner| {
                Arc::new(OneCallAtATime {
                    inner,
                    calls: Mutex::new(()),
                }) as Arc<dyn ComputeProvider>
            })
            .collect();
        Self { all }
    }

    /// The board's view: every processor switched on and idle.
    ///
    /// "Automatic" means every GPU, and the CPU only when no GPU can run the job. When
    /// the built-in OpenCL provider lists GPUs, gpu-post's are left out of automatic
    /// jobs: they are the same devices seen through another library (two providers on
    /// one GPU would halve each other), and ours is the faster and the right one at
    /// every N (gpu-post is wrong from N = 8192). gpu-post's stay available by name.
    pub fn slots(&self) -> Vec<Slot> {
        let opencl_gpus = self
            .all
            .iter()
            .any(|p| p.info().kind == ProviderKind::OpenCl);
        self.all
            .iter()
            .map(|p| {
                let info = p.info();
                let is_cpu = info.kind == ProviderKind::Cpu;
                let gpu_post = info.id.is_gpu_post();
                Slot {
                    id: info.id.clone(),
                    is_cpu,
                    automatic: !(is_cpu || gpu_post && opencl_gpus),
                    label: info.model.clone(),
                    enabled: true,
                    busy: None,
                }
            })
            .collect()
    }

    pub fn infos(&self) -> Vec<ProviderInfo> {
        self.all.iter().map(|p| p.info().clone()).collect()
    }

    pub fn get(&self, id: &ProviderId) -> Option<Arc<dyn ComputeProvider>> {
        self.all.iter().find(|p| &p.info().id == id).cloned()
    }

    /// Refuses a job whose chosen processors are not on this computer.
    pub fn check_choice(&self, choice: &ProviderChoice) -> Result<(), EngineError> {
        if self.all.is_empty() {
            return Err(EngineError::NoProvider(
                "this computer has no processor to compute with".into(),
            ));
        }
        if let ProviderChoice::Specific(ids) = choice
            && let Some(missing) = ids.iter().find(|id| self.get(id).is_none())
        {
            return Err(EngineError::NoProvider(format!(
                "{missing} is not available on this computer"
            )));
        }
        Ok(())
    }
}

/// How far each file of an open data folder got, and whether its PoW is still open.
/// A shard's job has nothing to do in the other shards' files, nor past the end of the
/// data (the PoW search there is for a run of the whole job).
pub(super) fn file_progress(data: &DataDir) -> (Vec<FileProgress>, bool) {
    let geometry = data.geometry();
    let files = (0..geometry.file_count())
        .map(|i| match data.writes_file(i) {
            true => FileProgress {
                labels: geometry.span(i).labels,
                durable: data.durable_labels_in(i),
            },
            false => FileProgress {
                labels: 0,
                durable: 0,
            },
        })
        .collect();
    let pow_pending =
        data.layout().pow.is_some() && data.pow_solution().is_none() && data.shard().is_none();
    (files, pow_pending)
}
