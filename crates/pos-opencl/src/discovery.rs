//! Finding OpenCL devices. The OpenCL library is loaded at run time (opencl3's `dynamic`
//! feature), so a machine without it gets a status that says so, never an error.

use opencl3::device::{CL_DEVICE_TYPE_ALL, CL_DEVICE_TYPE_CPU, CL_DEVICE_TYPE_GPU, Device};
use opencl3::error_codes::ClError;
use opencl3::platform::get_platforms;

/// Set to `1` to list CPU OpenCL devices too (tests run the kernel on PoCL through it).
pub const ALLOW_CPU_ENV: &str = "POS_OPENCL_ALLOW_CPU";

/// cl3's code for "the OpenCL library could not be loaded".
const RUNTIME_LOAD_FAILED: i32 = -2000;
/// The ICD loader's "no platforms" (CL_PLATFORM_NOT_FOUND_KHR).
const PLATFORM_NOT_FOUND: i32 = -1001;

/// One OpenCL device that can compute labels.
#[derive(Debug, Clone)]
pub struct DeviceInfo {
    /// `opencl:<n>`: devices numbered by platform, then by the platform's device index,
    /// so the numbers stay the same across runs on the same machine.
    pub id: String,
    pub platform: String,
    pub name: String,
    pub driver_version: String,
    /// The OpenCL version the device reports, e.g. "OpenCL 3.0 CUDA".
    pub version: String,
    pub global_mem_bytes: u64,
    pub max_alloc_bytes: u64,
    pub compute_units: u32,
    pub is_cpu: bool,
    /// The GPU shares the computer's memory (CL_DEVICE_HOST_UNIFIED_MEMORY): an
    /// integrated GPU, next to the CPU, as on laptops and Apple silicon.
    pub integrated: bool,
    pub(crate) device: Device,
}

/// What became of OpenCL on this machine, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenClStatus {
    /// The library loaded and `devices` devices are usable.
    Found { platforms: usize, devices: usize },
    /// No usable device: why (no library, no platform, only CPU devices, ...).
    Unavailable { reason: String },
}

/// The devices found and the status to show.
#[derive(Debug, Clone)]
pub struct Discovery {
    pub devices: Vec<DeviceInfo>,
    pub status: OpenClStatus,
}

/// Lists every GPU (and accelerator) of every platform; CPU devices only with
/// `POS_OPENCL_ALLOW_CPU=1`.
pub fn discover() -> Discovery {
    let allow_cpu = std::env::var(ALLOW_CPU_ENV).is_ok_and(|v| v == "1");
    discover_with(allow_cpu)
}

pub fn discover_with(allow_cpu: bool) -> Discovery {
    let platforms = match get_platforms() {
        Ok(p) => p,
        Err(e) => {
            return Discovery {
                devices: Vec::new(),
                status: OpenClStatus::Unavailable {
                    reason: platform_error_reason(e),
                },
            };
        }
    };
    let mut devices = Vec::new();
    let mut skipped_cpu = 0usize;
    let mut errors = Vec::new();
    for platform in &platforms {
        let platform_name = platform
            .name()
            .unwrap_or_else(|_| "unnamed platform".into());
        let ids = match platform.get_devices(CL_DEVICE_TYPE_ALL) {
            Ok(ids) => ids,
            Err(e) => {
                // CL_DEVICE_NOT_FOUND (-1) is an empty platform, not a failure.
                if e.0 != -1 {
                    errors.push(format!("{platform_name}: {e}"));
                }
                continue;
            }
        };
        for id in ids {
            let device = Device::new(id);
            let device_type = device.dev_type().unwrap_or(0);
            let is_cpu = device_type & CL_DEVICE_TYPE_CPU != 0;
            let is_gpu = device_type & CL_DEVICE_TYPE_GPU != 0;
            if is_cpu && !is_gpu && !allow_cpu {
                skipped_cpu += 1;
                continue;
            }
            // The kernels read words as little-endian (as every GPU stores them).
            if !device.endian_little().unwrap_or(true) {
                errors.push(format!("{}: big-endian, not supported", platform_name));
                continue;
            }
            devices.push(DeviceInfo {
                id: String::new(),
                platform: platform_name.clone(),
                name: device.name().unwrap_or_else(|_| "OpenCL device".into()),
                driver_version: device.driver_version().unwrap_or_default(),
                version: device.version().unwrap_or_default(),
                global_mem_bytes: device.global_mem_size().unwrap_or(0),
                max_alloc_bytes: device.max_mem_alloc_size().unwrap_or(0),
                compute_units: device.max_compute_units().unwrap_or(1),
                is_cpu: is_cpu && !is_gpu,
                integrated: device.host_unified_memory().unwrap_or(false),
                device,
            });
        }
    }
    for (n, d) in devices.iter_mut().enumerate() {
        d.id = format!("opencl:{n}");
    }
    let status = if devices.is_empty() {
        OpenClStatus::Unavailable {
            reason: no_device_reason(platforms.len(), skipped_cpu, &errors),
        }
    } else {
        OpenClStatus::Found {
            platforms: platforms.len(),
            devices: devices.len(),
        }
    };
    Discovery { devices, status }
}

/// Why `clGetPlatformIDs` gave nothing.
pub fn platform_error_reason(e: ClError) -> String {
    match e.0 {
        RUNTIME_LOAD_FAILED => format!(
            "no OpenCL library on this machine ({}); install your GPU's driver with its \
             OpenCL support (or an OpenCL ICD loader)",
            library_name()
        ),
        PLATFORM_NOT_FOUND => "the OpenCL loader found no platform: no GPU driver with \
                               OpenCL support is installed"
            .into(),
        _ => format!("OpenCL could not list its platforms: {e}"),
    }
}

fn no_device_reason(platforms: usize, skipped_cpu: usize, errors: &[String]) -> String {
    let mut reason = if platforms == 0 {
        "the OpenCL loader found no platform: no GPU driver with OpenCL support is installed"
            .to_owned()
    } else if skipped_cpu > 0 {
        format!(
            "OpenCL lists only CPU devices ({skipped_cpu}), which are left out (the built-in \
             CPU processor is faster; set {ALLOW_CPU_ENV}=1 to use them)"
        )
    } else {
        format!("OpenCL has {platforms} platform(s) but no GPU device")
    };
    if !errors.is_empty() {
        reason.push_str(&format!("; errors: {}", errors.join("; ")));
    }
    reason
}

/// The library opencl3 loads on this platform.
fn library_name() -> &'static str {
    if cfg!(target_os = "windows") {
        "OpenCL.dll"
    } else if cfg!(target_os = "macos") {
        "the OpenCL framework"
    } else {
        "libOpenCL.so.1"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_says_what_to_install() {
        let reason = platform_error_reason(ClError(RUNTIME_LOAD_FAILED));
        assert!(reason.contains("no OpenCL library"), "{reason}");
        assert!(reason.contains(library_name()), "{reason}");
    }

    #[test]
    fn no_platform_and_cpu_only_are_told_apart() {
        assert!(platform_error_reason(ClError(PLATFORM_NOT_FOUND)).contains("no platform"));
        let cpu_only = no_device_reason(1, 1, &[]);
        assert!(cpu_only.contains(ALLOW_CPU_ENV), "{cpu_only}");
        let failed = no_device_reason(2, 0, &["X: CL_OUT_OF_HOST_MEMORY".into()]);
        assert!(
            failed.contains("no GPU device") && failed.contains("X: CL_OUT"),
            "{failed}"
        );
    }
}
