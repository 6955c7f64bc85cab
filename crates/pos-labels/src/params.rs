//! Validated label parameters. Every check that gpu-post does not make itself
//! (LABELS.md section 8) happens here, so that code further down cannot be handed
//! an input that would crash a provider or silently produce wrong data.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// Why a parameter was rejected. Each message says what was wrong and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParamError {
    #[error("N must be a power of two from 2 to {max} (2^20), got {0}", max = ScryptN::MAX)]
    N(u64),
    #[error("label size must be 1 to 256 bits, got {0}")]
    LabelBits(u64),
    #[error("{what} must be 64 hex digits (32 bytes), got {got}")]
    Hex32 { what: &'static str, got: String },
    #[error("count must be at least 1")]
    ZeroCount,
    #[error(
        "start {start} + count {count} does not fit in 64 bits (the end of the range must be at most 2^64 - 1)"
    )]
    RangeOverflow { start: u64, count: u64 },
}

/// The scrypt cost parameter: a power of two in `2..=2^20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScryptN(u32);

impl ScryptN {
    pub const MIN: u32 = 2;
    pub const MAX: u32 = 1 << 20;

    pub fn new(n: u64) -> Result<Self, ParamError> {
        if n.is_power_of_two() && (Self::MIN as u64..=Self::MAX as u64).contains(&n) {
            Ok(Self(n as u32))
        } else {
            Err(ParamError::N(n))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Scratch memory one label needs: `N * 128` bytes.
    pub fn bytes_per_label(self) -> usize {
        self.0 as usize * 128
    }
}

impl fmt::Display for ScryptN {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for ScryptN {
    type Err = ParamError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = s.trim().parse::<u64>().map_err(|_| ParamError::N(0))?;
        Self::new(n)
    }
}

/// Size of one label in bits: `1..=256`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LabelBits(u16);

impl LabelBits {
    pub const MAX: u16 = 256;

    pub fn new(bits: u64) -> Result<Self, ParamError> {
        if (1..=Self::MAX as u64).contains(&bits) {
            Ok(Self(bits as u16))
        } else {
            Err(ParamError::LabelBits(bits))
        }
    }

    pub fn get(self) -> u32 {
        self.0 as u32
    }

    /// Bytes that `count` packed labels take: `ceil(count * bits / 8)`.
    /// `None` when that does not fit in memory addresses of this machine.
    pub fn packed_len(self, count: u64) -> Option<usize> {
        let bits = count as u128 * self.0 as u128;
        usize::try_from(bits.div_ceil(8)).ok()
    }
}

impl fmt::Display for LabelBits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Parses exactly 64 hex digits (an optional `0x` prefix is allowed) into 32 bytes.
/// `what` names the value in the error message ("id", "salt", "difficulty").
pub fn parse_hex32(what: &'static str, s: &str) -> Result<[u8; 32], ParamError> {
    let digits = s.trim();
    let digits = digits.strip_prefix("0x").unwrap_or(digits);
    let mut out = [0u8; 32];
    match hex::decode_to_slice(digits, &mut out) {
        Ok(()) => Ok(out),
        Err(_) => {
            let shown: String = s.chars().take(80).collect();
            Err(ParamError::Hex32 {
                what,
                got: if shown.is_empty() {
                    "nothing".into()
                } else {
                    format!("{shown:?}")
                },
            })
        }
    }
}

/// Everything that determines the labels of one data set, validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LabelParams {
    pub id: [u8; 32],
    pub salt: [u8; 32],
    pub n: ScryptN,
    pub bits: LabelBits,
}

/// A non-empty range of label positions `[start, start + count)` whose exclusive end
/// fits in a `u64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionRange {
    start: u64,
    count: u64,
}

impl PositionRange {
    pub fn new(start: u64, count: u64) -> Result<Self, ParamError> {
        if count == 0 {
            return Err(ParamError::ZeroCount);
        }
        if start.checked_add(count).is_none() {
            return Err(ParamError::RangeOverflow { start, count });
        }
        Ok(Self { start, count })
    }

    pub fn start(self) -> u64 {
        self.start
    }

    pub fn count(self) -> u64 {
        self.count
    }

    /// The last position in the range (inclusive).
    pub fn last(self) -> u64 {
        self.start + (self.count - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_accepts_only_powers_of_two_in_range() {
        for ok in [2u64, 4, 512, 8192, 1 << 20] {
            assert_eq!(ScryptN::new(ok).unwrap().get() as u64, ok);
        }
        for bad in [0u64, 1, 3, 511, 513, 1 << 21, u64::MAX] {
            assert_eq!(ScryptN::new(bad), Err(ParamError::N(bad)));
        }
        assert!("x".parse::<ScryptN>().is_err());
        assert_eq!("1024".parse::<ScryptN>().unwrap().get(), 1024);
    }

    #[test]
    fn label_bits_range() {
        assert!(LabelBits::new(0).is_err());
        assert!(LabelBits::new(257).is_err());
        assert_eq!(LabelBits::new(1).unwrap().get(), 1);
        assert_eq!(LabelBits::new(256).unwrap().get(), 256);
        let b = LabelBits::new(3).unwrap();
        assert_eq!(b.packed_len(0), Some(0));
        assert_eq!(b.packed_len(3), Some(2));
        assert_eq!(b.packed_len(8), Some(3));
    }

    #[test]
    fn hex32_parsing() {
        let s = "00".repeat(31) + "ff";
        assert_eq!(parse_hex32("id", &s).unwrap()[31], 0xff);
        assert_eq!(parse_hex32("id", &format!("0x{s}")).unwrap()[31], 0xff);
        for bad in ["", "00", &"0".repeat(65), &"zz".repeat(32)] {
            let err = parse_hex32("id", bad).unwrap_err();
            assert!(
                err.to_string().starts_with("id must be 64 hex digits"),
                "{err}"
            );
        }
    }

    #[test]
    fn position_range_rejects_empty_and_overflow() {
        assert_eq!(PositionRange::new(5, 0), Err(ParamError::ZeroCount));
        assert!(PositionRange::new(u64::MAX - 1, 1).is_ok());
        assert!(PositionRange::new(u64::MAX, 1).is_err());
        assert!(PositionRange::new(1, u64::MAX).is_err());
        assert_eq!(PositionRange::new(7, 3).unwrap().last(), 9);
        assert_eq!(
            PositionRange::new(0, u64::MAX).unwrap().last(),
            u64::MAX - 1
        );
    }
}
