//! The compute providers that gpu-post lists.

use std::fmt;

use super::ffi;

/// The kind of device behind a provider (gpu-post's `ComputeApiClass`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComputeApi {
    Cpu,
    Cuda,
    Vulkan,
    /// A class this app does not know (0 is "unspecified" in gpu-post).
    Other(u32),
}

impl ComputeApi {
    pub(crate) fn from_class(class: u32) -> Self {
        match class {
            ffi::CLASS_CPU => Self::Cpu,
            ffi::CLASS_CUDA => Self::Cuda,
            ffi::CLASS_VULKAN => Self::Vulkan,
            other => Self::Other(other),
        }
    }
}

impl fmt::Display for ComputeApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cpu => f.write_str("CPU"),
            Self::Cuda => f.write_str("CUDA"),
            Self::Vulkan => f.write_str("Vulkan"),
            Self::Other(class) => write!(f, "unknown compute API {class}"),
        }
    }
}

/// One provider: `id` is what [`super::GpuPostLibrary::compute`] takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpuPostProvider {
    pub id: u32,
    /// The device's name, e.g. "NVIDIA H100 80GB HBM3".
    pub model: String,
    pub api: ComputeApi,
}

impl GpuPostProvider {
    pub(crate) fn from_ffi(raw: &ffi::PostComputeProvider) -> Self {
        // The name is NUL-terminated when it fits; never read past the array.
        let bytes: Vec<u8> = raw
            .model
            .iter()
            .map(|&c| c as u8)
            .take_while(|&b| b != 0)
            .collect();
        Self {
            id: raw.id,
            model: String::from_utf8_lossy(&bytes).trim().to_owned(),
            api: ComputeApi::from_class(raw.compute_api),
        }
    }

    pub fn is_gpu(&self) -> bool {
        self.api != ComputeApi::Cpu
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_with_and_without_terminator() {
        let mut raw = ffi::PostComputeProvider {
            id: 3,
            compute_api: ffi::CLASS_VULKAN,
            ..ffi::PostComputeProvider::ZEROED
        };
        for (dst, src) in raw.model.iter_mut().zip(b"Radeon 7900 ") {
            *dst = *src as std::ffi::c_char;
        }
        let provider = GpuPostProvider::from_ffi(&raw);
        assert_eq!(provider.model, "Radeon 7900");
        assert_eq!(provider.api, ComputeApi::Vulkan);
        assert!(provider.is_gpu());

        raw.model = [b'x' as std::ffi::c_char; 256];
        raw.compute_api = 9;
        let provider = GpuPostProvider::from_ffi(&raw);
        assert_eq!(provider.model.len(), 256);
        assert_eq!(provider.api, ComputeApi::Other(9));
    }
}
