//! AVX2 (8 lanes) and AVX-512 (16 lanes) word vectors for x86-64.
//!
//! Every intrinsic here needs its target feature. The types are only constructed
//! inside the `#[target_feature]` kernels of `backend.rs`, which run only after
//! `is_x86_feature_detected!` said yes, and every method is `#[inline(always)]` so
//! that it is compiled as part of such a kernel.

use std::arch::x86_64::*;

use crate::lanes::U32Lanes;

#[derive(Clone, Copy)]
pub(crate) struct Avx2(__m256i);

/// Byte shuffles that rotate every 32-bit word left by 16 and by 8 bits.
const ROT16_BYTES: [u8; 32] = [
    2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, //
    2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
];
const ROT8_BYTES: [u8; 32] = [
    3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, //
    3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14,
];

impl Avx2 {
    /// Transposes an 8x8 matrix of u32 held as 8 rows.
    #[inline(always)]
    fn transpose8(r: [__m256i; 8]) -> [__m256i; 8] {
        // SAFETY: only called from AVX2 kernels (see the module comment).
        unsafe {
            let t0 = _mm256_unpacklo_epi32(r[0], r[1]);
            let t1 = _mm256_unpackhi_epi32(r[0], r[1]);
            let t2 = _mm256_unpacklo_epi32(r[2], r[3]);
            let t3 = _mm256_unpackhi_epi32(r[2], r[3]);
            let t4 = _mm256_unpacklo_epi32(r[4], r[5]);
            let t5 = _mm256_unpackhi_epi32(r[4], r[5]);
            let t6 = _mm256_unpacklo_epi32(r[6], r[7]);
            let t7 = _mm256_unpackhi_epi32(r[6], r[7]);
            // u[4g + m] holds, in 128-bit half h, column 4h + m of rows 4g..4g+3.
            let u0 = _mm256_unpacklo_epi64(t0, t2);
            let u1 = _mm256_unpackhi_epi64(t0, t2);
            let u2 = _mm256_unpacklo_epi64(t1, t3);
            let u3 = _mm256_unpackhi_epi64(t1, t3);
            let u4 = _mm256_unpacklo_epi64(t4, t6);
            let u5 = _mm256_unpackhi_epi64(t4, t6);
            let u6 = _mm256_unpacklo_epi64(t5, t7);
            let u7 = _mm256_unpackhi_epi64(t5, t7);
            [
                _mm256_permute2x128_si256::<0x20>(u0, u4),
                _mm256_permute2x128_si256::<0x20>(u1, u5),
                _mm256_permute2x128_si256::<0x20>(u2, u6),
                _mm256_permute2x128_si256::<0x20>(u3, u7),
                _mm256_permute2x128_si256::<0x31>(u0, u4),
                _mm256_permute2x128_si256::<0x31>(u1, u5),
                _mm256_permute2x128_si256::<0x31>(u2, u6),
                _mm256_permute2x128_si256::<0x31>(u3, u7),
            ]
        }
    }
}

impl U32Lanes for Avx2 {
    const LANES: usize = 8;

    #[inline(always)]
    fn add(self, other: Self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm256_add_epi32(self.0, other.0) })
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm256_xor_si256(self.0, other.0) })
    }
    #[inline(always)]
    fn rotl16(self) -> Self {
        // SAFETY: see the module comment; the mask is 32 readable bytes.
        Self(unsafe {
            let mask = _mm256_loadu_si256(ROT16_BYTES.as_ptr() as *const __m256i);
            _mm256_shuffle_epi8(self.0, mask)
        })
    }
    #[inline(always)]
    fn rotl12(self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe {
            _mm256_or_si256(
                _mm256_slli_epi32::<12>(self.0),
                _mm256_srli_epi32::<20>(self.0),
            )
        })
    }
    #[inline(always)]
    fn rotl8(self) -> Self {
        // SAFETY: see the module comment; the mask is 32 readable bytes.
        Self(unsafe {
            let mask = _mm256_loadu_si256(ROT8_BYTES.as_ptr() as *const __m256i);
            _mm256_shuffle_epi8(self.0, mask)
        })
    }
    #[inline(always)]
    fn rotl7(self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe {
            _mm256_or_si256(
                _mm256_slli_epi32::<7>(self.0),
                _mm256_srli_epi32::<25>(self.0),
            )
        })
    }
    #[inline(always)]
    fn write_lanes(self, out: &mut [u32]) {
        assert!(out.len() >= 8);
        // SAFETY: out has room for 8 words (checked above); see the module comment.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr() as *mut __m256i, self.0) }
    }
    #[inline(always)]
    unsafe fn load_block(src: &[*const u32]) -> [Self; 32] {
        let mut block = [Self(unsafe { _mm256_setzero_si256() }); 32];
        for chunk in 0..4 {
            let mut rows = [block[0].0; 8];
            for (lane, row) in rows.iter_mut().enumerate() {
                // SAFETY: the caller guarantees 8 pointers, each readable for 32 words.
                *row = unsafe { _mm256_loadu_si256(src[lane].add(chunk * 8) as *const __m256i) };
            }
            for (word, v) in Self::transpose8(rows).into_iter().enumerate() {
                block[chunk * 8 + word] = Self(v);
            }
        }
        block
    }
    #[inline(always)]
    unsafe fn store_block(block: &[Self; 32], dst: *mut u32) {
        for chunk in 0..4 {
            let mut rows = [block[0].0; 8];
            for (w, row) in rows.iter_mut().enumerate() {
                *row = block[chunk * 8 + w].0;
            }
            for (lane, v) in Self::transpose8(rows).into_iter().enumerate() {
                // SAFETY: the caller guarantees dst is writable for 8 * 32 words.
                unsafe { _mm256_storeu_si256(dst.add(lane * 32 + chunk * 8) as *mut __m256i, v) }
            }
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Avx512(__m512i);

impl Avx512 {
    /// Transposes a 16x16 matrix of u32 held as 16 rows.
    #[inline(always)]
    fn transpose16(r: [__m512i; 16]) -> [__m512i; 16] {
        // SAFETY: only called from AVX-512 kernels (see the module comment).
        unsafe {
            let mut t = r;
            for i in 0..8 {
                t[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
                t[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
            }
            // u[4g + m] holds, in 128-bit lane q, column 4q + m of rows 4g..4g+3.
            let mut u = t;
            for g in 0..4 {
                u[4 * g] = _mm512_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
                u[4 * g + 1] = _mm512_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
                u[4 * g + 2] = _mm512_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
                u[4 * g + 3] = _mm512_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
            }
            let mut out = u;
            for m in 0..4 {
                // Lanes 0 and 2, then 1 and 3, of rows m (first two) and 4 + m (last two).
                let v0 = _mm512_shuffle_i32x4::<0b10_00_10_00>(u[m], u[4 + m]);
                let v1 = _mm512_shuffle_i32x4::<0b11_01_11_01>(u[m], u[4 + m]);
                let v2 = _mm512_shuffle_i32x4::<0b10_00_10_00>(u[8 + m], u[12 + m]);
                let v3 = _mm512_shuffle_i32x4::<0b11_01_11_01>(u[8 + m], u[12 + m]);
                out[m] = _mm512_shuffle_i32x4::<0b10_00_10_00>(v0, v2);
                out[m + 8] = _mm512_shuffle_i32x4::<0b11_01_11_01>(v0, v2);
                out[m + 4] = _mm512_shuffle_i32x4::<0b10_00_10_00>(v1, v3);
                out[m + 12] = _mm512_shuffle_i32x4::<0b11_01_11_01>(v1, v3);
            }
            out
        }
    }
}

impl U32Lanes for Avx512 {
    const LANES: usize = 16;

    #[inline(always)]
    fn add(self, other: Self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm512_add_epi32(self.0, other.0) })
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm512_xor_si512(self.0, other.0) })
    }
    #[inline(always)]
    fn rotl16(self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm512_rol_epi32::<16>(self.0) })
    }
    #[inline(always)]
    fn rotl12(self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm512_rol_epi32::<12>(self.0) })
    }
    #[inline(always)]
    fn rotl8(self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm512_rol_epi32::<8>(self.0) })
    }
    #[inline(always)]
    fn rotl7(self) -> Self {
        // SAFETY: see the module comment.
        Self(unsafe { _mm512_rol_epi32::<7>(self.0) })
    }
    #[inline(always)]
    fn write_lanes(self, out: &mut [u32]) {
        assert!(out.len() >= 16);
        // SAFETY: out has room for 16 words (checked above); see the module comment.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr() as *mut __m512i, self.0) }
    }
    #[inline(always)]
    unsafe fn load_block(src: &[*const u32]) -> [Self; 32] {
        let mut block = [Self(unsafe { _mm512_setzero_si512() }); 32];
        for half in 0..2 {
            let mut rows = [block[0].0; 16];
            for (lane, row) in rows.iter_mut().enumerate() {
                // SAFETY: the caller guarantees 16 pointers, each readable for 32 words.
                *row = unsafe { _mm512_loadu_si512(src[lane].add(half * 16) as *const __m512i) };
            }
            for (word, v) in Self::transpose16(rows).into_iter().enumerate() {
                block[half * 16 + word] = Self(v);
            }
        }
        block
    }
    #[inline(always)]
    unsafe fn store_block(block: &[Self; 32], dst: *mut u32) {
        for half in 0..2 {
            let mut rows = [block[0].0; 16];
            for (w, row) in rows.iter_mut().enumerate() {
                *row = block[half * 16 + w].0;
            }
            for (lane, v) in Self::transpose16(rows).into_iter().enumerate() {
                // SAFETY: the caller guarantees dst is writable for 16 * 32 words.
                unsafe { _mm512_storeu_si512(dst.add(lane * 32 + half * 16) as *mut __m512i, v) }
            }
        }
    }
}
