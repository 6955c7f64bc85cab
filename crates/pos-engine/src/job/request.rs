use std::path::PathBuf;

use pos_labels::{Difficulty, LabelBits, LabelParams, ParamError, ScryptN, parse_hex32};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use crate::data_dir::DEFAULT_MAX_FILE_BYTES;
use crate::data_dir::DataLayout;
use crate::provider::ProviderId;

/// Which providers may work on a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case", tag = "mode", content = "ids")]
pub enum ProviderChoice {
    /// Every GPU when there is one, else the CPU: a CPU next to a GPU would hold up
    /// the job's last file for hours.
    #[default]
    Automatic,
    /// Exactly these.
    Specific(Vec<ProviderId>),
}

/// A job as the UI, the CLI or the gRPC API asks for it: plain values, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRequest {
    pub name: String,
    pub dir: PathBuf,
    /// 64 hex digits.
    pub id: String,
    /// 64 hex digits.
    pub salt: String,
    pub n: u64,
    pub label_bits: u64,
    pub total_labels: u64,
    /// 64 hex digits; PoW is searched when present.
    #[serde(default)]
    pub pow_difficulty: Option<String>,
    #[serde(default)]
    pub providers: ProviderChoice,
    /// Default: [`DEFAULT_MAX_FILE_BYTES`].
    #[serde(default)]
    pub max_file_bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RequestError {
    #[error("{0}")]
    Param(#[from] ParamError),
    #[error("the job needs a name")]
    NoName,
    #[error("the job needs at least one label")]
    NoLabels,
    #[error("the data folder must be an absolute path, got {0:?}")]
    RelativeDir(PathBuf),
    #[error("choose at least one processor for the job")]
    NoProviders,
    /// The file size and label count do not make a layout (files too small for one
    /// group of 8 labels, or too many files).
    #[error("{0}")]
    Layout(String),
}

/// A request that passed every check: it cannot describe labels gpu-post would
/// compute differently or crash on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    pub name: String,
    pub dir: PathBuf,
    pub layout: DataLayout,
    pub providers: ProviderChoice,
    /// The request it came from, kept for the state file.
    pub request: JobRequest,
}

impl JobRequest {
    pub fn validate(&self) -> Result<JobSpec, RequestError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(RequestError::NoName);
        }
        if !self.dir.is_absolute() {
            return Err(RequestError::RelativeDir(self.dir.clone()));
        }
        let params = LabelParams {
            id: parse_hex32("id", &self.id)?,
            salt: parse_hex32("salt", &self.salt)?,
            n: ScryptN::new(self.n)?,
            bits: LabelBits::new(self.label_bits)?,
        };
        if self.total_labels == 0 {
            return Err(RequestError::NoLabels);
        }
        if matches!(&self.providers, ProviderChoice::Specific(ids) if ids.is_empty()) {
            return Err(RequestError::NoProviders);
        }
        let pow = self
            .pow_difficulty
            .as_deref()
            .map(Difficulty::from_hex)
            .transpose()?;
        let mut layout = DataLayout::new(params, self.total_labels);
        layout.max_file_bytes = self.max_file_bytes.unwrap_or(DEFAULT_MAX_FILE_BYTES);
        layout.pow = pow;
        layout
            .geometry()
            .map_err(|e| RequestError::Layout(e.to_string()))?;
        Ok(JobSpec {
            name: name.to_owned(),
            dir: self.dir.clone(),
            layout,
            providers: self.providers.clone(),
            request: self.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn request() -> JobRequest {
        JobRequest {
            name: "test".into(),
            dir: std::env::temp_dir().join("pos-request-test"),
            id: "ab".repeat(32),
            salt: "cd".repeat(32),
            n: 512,
            label_bits: 8,
            total_labels: 1000,
            pow_difficulty: None,
            providers: ProviderChoice::Automatic,
            max_file_bytes: None,
        }
    }

    #[test]
    fn a_good_request_validates() {
        let spec = request().validate().unwrap();
        assert_eq!(spec.layout.total_labels, 1000);
        assert_eq!(spec.layout.max_file_bytes, DEFAULT_MAX_FILE_BYTES);
        assert_eq!(spec.layout.params.id, [0xab; 32]);
    }

    /// Spoils one field of a good request; the error must contain the text.
    type Spoiler = (fn(&mut JobRequest), &'static str);

    #[test]
    fn every_bad_field_is_named() {
        let cases: Vec<Spoiler> = vec![
            (|r| r.name = " ".into(), "needs a name"),
            (|r| r.dir = "relative/dir".into(), "absolute path"),
            (|r| r.id = "abc".into(), "id must be 64 hex digits"),
            (|r| r.salt = "zz".repeat(32), "salt must be 64 hex digits"),
            (|r| r.n = 3, "N must be a power of two"),
            (|r| r.n = 1 << 21, "N must be a power of two"),
            (|r| r.label_bits = 0, "label size must be 1 to 256 bits"),
            (|r| r.label_bits = 257, "label size must be 1 to 256 bits"),
            (|r| r.total_labels = 0, "at least one label"),
            (
                |r| r.pow_difficulty = Some("12".into()),
                "difficulty must be 64 hex digits",
            ),
            (
                |r| r.providers = ProviderChoice::Specific(vec![]),
                "at least one processor",
            ),
            (|r| r.max_file_bytes = Some(7), "invalid data layout"),
        ];
        for (spoil, message) in cases {
            let mut r = request();
            spoil(&mut r);
            let err = r.validate().unwrap_err().to_string();
            assert!(err.contains(message), "{err:?} should say {message:?}");
        }
    }
}
