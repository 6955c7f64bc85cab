//! ROMix with the ChaCha20/8 BlockMix of scrypt-jane (LABELS.md section 5), written
//! once over [`U32Lanes`] and instantiated per instruction set in `backend.rs`.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::lanes::{MAX_LANES, U32Lanes};

/// The caller's stop flag was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped;

/// ROMix steps between two looks at the stop flag. One step is one BlockMix: about a
/// microsecond for 16 lanes, so even at N = 2^20 a stop is seen within a millisecond.
const STEPS_PER_STOP_CHECK: usize = 1024;

#[inline(always)]
fn quarter_round<V: U32Lanes>(x: &mut [V; 16], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].add(x[b]);
    x[d] = x[d].xor(x[a]).rotl16();
    x[c] = x[c].add(x[d]);
    x[b] = x[b].xor(x[c]).rotl12();
    x[a] = x[a].add(x[b]);
    x[d] = x[d].xor(x[a]).rotl8();
    x[c] = x[c].add(x[d]);
    x[b] = x[b].xor(x[c]).rotl7();
}

/// The ChaCha8 core: 4 double rounds on the block itself, then the input added back.
#[inline(always)]
fn chacha8<V: U32Lanes>(input: [V; 16]) -> [V; 16] {
    let mut x = input;
    for _ in 0..4 {
        quarter_round(&mut x, 0, 4, 8, 12);
        quarter_round(&mut x, 1, 5, 9, 13);
        quarter_round(&mut x, 2, 6, 10, 14);
        quarter_round(&mut x, 3, 7, 11, 15);
        quarter_round(&mut x, 0, 5, 10, 15);
        quarter_round(&mut x, 1, 6, 11, 12);
        quarter_round(&mut x, 2, 7, 8, 13);
        quarter_round(&mut x, 3, 4, 9, 14);
    }
    for (xi, ii) in x.iter_mut().zip(input) {
        *xi = xi.add(ii);
    }
    x
}

/// BlockMix with r = 1: `Y0 = H(B1 ^ B0)`, `Y1 = H(Y0 ^ B1)`, result `(Y0, Y1)`.
#[inline(always)]
fn block_mix<V: U32Lanes>(b: &mut [V; 32]) {
    // No `array::from_fn` in kernel code: it is not always inlined, and code outside
    // the `#[target_feature]` kernels calls every SIMD intrinsic out of line.
    let mut t = [b[0]; 16];
    for i in 0..16 {
        t[i] = b[16 + i].xor(b[i]);
    }
    let y0 = chacha8(t);
    for i in 0..16 {
        t[i] = y0[i].xor(b[16 + i]);
    }
    let y1 = chacha8(t);
    b[..16].copy_from_slice(&y0);
    b[16..].copy_from_slice(&y1);
}

/// Runs ROMix on `V::LANES` labels at once.
///
/// `blocks` holds `V::LANES` blocks of 32 words, lane `l` at `blocks[l * 32..]`: the
/// PBKDF2 output going in, ROMix's output coming back. `scratch` holds at least
/// `n * 32 * V::LANES` words; entry `i` of lane `l` lives at `(i * LANES + l) * 32`.
///
/// # Safety
/// `V`'s instruction set must be available (see [`U32Lanes`]).
#[inline(always)]
pub(crate) unsafe fn romix<V: U32Lanes>(
    blocks: &mut [u32],
    scratch: &mut [u32],
    n: usize,
    stop: Option<&AtomicBool>,
) -> Result<(), Stopped> {
    let lanes = V::LANES;
    assert!(n.is_power_of_two() && n >= 2);
    assert_eq!(blocks.len(), lanes * 32);
    assert!(scratch.len() >= n * lanes * 32);
    let stopped = || stop.is_some_and(|s| s.load(Ordering::Relaxed));

    let lane_ptrs: [*const u32; MAX_LANES] =
        std::array::from_fn(|l| blocks[(l % lanes) * 32..].as_ptr());
    // SAFETY: lane_ptrs[..lanes] point at the lanes' 32-word blocks in `blocks`.
    let mut x = unsafe { V::load_block(&lane_ptrs[..lanes]) };

    let stride = lanes * 32;
    for (i, entry) in scratch.chunks_exact_mut(stride).take(n).enumerate() {
        if i % STEPS_PER_STOP_CHECK == 0 && stopped() {
            return Err(Stopped);
        }
        // SAFETY: `entry` is `lanes * 32` writable words.
        unsafe { V::store_block(&x, entry.as_mut_ptr()) };
        block_mix(&mut x);
    }

    let mask = n - 1;
    let base = scratch.as_ptr();
    let mut j_lanes = [0u32; MAX_LANES];
    for i in 0..n {
        if i % STEPS_PER_STOP_CHECK == 0 && stopped() {
            return Err(Stopped);
        }
        x[16].write_lanes(&mut j_lanes);
        let mut src = [base; MAX_LANES];
        for (l, p) in src.iter_mut().enumerate().take(lanes) {
            let j = j_lanes[l] as usize & mask;
            // SAFETY: j < n, so the entry lies inside the n * stride words checked above.
            *p = unsafe { base.add(j * stride + l * 32) };
        }
        // SAFETY: each src[l] points at 32 readable words (see above).
        let v = unsafe { V::load_block(&src[..lanes]) };
        for (xw, vw) in x.iter_mut().zip(v) {
            *xw = xw.xor(vw);
        }
        block_mix(&mut x);
    }

    // SAFETY: `blocks` is `lanes * 32` writable words (asserted above).
    unsafe { V::store_block(&x, blocks.as_mut_ptr()) };
    Ok(())
}
