use std::path::PathBuf;

use pos_labels::{Difficulty, LabelBits, LabelParams, ParamError, ScryptN, parse_hex32};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use crate::data_dir::DEFAULT_MAX_FILE_BYTES;
use crate::data_dir::{DataDirStatus, DataLayout, FileNaming};
use crate::provider::ProviderId;

use super::JobId;

/// In [`JobRequest::file_name`], replaced by the job's id when the job is added.
pub const JOB_ID_PLACEHOLDER: &str = "{id}";

/// Which providers may work on a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case", tag = "mode", content = "ids")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProviderChoice {
    /// Every GPU when there is one, else the CPU: a CPU next to a GPU would hold up
    /// the job's last file for hours.
    #[default]
    Automatic,
    /// Exactly these.
    Specific(Vec<ProviderId>),
}

/// Who made a job. The gRPC API lets its clients reach only the jobs made through it
/// unless they present the app's token (pos-grpc), so a program of another user on
/// the same computer cannot abort or delete the window's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum JobOrigin {
    /// The app's window. Also every job saved before jobs recorded their origin, so
    /// that an old job list gives API clients nothing new to reach.
    #[default]
    Window,
    /// The gRPC API (the app's "serve the API" setting or `pos serve`).
    Api,
    /// The `pos` command.
    Cli,
}

/// A job as the UI, the CLI or the gRPC API asks for it: plain values, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Write every label to one file of this name in `dir`, with the metadata beside it
    /// ([`FileNaming::SingleFile`]), instead of `postdata_<i>.bin` files; `{id}` in it
    /// becomes the job's id (the gRPC API's `{id}.pos`). Leave `max_file_bytes` out.
    /// Not in the UI's types: the window always writes numbered files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub file_name: Option<String>,
    /// Not in the UI's types: the window's requests get the default, [`JobOrigin::Window`].
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub origin: JobOrigin,
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
    #[error("a job written to one file has no file size limit; leave the max file size out")]
    SingleFileWithLimit,
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
    /// Set by [`JobQueue::add_shard`](crate::JobQueue::add_shard): the job writes only
    /// this shard's files, beside other shards (`pos job run --shard`).
    pub shard: Option<crate::data_dir::Shard>,
}

/// A job's name when none is given: its folder's own name.
pub fn default_job_name(dir: &std::path::Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "pos data".into())
}

impl JobRequest {
    /// The job a data folder's metadata describes, to add it to a queue again (the app's
    /// "Add an existing folder", `pos job run`): the folder is then opened as it is and
    /// the job goes on from its checkpoint. Named after the folder.
    pub fn for_existing_folder(status: &DataDirStatus, origin: JobOrigin) -> Self {
        let layout = &status.layout;
        Self {
            name: default_job_name(&status.path),
            dir: status.path.clone(),
            id: hex::encode(layout.params.id),
            salt: hex::encode(layout.params.salt),
            n: layout.params.n.get().into(),
            label_bits: layout.params.bits.get().into(),
            total_labels: layout.total_labels,
            pow_difficulty: layout.pow.map(|d| hex::encode(d.0)),
            providers: ProviderChoice::Automatic,
            max_file_bytes: Some(layout.max_file_bytes),
            file_name: None,
            origin,
        }
    }

    /// This request as job `id` runs it: `{id}` in the file name replaced.
    pub fn for_job(&self, id: JobId) -> Self {
        let mut request = self.clone();
        if let Some(name) = &mut request.file_name {
            *name = name.replace(JOB_ID_PLACEHOLDER, &id.to_string());
        }
        request
    }

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
        if let Some(name) = &self.file_name {
            if self.max_file_bytes.is_some() {
                return Err(RequestError::SingleFileWithLimit);
            }
            layout.max_file_bytes = u64::MAX;
            layout.naming = FileNaming::SingleFile(name.clone());
        }
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
            shard: None,
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
            file_name: None,
            origin: JobOrigin::Window,
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
            (|r| r.file_name = Some("a/b.pos".into()), "path separator"),
            (|r| r.file_name = Some("pos-meta.json".into()), "reserved"),
            (
                |r| {
                    r.file_name = Some("1.pos".into());
                    r.max_file_bytes = Some(1 << 20);
                },
                "no file size limit",
            ),
        ];
        for (spoil, message) in cases {
            let mut r = request();
            spoil(&mut r);
            let err = r.validate().unwrap_err().to_string();
            assert!(err.contains(message), "{err:?} should say {message:?}");
        }
    }

    #[test]
    fn a_single_file_job_is_one_unlimited_file_named_after_its_id() {
        let mut r = request();
        r.file_name = Some("{id}.pos".into());
        let spec = r.for_job(JobId(42)).validate().unwrap();
        assert_eq!(spec.layout.naming, FileNaming::SingleFile("42.pos".into()));
        assert_eq!(spec.layout.max_file_bytes, u64::MAX);
        assert_eq!(spec.layout.geometry().unwrap().file_count(), 1);
        // The saved request names the file, so that a restart opens the same one.
        assert_eq!(spec.request.file_name.as_deref(), Some("42.pos"));
    }

    #[test]
    fn a_saved_request_without_an_origin_is_the_windows() {
        let mut saved = serde_json::to_value(request()).unwrap();
        assert_eq!(saved["origin"], "window");
        saved.as_object_mut().unwrap().remove("origin");
        let read: JobRequest = serde_json::from_value(saved).unwrap();
        assert_eq!(read.origin, JobOrigin::Window);
        let mut api = request();
        api.origin = JobOrigin::Api;
        let back: JobRequest = serde_json::from_value(serde_json::to_value(&api).unwrap()).unwrap();
        assert_eq!(back.origin, JobOrigin::Api);
    }

    #[test]
    fn numbered_jobs_are_unchanged_by_their_id() {
        assert_eq!(request().for_job(JobId(3)), request());
    }
}
