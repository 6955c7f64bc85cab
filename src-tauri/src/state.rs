//! What the commands share: the engine's queue, the providers found at start, settings.

use std::sync::{Arc, Mutex};

use pos_engine::provider::{ComputeProvider, GpuLibraryStatus, OpenClStatus};
use pos_engine::{JobQueue, ProviderInfo};
use serde::Serialize;

use crate::api_server::ApiServer;
use crate::settings::AppSettings;

/// The providers and why the GPU library did (not) load, for the Processors page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProvidersView {
    pub providers: Vec<ProviderInfo>,
    pub gpu_library: GpuLibraryStatus,
    /// Why there is (no) OpenCL GPU: the built-in GPU provider.
    pub opencl: OpenClStatus,
}

pub struct AppState {
    pub queue: JobQueue,
    pub providers: Vec<Arc<dyn ComputeProvider>>,
    pub gpu_library: GpuLibraryStatus,
    pub opencl: OpenClStatus,
    pub settings: Mutex<AppSettings>,
    /// The old server's gRPC API, while the setting is on.
    pub api_server: ApiServer,
    /// What went wrong while starting that the person should know (the job list was
    /// damaged and moved aside, ...); the window shows them once it opens.
    pub startup_notices: Vec<String>,
    /// The repairs running now (`repair_job`), so that `stop_repair` can stop them.
    pub repairs: crate::repair::Repairs,
}

impl AppState {
    pub fn providers_view(&self) -> ProvidersView {
        ProvidersView {
            providers: self.providers.iter().map(|p| p.info().clone()).collect(),
            gpu_library: self.gpu_library.clone(),
            opencl: self.opencl.clone(),
        }
    }

    pub fn settings(&self) -> AppSettings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
