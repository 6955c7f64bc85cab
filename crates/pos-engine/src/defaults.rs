//! A job's defaults and limits, defined once: the app's settings, the gRPC API's
//! config (`pos serve`), the window's wizard and the end-to-end tests all read them
//! from here (the window and the tests through `ui/src/bindings/defaults.json`, which
//! `cargo test -p pos-desktop` writes from [`JobDefaults::current`]).

use pos_labels::{LabelBits, ScryptN};
use serde::Serialize;

/// The old pos server's default salt, so that data made here with the defaults
/// matches data that server made.
pub const DEFAULT_SALT: [u8; 32] =
    hex32("114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886");
/// The old pos server's default scrypt N.
pub const DEFAULT_N: u32 = 512;
/// The old pos server's default label size ("bits per index").
pub const DEFAULT_LABEL_BITS: u32 = 8;
/// The largest data file a job writes unless it asks for another size.
pub const DEFAULT_MAX_FILE_BYTES: u64 = crate::data_dir::DEFAULT_MAX_FILE_BYTES;
/// The smallest "largest file size" a person may set: smaller files only add files.
/// Labels a finished job's automatic check recomputes: a second or so at the usual N.
pub const SPOT_CHECK_LABELS: u64 = 1000;
pub const MIN_MAX_FILE_BYTES: u64 = 1 << 20;
pub const MIN_N: u32 = ScryptN::MIN;
pub const MAX_N: u32 = ScryptN::MAX;
pub const MAX_LABEL_BITS: u32 = LabelBits::MAX as u32;
const _: () = assert!(DEFAULT_MAX_FILE_BYTES >= MIN_MAX_FILE_BYTES);

/// Every default and limit above, as the window and the tests read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobDefaults {
    /// [`DEFAULT_SALT`] as 64 lowercase hex digits.
    pub salt: String,
    pub n: u32,
    pub label_bits: u32,
    pub max_file_bytes: u64,
    pub min_max_file_bytes: u64,
    pub min_n: u32,
    pub max_n: u32,
    pub max_label_bits: u32,
}

impl JobDefaults {
    pub fn current() -> Self {
        Self {
            salt: hex::encode(DEFAULT_SALT),
            n: DEFAULT_N,
            label_bits: DEFAULT_LABEL_BITS,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            min_max_file_bytes: MIN_MAX_FILE_BYTES,
            min_n: MIN_N,
            max_n: MAX_N,
            max_label_bits: MAX_LABEL_BITS,
        }
    }
}

/// 64 hex digits as 32 bytes, at compile time (a typo fails the build).
const fn hex32(text: &str) -> [u8; 32] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        }
    }
    let text = text.as_bytes();
    assert!(text.len() == 64, "a salt is 64 hex digits");
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = digit(text[2 * i]) << 4 | digit(text[2 * i + 1]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_salt_is_the_old_servers() {
        assert_eq!(
            JobDefaults::current().salt,
            "114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886"
        );
        assert_eq!(&DEFAULT_SALT[..4], &[0x11, 0x4a, 0x00, 0x00]);
        assert_eq!(DEFAULT_SALT[31], 0x86);
    }

    #[test]
    fn the_defaults_are_within_the_limits() {
        assert!(ScryptN::new(DEFAULT_N as u64).is_ok());
        assert!(LabelBits::new(DEFAULT_LABEL_BITS as u64).is_ok());
        assert!(ScryptN::new(MAX_N as u64).is_ok() && ScryptN::new(MAX_N as u64 * 2).is_err());
    }
}
