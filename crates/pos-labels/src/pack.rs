//! Packing L-bit labels into one LSB-first bit stream (LABELS.md section 6).

/// ORs the low `bits` bits of `hash` (read as a little-endian integer) into `out` at
/// stream bit `bit_offset`: stream bit `b` is bit `b % 8` of byte `b / 8`.
///
/// The target bits must be zero. Nothing past the label's last bit is touched, so
/// `out` only needs to hold `ceil((bit_offset + bits) / 8)` bytes.
pub fn pack_label(out: &mut [u8], bit_offset: usize, hash: &[u8; 32], bits: u32) {
    debug_assert!((1..=256).contains(&bits));
    let bits = bits as usize;
    let first = bit_offset / 8;
    let shift = bit_offset % 8;
    if shift == 0 && bits.is_multiple_of(8) {
        out[first..first + bits / 8].copy_from_slice(&hash[..bits / 8]);
        return;
    }
    let whole = bits / 8;
    let rest = bits % 8;
    let mut put = |i: usize, value: u8| {
        let wide = (value as u16) << shift;
        out[first + i] |= wide as u8;
        if wide >> 8 != 0 {
            out[first + i + 1] |= (wide >> 8) as u8;
        }
    };
    for (i, &byte) in hash[..whole].iter().enumerate() {
        put(i, byte);
    }
    if rest != 0 {
        put(whole, hash[whole] & ((1u8 << rest) - 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit-by-bit model of the spec, to check the byte-wise code against.
    fn pack_bitwise(out: &mut [u8], bit_offset: usize, hash: &[u8; 32], bits: u32) {
        for b in 0..bits as usize {
            if hash[b / 8] >> (b % 8) & 1 == 1 {
                let o = bit_offset + b;
                out[o / 8] |= 1 << (o % 8);
            }
        }
    }

    #[test]
    fn matches_bitwise_model_for_every_size_and_offset() {
        let hash: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(151).wrapping_add(77));
        for bits in 1..=256u32 {
            for offset in 0..16usize {
                let len = (offset + bits as usize).div_ceil(8);
                let mut fast = vec![0u8; len];
                let mut model = vec![0u8; len];
                pack_label(&mut fast, offset, &hash, bits);
                pack_bitwise(&mut model, offset, &hash, bits);
                assert_eq!(fast, model, "bits {bits} offset {offset}");
            }
        }
    }

    #[test]
    fn keeps_neighbouring_bits() {
        let mut out = [0b0000_0101u8, 0];
        pack_label(&mut out, 3, &[0xff; 32], 4);
        assert_eq!(out, [0b0111_1101, 0]);
    }
}
