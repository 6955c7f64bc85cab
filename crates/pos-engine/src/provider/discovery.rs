//! Finding the providers of this machine: the built-in CPU provider always, every GPU
//! that gpu-post lists when its library loads, and every OpenCL GPU. A library that is
//! missing or broken is reported (for the processors page), never fatal.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{ComputeProvider, CpuProvider, GpuProvider, OpenClProvider};
use crate::gpu_post::LibrarySearch;

/// Where to look for gpu-post and how to run the CPU provider.
#[derive(Debug, Clone, Default)]
pub struct DiscoverySettings {
    /// A library path chosen by the person (a setting or `--lib`).
    pub gpu_library: Option<PathBuf>,
    /// The app's bundled resources folder.
    pub resources_dir: Option<PathBuf>,
    /// CPU threads; 0 = every logical core.
    pub cpu_threads: usize,
    /// Leave gpu-post and OpenCL alone entirely.
    pub no_gpu: bool,
}

/// What became of the GPU library, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum GpuLibraryStatus {
    Disabled,
    /// Loaded from `path`; `devices` GPUs listed.
    Loaded {
        path: PathBuf,
        devices: usize,
    },
    /// Nothing loaded: why, covering every place that was tried.
    Unavailable {
        reason: String,
    },
}

/// What became of OpenCL (our own kernel), in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OpenClStatus {
    Disabled,
    /// `devices` OpenCL devices on `platforms` platforms became providers.
    Found {
        platforms: usize,
        devices: usize,
    },
    /// No OpenCL device: why (no OpenCL library, no platform, only CPU devices).
    Unavailable {
        reason: String,
    },
}

impl From<pos_opencl::OpenClStatus> for OpenClStatus {
    fn from(status: pos_opencl::OpenClStatus) -> Self {
        match status {
            pos_opencl::OpenClStatus::Found { platforms, devices } => {
                Self::Found { platforms, devices }
            }
            pos_opencl::OpenClStatus::Unavailable { reason } => Self::Unavailable { reason },
        }
    }
}

pub struct ProviderSet {
    /// The CPU provider first, then gpu-post's GPUs, then OpenCL devices.
    pub providers: Vec<Arc<dyn ComputeProvider>>,
    pub gpu_library: GpuLibraryStatus,
    pub opencl: OpenClStatus,
}

pub fn discover(settings: &DiscoverySettings) -> ProviderSet {
    let cpu = CpuProvider::new(settings.cpu_threads, None, CpuProvider::model_name());
    let mut providers: Vec<Arc<dyn ComputeProvider>> = vec![Arc::new(cpu)];
    if settings.no_gpu {
        return ProviderSet {
            providers,
            gpu_library: GpuLibraryStatus::Disabled,
            opencl: OpenClStatus::Disabled,
        };
    }
    let search = LibrarySearch::new(settings.gpu_library.clone(), settings.resources_dir.clone());
    let gpu_library = match search.load() {
        Ok(loaded) => {
            let library = Arc::new(loaded.library);
            match library.devices() {
                Ok(devices) => {
                    let count = devices.len();
                    for device in devices {
                        providers.push(Arc::new(GpuProvider::new(library.clone(), device)));
                    }
                    GpuLibraryStatus::Loaded {
                        path: library.path().to_owned(),
                        devices: count,
                    }
                }
                Err(e) => GpuLibraryStatus::Unavailable {
                    reason: format!(
                        "{} loaded but could not list its GPUs: {e}",
                        library.path().display()
                    ),
                },
            }
        }
        Err(e) => GpuLibraryStatus::Unavailable {
            reason: e.to_string(),
        },
    };
    if let GpuLibraryStatus::Unavailable { reason } = &gpu_library {
        tracing::info!("GPU library unavailable, computing on the CPU: {reason}");
    }
    let opencl = discover_opencl(&mut providers);
    ProviderSet {
        providers,
        gpu_library,
        opencl,
    }
}

/// Adds every OpenCL device (GPUs; CPU devices with `POS_OPENCL_ALLOW_CPU=1`).
fn discover_opencl(providers: &mut Vec<Arc<dyn ComputeProvider>>) -> OpenClStatus {
    let found = pos_opencl::discover();
    let options = pos_opencl::DeviceOptions::from_env();
    for device in found.devices {
        providers.push(Arc::new(OpenClProvider::new(device, options.clone())));
    }
    if let pos_opencl::OpenClStatus::Unavailable { reason } = &found.status {
        tracing::info!("no OpenCL device: {reason}");
    }
    found.status.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_gpu_leaves_opencl_alone_too() {
        let set = discover(&DiscoverySettings {
            no_gpu: true,
            ..Default::default()
        });
        assert_eq!(set.opencl, OpenClStatus::Disabled);
        assert_eq!(set.providers.len(), 1);
    }

    #[test]
    fn opencl_status_keeps_its_reason_and_serialises_like_the_library_status() {
        let status: OpenClStatus = pos_opencl::OpenClStatus::Unavailable {
            reason: "no OpenCL library".into(),
        }
        .into();
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            serde_json::json!({"status": "unavailable", "reason": "no OpenCL library"})
        );
        let found: OpenClStatus = pos_opencl::OpenClStatus::Found {
            platforms: 1,
            devices: 2,
        }
        .into();
        assert_eq!(
            serde_json::to_value(&found).unwrap(),
            serde_json::json!({"status": "found", "platforms": 1, "devices": 2})
        );
    }
}
