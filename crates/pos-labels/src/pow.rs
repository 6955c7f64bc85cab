//! Proof of work (LABELS.md section 7).

use crate::params::{ParamError, parse_hex32};

/// A PoW target: position `n` is a solution when `hash(n) < difficulty`, both read as
/// big-endian 256-bit integers, whatever the label size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Difficulty(pub [u8; 32]);

impl Difficulty {
    pub fn from_hex(s: &str) -> Result<Self, ParamError> {
        parse_hex32("difficulty", s).map(Self)
    }

    /// `memcmp(hash, difficulty, 32) < 0`: arrays compare lexicographically, which is
    /// big-endian order.
    pub fn is_solved_by(&self, hash: &[u8; 32]) -> bool {
        hash < &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_big_endian() {
        let mut d = [0u8; 32];
        d[0] = 0x10;
        let d = Difficulty(d);
        let mut h = [0xffu8; 32];
        h[0] = 0x0f;
        assert!(d.is_solved_by(&h));
        h[0] = 0x10;
        assert!(!d.is_solved_by(&h));
        let mut low_first_byte = [0u8; 32];
        low_first_byte[31] = 0xff;
        low_first_byte[0] = 0x11;
        assert!(!d.is_solved_by(&low_first_byte));
        assert!(!d.is_solved_by(&d.0));
    }
}
