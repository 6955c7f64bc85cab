//! Vectors of u32 words with one lane per label, so that the ROMix kernel computes
//! several labels in lockstep ("word-sliced": vector `w` holds word `w` of every lane).
//!
//! The scratchpad keeps each lane's 128-byte blocks contiguous instead, so that the
//! data-dependent reads of ROMix's second loop touch two cache lines per lane rather
//! than one line per word. Moving between the two layouts is a matrix transpose,
//! which each implementation does with its own shuffles.

/// The most lanes any implementation has (AVX-512: 16 x u32).
pub(crate) const MAX_LANES: usize = 16;

/// One u32 word of each of `LANES` labels.
///
/// Implementations for SIMD types may only be used inside functions compiled with
/// their target feature and called after it was detected at run time; the kernels
/// in `backend.rs` guarantee that.
pub(crate) trait U32Lanes: Copy {
    const LANES: usize;

    fn add(self, other: Self) -> Self;
    fn xor(self, other: Self) -> Self;
    fn rotl16(self) -> Self;
    fn rotl12(self) -> Self;
    fn rotl8(self) -> Self;
    fn rotl7(self) -> Self;

    /// Writes the `LANES` words to `out[..LANES]`.
    fn write_lanes(self, out: &mut [u32]);

    /// Reads a block of 32 words of each lane, lane `l` from `src[l][..32]`.
    ///
    /// # Safety
    /// `src` has `LANES` entries, each valid for reading 32 u32 words.
    unsafe fn load_block(src: &[*const u32]) -> [Self; 32];

    /// Writes lane `l` of `block` to `dst[l * 32..][..32]`.
    ///
    /// # Safety
    /// `dst` is valid for writing `LANES * 32` u32 words.
    unsafe fn store_block(block: &[Self; 32], dst: *mut u32);
}

/// The portable path: one label at a time, no SIMD.
#[derive(Clone, Copy)]
pub(crate) struct Scalar(u32);

impl U32Lanes for Scalar {
    const LANES: usize = 1;

    #[inline(always)]
    fn add(self, other: Self) -> Self {
        Self(self.0.wrapping_add(other.0))
    }
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        Self(self.0 ^ other.0)
    }
    #[inline(always)]
    fn rotl16(self) -> Self {
        Self(self.0.rotate_left(16))
    }
    #[inline(always)]
    fn rotl12(self) -> Self {
        Self(self.0.rotate_left(12))
    }
    #[inline(always)]
    fn rotl8(self) -> Self {
        Self(self.0.rotate_left(8))
    }
    #[inline(always)]
    fn rotl7(self) -> Self {
        Self(self.0.rotate_left(7))
    }
    #[inline(always)]
    fn write_lanes(self, out: &mut [u32]) {
        out[0] = self.0;
    }
    #[inline(always)]
    unsafe fn load_block(src: &[*const u32]) -> [Self; 32] {
        // SAFETY: the caller guarantees src[0] is readable for 32 words.
        let words = unsafe { std::ptr::read_unaligned(src[0] as *const [u32; 32]) };
        words.map(Self)
    }
    #[inline(always)]
    unsafe fn store_block(block: &[Self; 32], dst: *mut u32) {
        // SAFETY: the caller guarantees dst is writable for 32 words.
        unsafe { std::ptr::write_unaligned(dst as *mut [u32; 32], block.map(|w| w.0)) }
    }
}
