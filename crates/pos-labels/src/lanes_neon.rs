//! NEON (4 lanes) word vectors for aarch64, where NEON is always present.

use std::arch::aarch64::*;

use crate::lanes::U32Lanes;

#[derive(Clone, Copy)]
pub(crate) struct Neon(uint32x4_t);

impl Neon {
    /// Transposes a 4x4 matrix of u32 held as 4 rows.
    #[inline(always)]
    fn transpose4(r: [uint32x4_t; 4]) -> [uint32x4_t; 4] {
        // SAFETY: NEON is part of the aarch64 baseline.
        unsafe {
            let ab = vtrnq_u32(r[0], r[1]); // [a0 b0 a2 b2], [a1 b1 a3 b3]
            let cd = vtrnq_u32(r[2], r[3]); // [c0 d0 c2 d2], [c1 d1 c3 d3]
            [
                vcombine_u32(vget_low_u32(ab.0), vget_low_u32(cd.0)),
                vcombine_u32(vget_low_u32(ab.1), vget_low_u32(cd.1)),
                vcombine_u32(vget_high_u32(ab.0), vget_high_u32(cd.0)),
                vcombine_u32(vget_high_u32(ab.1), vget_high_u32(cd.1)),
            ]
        }
    }
}

impl U32Lanes for Neon {
    const LANES: usize = 4;

    #[inline(always)]
    fn add(self, other: Self) -> Self {
        // SAFETY: NEON is part of the aarch64 baseline.
        Self(unsafe { vaddq_u32(self.0, other.0) })
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        // SAFETY: as above.
        Self(unsafe { veorq_u32(self.0, other.0) })
    }
    #[inline(always)]
    fn rotl16(self) -> Self {
        // SAFETY: as above.
        Self(unsafe { vreinterpretq_u32_u16(vrev32q_u16(vreinterpretq_u16_u32(self.0))) })
    }
    #[inline(always)]
    fn rotl12(self) -> Self {
        // SAFETY: as above. vsli: (x << 12) | (low 12 bits of x >> 20).
        Self(unsafe { vsliq_n_u32::<12>(vshrq_n_u32::<20>(self.0), self.0) })
    }
    #[inline(always)]
    fn rotl8(self) -> Self {
        // SAFETY: as above.
        Self(unsafe { vsliq_n_u32::<8>(vshrq_n_u32::<24>(self.0), self.0) })
    }
    #[inline(always)]
    fn rotl7(self) -> Self {
        // SAFETY: as above.
        Self(unsafe { vsliq_n_u32::<7>(vshrq_n_u32::<25>(self.0), self.0) })
    }
    #[inline(always)]
    fn write_lanes(self, out: &mut [u32]) {
        assert!(out.len() >= 4);
        // SAFETY: out has room for 4 words (checked above).
        unsafe { vst1q_u32(out.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    unsafe fn load_block(src: &[*const u32]) -> [Self; 32] {
        let mut block = [Self(unsafe { vdupq_n_u32(0) }); 32];
        for chunk in 0..8 {
            let mut rows = [block[0].0; 4];
            for (lane, row) in rows.iter_mut().enumerate() {
                // SAFETY: the caller guarantees 4 pointers, each readable for 32 words.
                *row = unsafe { vld1q_u32(src[lane].add(chunk * 4)) };
            }
            for (word, v) in Self::transpose4(rows).into_iter().enumerate() {
                block[chunk * 4 + word] = Self(v);
            }
        }
        block
    }
    #[inline(always)]
    unsafe fn store_block(block: &[Self; 32], dst: *mut u32) {
        for chunk in 0..8 {
            let mut rows = [block[0].0; 4];
            for (w, row) in rows.iter_mut().enumerate() {
                *row = block[chunk * 4 + w].0;
            }
            for (lane, v) in Self::transpose4(rows).into_iter().enumerate() {
                // SAFETY: the caller guarantees dst is writable for 4 * 32 words.
                unsafe { vst1q_u32(dst.add(lane * 32 + chunk * 4), v) }
            }
        }
    }
}
