//! What `SetConfig` and `GetConfig` keep: where new jobs write and the label
//! parameters they get, checked with pos-labels' types.

use std::path::{Path, PathBuf};

use pos_labels::{LabelBits, ParamError, ScryptN};

use crate::api;

/// The old server's defaults, from the engine (one copy for the app, the API and the
/// window: `pos_engine::defaults`).
pub const DEFAULT_SALT: [u8; 32] = pos_engine::defaults::DEFAULT_SALT;
pub const DEFAULT_INDEXES_PER_COMPUTE_CYCLE: u64 = 1024;
pub const DEFAULT_BITS_PER_INDEX: u64 = pos_engine::defaults::DEFAULT_LABEL_BITS as u64;
pub const DEFAULT_N: u64 = pos_engine::defaults::DEFAULT_N as u64;

/// The API's configuration, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiConfig {
    /// Absolute, so that jobs keep writing where they started when the server's
    /// working folder means nothing to the person reading a status.
    pub data_dir: PathBuf,
    /// The old server computed this many labels per batch; here it is the least a job
    /// may have (the engine sizes its batches itself).
    pub indexes_per_compute_cycle: u64,
    pub bits: LabelBits,
    pub salt: [u8; 32],
    pub n: ScryptN,
}

/// The values of the old server's config keys, before they are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawConfig {
    pub data_dir: String,
    pub indexes_per_compute_cycle: u64,
    pub bits_per_index: u64,
    pub salt: Vec<u8>,
    pub n: u64,
    pub r: u64,
    pub p: u64,
}

impl Default for RawConfig {
    /// The old server's defaults.
    fn default() -> Self {
        Self {
            data_dir: "./".into(),
            indexes_per_compute_cycle: DEFAULT_INDEXES_PER_COMPUTE_CYCLE,
            bits_per_index: DEFAULT_BITS_PER_INDEX,
            salt: DEFAULT_SALT.to_vec(),
            n: DEFAULT_N,
            r: 1,
            p: 1,
        }
    }
}

impl RawConfig {
    /// Checks every value; a relative `data_dir` is resolved against `base`.
    pub fn validate(&self, base: &Path) -> Result<ApiConfig, String> {
        if self.data_dir.trim().is_empty() {
            return Err("data_dir is empty; give the folder where new jobs write".into());
        }
        if self.indexes_per_compute_cycle == 0 {
            return Err("indexes_per_compute_cycle must be at least 1".into());
        }
        let bits = LabelBits::new(self.bits_per_index).map_err(|e| param("bits_per_index", e))?;
        let salt: [u8; 32] = self.salt.as_slice().try_into().map_err(|_| {
            format!(
                "salt must be 32 bytes (64 hex digits), got {} bytes",
                self.salt.len()
            )
        })?;
        let n = ScryptN::new(self.n).map_err(|e| param("N", e))?;
        for (name, value) in [("R", self.r), ("P", self.p)] {
            if value != 1 {
                return Err(format!(
                    "{name} must be 1 (labels are only defined for R = P = 1), got {value}"
                ));
            }
        }
        Ok(ApiConfig {
            // Components drop the "." of the default "./".
            data_dir: base.join(&self.data_dir).components().collect(),
            indexes_per_compute_cycle: self.indexes_per_compute_cycle,
            bits,
            salt,
            n,
        })
    }
}

fn param(name: &str, e: ParamError) -> String {
    format!("{name}: {e}")
}

impl ApiConfig {
    /// The old server's defaults, with `data_dir` "./" resolved against `base`.
    pub fn defaults_in(base: &Path) -> Self {
        RawConfig::default()
            .validate(base)
            .expect("the defaults are valid")
    }

    pub(crate) fn from_message(config: &api::Config, base: &Path) -> Result<Self, String> {
        RawConfig {
            data_dir: config.data_dir.clone(),
            indexes_per_compute_cycle: config.indexes_per_compute_cycle,
            bits_per_index: config.bits_per_index.into(),
            salt: config.salt.clone(),
            n: config.n.into(),
            r: config.r.into(),
            p: config.p.into(),
        }
        .validate(base)
    }

    pub(crate) fn to_message(&self) -> api::Config {
        api::Config {
            data_dir: self.data_dir.to_string_lossy().into_owned(),
            indexes_per_compute_cycle: self.indexes_per_compute_cycle,
            bits_per_index: self.bits.get(),
            salt: self.salt.to_vec(),
            n: self.n.get(),
            r: 1,
            p: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_old_servers() {
        let c = ApiConfig::defaults_in(Path::new("/srv"));
        assert_eq!(
            hex::encode(c.salt),
            "114a00005de29b0aaad6814e5f33d357686da48923e8e4864ee5d6e20053e886"
        );
        assert_eq!(c.data_dir, Path::new("/srv"));
        assert_eq!(
            (c.indexes_per_compute_cycle, c.bits.get(), c.n.get()),
            (1024, 8, 512)
        );
        let message = c.to_message();
        assert_eq!((message.r, message.p), (1, 1));
        assert_eq!(
            ApiConfig::from_message(&message, Path::new("/elsewhere")).unwrap(),
            c
        );
    }

    #[test]
    fn every_bad_value_is_named() {
        type Spoiler = (fn(&mut RawConfig), &'static str);
        let cases: [Spoiler; 8] = [
            (|c| c.data_dir = " ".into(), "data_dir is empty"),
            (
                |c| c.indexes_per_compute_cycle = 0,
                "indexes_per_compute_cycle",
            ),
            (|c| c.bits_per_index = 0, "bits_per_index: label size"),
            (|c| c.bits_per_index = 257, "bits_per_index: label size"),
            (|c| c.salt = vec![1; 5], "salt must be 32 bytes"),
            (|c| c.n = 500, "N: N must be a power of two"),
            (|c| c.r = 8, "R must be 1"),
            (|c| c.p = 0, "P must be 1"),
        ];
        for (spoil, message) in cases {
            let mut c = RawConfig::default();
            spoil(&mut c);
            let err = c.validate(Path::new("/")).unwrap_err();
            assert!(err.contains(message), "{err:?} should say {message:?}");
        }
    }
}
