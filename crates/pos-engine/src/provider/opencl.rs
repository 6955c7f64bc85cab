//! An OpenCL device, with the kernel of `pos-opencl`, as a provider.

use pos_labels::{BatchOutcome, Difficulty, LabelParams, PositionRange};
use pos_opencl::{DeviceInfo, DeviceOptions, OpenClDevice, OpenClError};

use super::{CancelToken, ComputeProvider, ProviderError, ProviderId, ProviderInfo, ProviderKind};

pub struct OpenClProvider {
    device: OpenClDevice,
    info: ProviderInfo,
}

impl OpenClProvider {
    pub fn new(device: DeviceInfo, options: DeviceOptions) -> Self {
        let info = ProviderInfo {
            id: ProviderId(device.id.clone()),
            kind: ProviderKind::OpenCl,
            model: device.name.trim().to_owned(),
            detail: detail(&device),
        };
        Self {
            device: OpenClDevice::new(device, options),
            info,
        }
    }
}

/// "OpenCL: NVIDIA CUDA, driver 580.159.04, 139.8 GiB" (CPU devices and integrated
/// GPUs say so).
fn detail(device: &DeviceInfo) -> String {
    let kind = if device.is_cpu {
        " CPU device"
    } else if device.integrated {
        " integrated GPU"
    } else {
        ""
    };
    format!(
        "OpenCL{kind}: {}, driver {}, {:.1} GiB{}",
        device.platform.trim(),
        device.driver_version.trim(),
        device.global_mem_bytes as f64 / (1u64 << 30) as f64,
        if device.integrated && !device.is_cpu {
            " shared with the computer"
        } else {
            ""
        }
    )
}

impl ComputeProvider for OpenClProvider {
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
        let rest = super::compute_mode() == super::ComputeMode::LeaveRoom;
        self.device
            .compute_paced(params, range, out, pow, cancel.flag(), rest)
            .map(|pow_solution| BatchOutcome { pow_solution })
            .map_err(|e| match e {
                OpenClError::Cancelled => ProviderError::Cancelled,
                OpenClError::Invalid(reason) => ProviderError::Compute(reason),
                other => ProviderError::Library(format!("{}: {other}", self.info.id)),
            })
    }
}
