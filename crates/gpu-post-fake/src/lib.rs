//! A fake gpu-post library for tests: a `cdylib` that exports the C API of gpu-post's
//! public header (`include/api.h` of github.com/spacemeshos/gpu-post) and computes
//! with pos-labels, so that its labels are exactly gpu-post's.
//!
//! Cargo cannot put a hyphen in a library's file name, so it builds
//! `libgpu_setup.so` / `libgpu_setup.dylib` / `gpu_setup.dll`; copy it to gpu-post's
//! name (`libgpu-setup.so`, ...) where a search by name is tested.
//!
//! # Behaviour it copies from gpu-post (LABELS.md section 8)
//!
//! - Return codes: 0 done, 1 PoW solution found (PoW-only mode), -2 timeout (`stop`),
//!   -3 already (`stop`), -4 cancelled by `stop`, -5 neither `COMPUTE_LEAFS` (1) nor
//!   `COMPUTE_POW` (2) in `options`, -6 invalid parameter (R or P not 1, a null `out`
//!   with labels asked, a null `D` with PoW asked), -7 unknown provider id. The
//!   throttle bit 0x8000 is accepted and changes nothing.
//! - `end_position` is inclusive: a call computes `end - start + 1` labels.
//! - `idx_solution` is written only when there is a solution. With labels and PoW it
//!   holds the *last* solution of the batch and the status is 0; with PoW alone the
//!   call stops at the *first* solution and returns 1.
//! - `stop(ms)` raises a flag that running calls see within milliseconds (they
//!   return -4 with `hashes_computed` = the labels finished), waits up to `ms` for
//!   them to end (-2 if they do not), and lowers the flag again.
//! - Providers: GPUs get ids 0, 1, ..., and the CPU provider the next id.
//! - `stop` is process-wide: it ends every call in flight, on every provider.
//!
//! By default the fake computes exactly the positions asked for; `GPU_POST_FAKE_CHUNK`
//! switches on the chunked behaviour of gpu-post's GPU providers.
//!
//! Where gpu-post crashes or silently computes garbage (N = 0 or not a power of two,
//! label size 0 or over 256, `start > end`, a null `id` or `salt`), the fake returns
//! -1 and says why on stderr: an adapter must never let such a call through.
//!
//! # Environment variables
//!
//! Read again on every call, so a test sets them for the process it runs the fake in.
//! A value that does not parse as a whole number is ignored with a warning on stderr.
//!
//! | variable | effect | default |
//! |---|---|---|
//! | `GPU_POST_FAKE_GPUS` | number of fake CUDA providers listed | 1 |
//! | `GPU_POST_FAKE_VULKAN_GPUS` | number of fake Vulkan providers listed after them | 0 |
//! | `GPU_POST_FAKE_CPU` | `0` leaves out the CPU provider (class 1) | 1 |
//! | `GPU_POST_FAKE_FAIL` | `scryptPositions` returns this code once its arguments pass gpu-post's checks, without computing (`hashes_computed` = 0) | unset |
//! | `GPU_POST_FAKE_PROVIDERS_FAIL` | `spacemesh_api_get_providers` returns this code instead of listing | unset |
//! | `GPU_POST_FAKE_CALL_DELAY_MS` | sleep this long at the start of each `scryptPositions` call (a stop cuts it short) | 0 |
//! | `GPU_POST_FAKE_LABEL_DELAY_MS` | sleep this long per label computed (a stop cuts it short) | 0 |
//! | `GPU_POST_FAKE_SHORT_BY` | report this many fewer `hashes_computed` than were computed | 0 |
//! | `GPU_POST_FAKE_POW_LAST` | `1`: report the last solution also in PoW-only mode (computing the whole batch); exact mode only | 0 |
//! | `GPU_POST_FAKE_CORRUPT` | `1`: flip the lowest bit of the last label of every batch, as a broken GPU would | 0 |
//! | `GPU_POST_FAKE_LOG` | `1`: one line per call on stderr, as `spacemesh_api_logging(1)` | 0 |
//! | `GPU_POST_FAKE_CHUNK` | compute in whole chunks of this many positions from `start`, as gpu-post's GPUs do: overshoot past `end`, racing PoW reports, labels+PoW report the last chunk's solution, PoW alone stops after the first chunk with one, status 1 whenever one was found (see `chunked.rs`) | 0 (exact) |
//! | `GPU_POST_FAKE_RACE_SEED` | which of a chunk's solutions the race reports (never the lowest of several) | 0 |
//! | `GPU_POST_FAKE_WRONG_ABOVE_N` | labels are wrong (every bit flipped) when N is above this, as gpu-post's CUDA kernel at N >= 8192 | unset |
//! | `GPU_POST_FAKE_INIT_FAIL` | `1`: a provider's first call fails (-1); a second call on it aborts the process, as gpu-post dereferences its null state | 0 |
//! | `GPU_POST_FAKE_HANG` | `1`: `scryptPositions` never returns and `stop` cannot end it | 0 |
//!
//! # Exports beyond the computation
//!
//! `stats()` (from older headers: bit 1 CPU, 2 CUDA, 8 Vulkan), `spacemesh_api_stop_inprogress`,
//! `spacemesh_api_logging`, `spacemesh_api_shutdown` (does nothing), and the two unit-test
//! hooks: `unit_test_hash` writes the 32-byte hashes of positions 0..127 at N = 512 for
//! the id and salt in the 72-byte preimage `id || LE64(position) || salt` and returns
//! 128; `unit_test_bit_stream` packs `count` hashes at `hash_len_bits` and returns the
//! bytes written.

#![warn(clippy::undocumented_unsafe_blocks)]

mod abi;
mod abort;
mod chunked;
mod config;
mod positions;
mod providers;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use pos_labels::{Difficulty, LabelBits, LabelParams, ScryptN};

pub use abi::PostComputeProvider;
use config::FakeConfig;
use positions::Request;

/// Providers whose first call failed with `GPU_POST_FAKE_INIT_FAIL`.
static FAILED_INIT: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// Records that `provider`'s initialisation failed now; true when it already had.
fn initialisation_failed_before(provider: u32) -> bool {
    let mut failed = FAILED_INIT.lock().unwrap_or_else(|e| e.into_inner());
    if failed.contains(&provider) {
        return true;
    }
    failed.push(provider);
    false
}

/// Set by `spacemesh_api_logging`.
static LOGGING: AtomicBool = AtomicBool::new(false);

fn log(config: &FakeConfig, message: impl FnOnce() -> String) {
    if config.log || LOGGING.load(Ordering::Relaxed) {
        eprintln!("gpu-post-fake: {}", message());
    }
}

/// Runs `body`, turning a panic into gpu-post's generic error rather than an abort
/// of the host process.
fn guarded<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        eprintln!("gpu-post-fake: internal error (panic), returning an error code");
        on_panic
    })
}

/// Copies 32 bytes from a C pointer the caller promised is readable.
///
/// # Safety
///
/// `ptr` must be valid for reading 32 bytes.
unsafe fn read32(ptr: *const u8) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    // SAFETY: the caller guarantees 32 readable bytes at `ptr`; `bytes` is a distinct
    // local array, so the regions cannot overlap.
    unsafe { std::ptr::copy_nonoverlapping(ptr, bytes.as_mut_ptr(), 32) };
    bytes
}

/// Writes `value` through an optional C out-pointer.
///
/// # Safety
///
/// `ptr` must be null or valid for writing a `u64`.
unsafe fn write_opt(ptr: *mut u64, value: u64) {
    if !ptr.is_null() {
        // SAFETY: non-null, and the caller guarantees it is writable.
        unsafe { ptr.write_unaligned(value) };
    }
}

/// gpu-post's main entry point: labels and/or PoW for positions `start..=end`.
///
/// # Safety
///
/// As in gpu-post: `id` and `salt` point to 32 readable bytes; with `COMPUTE_LEAFS`,
/// `out` is writable for `ceil((end - start + 1) * hash_len_bits / 8)` bytes; with
/// `COMPUTE_POW`, `D` points to 32 readable bytes; `idx_solution`, `hashes_computed`
/// and `hashes_per_sec` are each null or writable for a `u64`. No other thread may
/// touch `out` during the call.
#[allow(non_snake_case, clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn scryptPositions(
    provider_id: u32,
    id: *const u8,
    start_position: u64,
    end_position: u64,
    hash_len_bits: u32,
    salt: *const u8,
    options: u32,
    out: *mut u8,
    N: u32,
    R: u32,
    P: u32,
    D: *mut u8,
    idx_solution: *mut u64,
    hashes_computed: *mut u64,
    hashes_per_sec: *mut u64,
) -> i32 {
    let config = FakeConfig::from_env();
    log(&config, || {
        format!(
            "scryptPositions(provider {provider_id}, {start_position}..={end_position}, \
             {hash_len_bits} bits, options {options:#x}, N {N})"
        )
    });
    let leafs = options & abi::COMPUTE_LEAFS != 0;
    let pow = options & abi::COMPUTE_POW != 0;

    // The checks gpu-post makes, in its order.
    if R != 1 || P != 1 {
        return abi::ERROR_INVALID_PARAMETER;
    }
    if !leafs && !pow {
        return abi::ERROR_NO_COMPUTE_OPTIONS;
    }
    if !providers::exists(&config, provider_id) {
        return abi::ERROR_INVALID_PROVIDER_ID;
    }
    if (leafs && out.is_null()) || (pow && D.is_null()) {
        return abi::ERROR_INVALID_PARAMETER;
    }
    if id.is_null() || salt.is_null() {
        eprintln!("gpu-post-fake: a null id or salt would crash gpu-post");
        return abi::ERROR_INVALID_PARAMETER;
    }
    if let Some(code) = config.fail {
        // SAFETY: the caller passes null or a writable u64 (this function's contract).
        unsafe { write_opt(hashes_computed, 0) };
        return code;
    }
    if config.init_fail && initialisation_failed_before(provider_id) {
        eprintln!(
            "gpu-post-fake: provider {provider_id} was called again after its initialisation \
             failed; gpu-post dereferences its null device state here"
        );
        std::process::abort();
    }
    if config.init_fail {
        // SAFETY: as above.
        unsafe { write_opt(hashes_computed, 0) };
        return abi::ERROR;
    }
    if config.hang {
        // Busy for good: gpu-post's `stop` waits for busy devices, and times out.
        let _busy = abort::BusyCall::begin();
        log(&config, || "hanging for good".to_owned());
        loop {
            std::thread::park();
        }
    }

    // What gpu-post does not check, and crashes or computes garbage on.
    let params = match (ScryptN::new(N as u64), LabelBits::new(hash_len_bits as u64)) {
        (Ok(n), Ok(bits)) if start_position <= end_position => LabelParams {
            // SAFETY: both are non-null (checked above) and 32 bytes by contract.
            id: unsafe { read32(id) },
            // SAFETY: as for `id`.
            salt: unsafe { read32(salt) },
            n,
            bits,
        },
        _ => {
            eprintln!(
                "gpu-post-fake: N {N}, label size {hash_len_bits} bits or range \
                 {start_position}..={end_position} would crash gpu-post or give garbage"
            );
            return abi::ERROR;
        }
    };
    let count = end_position - start_position + 1;
    let Some(out_len) = params.bits.packed_len(count) else {
        return abi::ERROR;
    };
    let leafs = if leafs {
        // SAFETY: `out` is non-null (checked above) and, by contract, writable for
        // exactly `out_len` bytes and not used by anyone else during the call.
        Some(unsafe { std::slice::from_raw_parts_mut(out, out_len) })
    } else {
        None
    };
    let difficulty = if pow {
        // SAFETY: `D` is non-null (checked above) and 32 bytes by contract.
        Some(Difficulty(unsafe { read32(D) }))
    } else {
        None
    };

    let _busy = abort::BusyCall::begin();
    let started = Instant::now();
    let request = Request {
        params,
        start: start_position,
        end: end_position,
        leafs,
        pow: difficulty,
    };
    let report = guarded(None, || Some(positions::run(request, &config)));
    let Some(report) = report else {
        return abi::ERROR;
    };
    let reported = report.hashes_computed.saturating_sub(config.short_by);
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    // SAFETY: each out-pointer is null or writable for a u64 (this function's contract).
    unsafe {
        if let Some(index) = report.solution {
            write_opt(idx_solution, index);
        }
        write_opt(hashes_computed, reported);
        write_opt(
            hashes_per_sec,
            (report.hashes_computed as f64 / seconds) as u64,
        );
    }
    log(&config, || {
        format!(
            "-> status {}, solution {:?}, {reported} hashes",
            report.status, report.solution
        )
    });
    report.status
}

/// Cancels running work; see the crate documentation.
#[unsafe(no_mangle)]
pub extern "C" fn stop(ms_timeout: u32) -> i32 {
    abort::stop(ms_timeout)
}

/// Non-zero while a `stop` is in progress.
#[unsafe(no_mangle)]
pub extern "C" fn spacemesh_api_stop_inprogress() -> i32 {
    abort::is_aborting() as i32
}

/// With a null `providers`, the number of providers; otherwise fills up to
/// `max_providers` entries and returns how many it wrote.
///
/// # Safety
///
/// `providers` is null or writable for `max_providers` entries.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spacemesh_api_get_providers(
    providers: *mut PostComputeProvider,
    max_providers: i32,
) -> i32 {
    let config = FakeConfig::from_env();
    if let Some(code) = config.providers_fail {
        return code;
    }
    let list = providers::list(&config);
    if providers.is_null() {
        return list.len() as i32;
    }
    let written = list.len().min(max_providers.max(0) as usize);
    // SAFETY: `providers` is non-null and, by contract, writable for `max_providers`
    // entries; `written` is at most that, and `list` is our own separate Vec.
    unsafe { std::ptr::copy_nonoverlapping(list.as_ptr(), providers, written) };
    written as i32
}

/// Turns the per-call log lines on stderr on or off.
#[unsafe(no_mangle)]
pub extern "C" fn spacemesh_api_logging(enable: i32) {
    LOGGING.store(enable != 0, Ordering::Relaxed);
}

/// Nothing to release: the fake keeps no device state.
#[unsafe(no_mangle)]
pub extern "C" fn spacemesh_api_shutdown() {}

/// The legacy device bit set (older headers): 1 CPU, 2 CUDA, 8 Vulkan.
#[unsafe(no_mangle)]
pub extern "C" fn stats() -> i32 {
    providers::stats(&FakeConfig::from_env())
}

/// Hashes of positions 0..127 at N = 512 for the id and salt of a 72-byte preimage
/// (`id || LE64(position) || salt`); returns 128, or -1 on bad arguments.
///
/// # Safety
///
/// `input` is readable for 72 bytes and `hashes` writable for 128 * 32 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unit_test_hash(provider_id: u32, input: *mut u8, hashes: *mut u8) -> i64 {
    const LABELS: usize = 128;
    let config = FakeConfig::from_env();
    if !providers::exists(&config, provider_id) || input.is_null() || hashes.is_null() {
        return abi::ERROR as i64;
    }
    let params = LabelParams {
        // SAFETY: non-null and 72 readable bytes by contract; the id is the first 32.
        id: unsafe { read32(input) },
        // SAFETY: as above; the salt is bytes 40..72.
        salt: unsafe { read32(input.add(40)) },
        n: ScryptN::new(512).expect("512 is a valid N"),
        bits: LabelBits::new(256).expect("256 is a valid label size"),
    };
    // SAFETY: non-null and writable for 128 * 32 bytes by contract, used by no one else.
    let out = unsafe { std::slice::from_raw_parts_mut(hashes, LABELS * 32) };
    guarded(abi::ERROR as i64, || {
        let range = pos_labels::PositionRange::new(0, LABELS as u64).expect("a valid range");
        match pos_labels::compute_labels(&params, range, out, &Default::default()) {
            Ok(_) => LABELS as i64,
            Err(_) => abi::ERROR as i64,
        }
    })
}

/// Packs `count` 32-byte hashes into an L-bit label stream; returns the bytes
/// written, or -1 on bad arguments.
///
/// # Safety
///
/// `hashes` is readable for `count * 32` bytes and `output` writable for
/// `ceil(count * hash_len_bits / 8)` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unit_test_bit_stream(
    provider_id: u32,
    hashes: *mut u8,
    count: u64,
    output: *mut u8,
    hash_len_bits: u32,
) -> i64 {
    let config = FakeConfig::from_env();
    let Ok(bits) = LabelBits::new(hash_len_bits as u64) else {
        return abi::ERROR as i64;
    };
    let out_len = bits.packed_len(count);
    let in_len = usize::try_from(count).ok().and_then(|c| c.checked_mul(32));
    let (Some(out_len), Some(in_len)) = (out_len, in_len) else {
        return abi::ERROR as i64;
    };
    if !providers::exists(&config, provider_id) || hashes.is_null() || output.is_null() {
        return abi::ERROR as i64;
    }
    // SAFETY: non-null and readable for `count * 32` bytes by contract.
    let input = unsafe { std::slice::from_raw_parts(hashes, in_len) };
    // SAFETY: non-null and writable for `out_len` bytes by contract, used by no one else.
    let out = unsafe { std::slice::from_raw_parts_mut(output, out_len) };
    out.fill(0);
    for (k, hash) in input.chunks_exact(32).enumerate() {
        let hash: &[u8; 32] = hash.try_into().expect("chunks of 32 bytes");
        pos_labels::pack_label(out, k * bits.get() as usize, hash, bits.get());
    }
    out_len as i64
}
