//! Names and numbers of gpu-post's C API, as its public header declares them
//! (`include/api.h` of github.com/spacemeshos/gpu-post; `stats()` and its device bits
//! are from the older header that still exported it). Facts only, no code from there.

use std::ffi::c_char;

// Return codes of `scryptPositions` and `stop`.
pub const POW_SOLUTION_FOUND: i32 = 1;
pub const ERROR_NONE: i32 = 0;
pub const ERROR: i32 = -1;
pub const ERROR_TIMEOUT: i32 = -2;
pub const ERROR_ALREADY: i32 = -3;
pub const ERROR_CANCELED: i32 = -4;
pub const ERROR_NO_COMPUTE_OPTIONS: i32 = -5;
pub const ERROR_INVALID_PARAMETER: i32 = -6;
pub const ERROR_INVALID_PROVIDER_ID: i32 = -7;

// Bits of the `options` argument of `scryptPositions` (the throttle bit, 0x8000, is
// accepted and ignored).
pub const COMPUTE_LEAFS: u32 = 1 << 0;
pub const COMPUTE_POW: u32 = 1 << 1;

// `ComputeApiClass` of a provider.
pub const CLASS_CPU: u32 = 1;
pub const CLASS_CUDA: u32 = 2;
pub const CLASS_VULKAN: u32 = 3;

// Bits that the legacy `stats()` returns.
pub const STATS_CPU: i32 = 0x1;
pub const STATS_CUDA: i32 = 0x2;
pub const STATS_VULKAN: i32 = 0x8;

/// `PostComputeProvider` of the header: `uint32_t id; char model[256]; ComputeApiClass
/// compute_api;` (a C enum, which is an `int`-sized value).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct PostComputeProvider {
    pub id: u32,
    pub model: [c_char; 256],
    pub compute_api: u32,
}

impl PostComputeProvider {
    /// A provider entry with `model` copied in, cut to 255 bytes and NUL-terminated.
    pub fn new(id: u32, model: &str, compute_api: u32) -> Self {
        let mut entry = Self {
            id,
            model: [0; 256],
            compute_api,
        };
        for (dst, src) in entry.model.iter_mut().zip(model.bytes().take(255)) {
            *dst = src as c_char;
        }
        entry
    }
}
