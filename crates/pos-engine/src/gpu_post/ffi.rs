//! gpu-post's C API: function types, the provider struct and the numbers of its
//! public header (`include/api.h` of github.com/spacemeshos/gpu-post; `stats` is from
//! the older header that exported it). Names and numbers only, nothing else.

use std::ffi::{c_char, c_int};

// Return codes of `scryptPositions` and `stop`.
pub const POW_SOLUTION_FOUND: c_int = 1;
pub const ERROR_NONE: c_int = 0;
pub const ERROR: c_int = -1;
pub const ERROR_TIMEOUT: c_int = -2;
pub const ERROR_ALREADY: c_int = -3;
pub const ERROR_CANCELED: c_int = -4;
pub const ERROR_NO_COMPUTE_OPTIONS: c_int = -5;
pub const ERROR_INVALID_PARAMETER: c_int = -6;
pub const ERROR_INVALID_PROVIDER_ID: c_int = -7;

// Bits of `scryptPositions`' `options`.
pub const COMPUTE_LEAFS: u32 = 1 << 0;
pub const COMPUTE_POW: u32 = 1 << 1;

// `ComputeApiClass` values.
pub const CLASS_UNSPECIFIED: u32 = 0;
pub const CLASS_CPU: u32 = 1;
pub const CLASS_CUDA: u32 = 2;
pub const CLASS_VULKAN: u32 = 3;

/// `PostComputeProvider`: `uint32_t id; char model[256]; ComputeApiClass compute_api;`.
/// The class is read as a plain `u32`, not a Rust enum, so that a value this code does
/// not know cannot be undefined behaviour.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct PostComputeProvider {
    pub id: u32,
    pub model: [c_char; 256],
    pub compute_api: u32,
}

impl PostComputeProvider {
    pub const ZEROED: Self = Self {
        id: 0,
        model: [0; 256],
        compute_api: CLASS_UNSPECIFIED,
    };
}

/// `int scryptPositions(uint32_t provider_id, const uint8_t *id, uint64_t start_position,
/// uint64_t end_position, uint32_t hash_len_bits, const uint8_t *salt, uint32_t options,
/// uint8_t *out, uint32_t N, uint32_t R, uint32_t P, uint8_t *D, uint64_t *idx_solution,
/// uint64_t *hashes_computed, uint64_t *hashes_per_sec)`. `end_position` is inclusive.
pub type ScryptPositionsFn = unsafe extern "C" fn(
    u32,
    *const u8,
    u64,
    u64,
    u32,
    *const u8,
    u32,
    *mut u8,
    u32,
    u32,
    u32,
    *mut u8,
    *mut u64,
    *mut u64,
    *mut u64,
) -> c_int;
/// `int stop(uint32_t ms_timeout)`.
pub type StopFn = unsafe extern "C" fn(u32) -> c_int;
/// `int spacemesh_api_stop_inprogress()`.
pub type StopInProgressFn = unsafe extern "C" fn() -> c_int;
/// `int spacemesh_api_get_providers(PostComputeProvider *providers, int max_providers)`;
/// with a null `providers` it returns the count.
pub type GetProvidersFn = unsafe extern "C" fn(*mut PostComputeProvider, c_int) -> c_int;
/// `void spacemesh_api_logging(int enable)`.
pub type LoggingFn = unsafe extern "C" fn(c_int);
/// `void spacemesh_api_shutdown(void)`.
pub type ShutdownFn = unsafe extern "C" fn();
/// `int stats()` (older headers): a bit set of the device kinds present.
pub type StatsFn = unsafe extern "C" fn() -> c_int;
/// `int64_t unit_test_hash(uint32_t provider_id, uint8_t *input, uint8_t *hashes)`.
pub type UnitTestHashFn = unsafe extern "C" fn(u32, *mut u8, *mut u8) -> i64;
/// `int64_t unit_test_bit_stream(uint32_t provider_id, uint8_t *hashes, uint64_t count,
/// uint8_t *output, uint32_t hash_len_bits)`.
pub type UnitTestBitStreamFn = unsafe extern "C" fn(u32, *mut u8, u64, *mut u8, u32) -> i64;
