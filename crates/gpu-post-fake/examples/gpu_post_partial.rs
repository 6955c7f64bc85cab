//! A library that exports only part of gpu-post's API (no `stop`), so that the
//! loader's "missing symbol" error can be tested. Build it with
//! `cargo build -p gpu-post-fake --example gpu_post_partial`.

/// Present so the library looks like gpu-post at first sight; always fails.
#[allow(non_snake_case, clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub extern "C" fn scryptPositions(
    _provider_id: u32,
    _id: *const u8,
    _start_position: u64,
    _end_position: u64,
    _hash_len_bits: u32,
    _salt: *const u8,
    _options: u32,
    _out: *mut u8,
    _N: u32,
    _R: u32,
    _P: u32,
    _D: *mut u8,
    _idx_solution: *mut u64,
    _hashes_computed: *mut u64,
    _hashes_per_sec: *mut u64,
) -> i32 {
    -1
}

/// Lists no providers.
#[unsafe(no_mangle)]
pub extern "C" fn spacemesh_api_get_providers(_providers: *mut u8, _max_providers: i32) -> i32 {
    0
}
