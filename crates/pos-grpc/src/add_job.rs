//! An `AddJobRequest` as the engine's `JobRequest`, with the checks old clients get
//! `INVALID_ARGUMENT` for.

use pos_engine::{JobOrigin, JobRequest, ProviderChoice};

use crate::api;
use crate::config::ApiConfig;

/// Client ids are 32 bytes; old clients send shorter ones (their tests used 5 bytes),
/// which are zero-padded on the right.
pub const CLIENT_ID_BYTES: usize = 32;
/// Each API job writes `<data_dir>/<job id>.pos`, as the old server did.
pub const DATA_FILE_NAME: &str = "{id}.pos";
/// The name of a job whose request gave none.
pub const DEFAULT_JOB_NAME: &str = "pos job";

/// Checks the request against the configuration and builds the engine's request.
/// The message says which field is wrong and what it must be.
pub(crate) fn job_request(
    request: &api::AddJobRequest,
    config: &ApiConfig,
) -> Result<JobRequest, String> {
    let id = padded_client_id(&request.client_id)?;
    if request.start_index != 0 {
        return Err(format!(
            "start_index must be 0: data always starts at position 0 (got {}); to split a job \
             across machines, create it once and run `pos job run DIR --shard I/K` on each",
            request.start_index
        ));
    }
    let total_labels = labels_in(request.post_size_bits, config)?;
    let pow_difficulty = difficulty(request)?;
    let name = match request.friendly_name.trim() {
        "" => DEFAULT_JOB_NAME.to_owned(),
        name => name.to_owned(),
    };
    Ok(JobRequest {
        name,
        dir: config.data_dir.clone(),
        id: hex::encode(id),
        salt: hex::encode(config.salt),
        n: config.n.get().into(),
        label_bits: config.bits.get().into(),
        total_labels,
        pow_difficulty,
        providers: ProviderChoice::Automatic,
        max_file_bytes: None,
        file_name: Some(DATA_FILE_NAME.to_owned()),
        origin: JobOrigin::Api,
    })
}

fn padded_client_id(bytes: &[u8]) -> Result<[u8; CLIENT_ID_BYTES], String> {
    if bytes.is_empty() || bytes.len() > CLIENT_ID_BYTES {
        return Err(format!(
            "client_id must be 1 to {CLIENT_ID_BYTES} bytes (shorter ids are zero-padded on the \
             right), got {} bytes",
            bytes.len()
        ));
    }
    let mut id = [0u8; CLIENT_ID_BYTES];
    id[..bytes.len()].copy_from_slice(bytes);
    Ok(id)
}

/// The labels in `post_size_bits`, which must be whole bytes, whole labels and at
/// least `indexes_per_compute_cycle` labels.
fn labels_in(size_bits: u64, config: &ApiConfig) -> Result<u64, String> {
    let bits = u64::from(config.bits.get());
    if size_bits == 0 || !size_bits.is_multiple_of(8) {
        return Err(format!(
            "post_size_bits must be a positive whole number of bytes (a multiple of 8), got \
             {size_bits}"
        ));
    }
    if !size_bits.is_multiple_of(bits) {
        return Err(format!(
            "post_size_bits must be a whole number of labels of bits_per_index = {bits} bits, got \
             {size_bits}"
        ));
    }
    let labels = size_bits / bits;
    if labels < config.indexes_per_compute_cycle {
        return Err(format!(
            "post_size_bits {size_bits} holds {labels} labels, fewer than \
             indexes_per_compute_cycle = {}; ask for at least {} bits",
            config.indexes_per_compute_cycle,
            config.indexes_per_compute_cycle.saturating_mul(bits)
        ));
    }
    Ok(labels)
}

/// PoW is searched when `compute_pow_solution` is set; the difficulty is 32 bytes.
fn difficulty(request: &api::AddJobRequest) -> Result<Option<String>, String> {
    let given = &request.pow_difficulty;
    if !given.is_empty() && given.len() != 32 {
        return Err(format!(
            "pow_difficulty must be 32 bytes, got {} bytes",
            given.len()
        ));
    }
    match (request.compute_pow_solution, given.is_empty()) {
        (true, true) => Err("compute_pow_solution needs a 32-byte pow_difficulty".into()),
        (true, false) => Ok(Some(hex::encode(given))),
        (false, _) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A full path on this system (`/data` has no drive letter on Windows).
    fn data() -> &'static Path {
        Path::new(if cfg!(windows) { r"C:\data" } else { "/data" })
    }

    fn good() -> api::AddJobRequest {
        api::AddJobRequest {
            client_id: vec![0x12, 0x15, 0xed, 0xa1, 0x21],
            post_size_bits: 8192 * 32,
            start_index: 0,
            friendly_name: "job 0".into(),
            pow_difficulty: vec![0xff; 32],
            compute_pow_solution: true,
        }
    }

    #[test]
    fn a_short_client_id_is_zero_padded_on_the_right() {
        let config = ApiConfig::defaults_in(data());
        let r = job_request(&good(), &config).unwrap();
        assert_eq!(r.id, format!("1215eda121{}", "00".repeat(27)));
        assert_eq!(r.total_labels, 8192 * 32 / 8);
        assert_eq!(r.pow_difficulty, Some("ff".repeat(32)));
        assert_eq!(r.file_name.as_deref(), Some("{id}.pos"));
        assert_eq!(r.dir, data());
        assert_eq!(r.origin, JobOrigin::Api);
        r.validate().unwrap();
    }

    #[test]
    fn without_compute_pow_solution_no_pow_is_searched() {
        let config = ApiConfig::defaults_in(data());
        let mut request = good();
        request.compute_pow_solution = false;
        request.friendly_name = " ".into();
        let r = job_request(&request, &config).unwrap();
        assert_eq!(r.pow_difficulty, None);
        assert_eq!(r.name, DEFAULT_JOB_NAME);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut config = ApiConfig::defaults_in(data());
        config.bits = pos_labels::LabelBits::new(5).unwrap();
        type Spoiler = (fn(&mut api::AddJobRequest), &'static str);
        let cases: [Spoiler; 10] = [
            (|r| r.client_id = vec![], "client_id must be 1 to 32 bytes"),
            (|r| r.client_id = vec![1; 33], "got 33 bytes"),
            (|r| r.start_index = 5, "start_index must be 0"),
            (|r| r.post_size_bits = 0, "whole number of bytes"),
            (|r| r.post_size_bits = 5 * 1024 + 5, "whole number of bytes"),
            (|r| r.post_size_bits = 8 * 1024, "whole number of labels"),
            (
                |r| r.post_size_bits = 40 * 100,
                "fewer than indexes_per_compute_cycle",
            ),
            (
                |r| r.pow_difficulty = vec![1; 31],
                "pow_difficulty must be 32 bytes",
            ),
            (
                |r| r.pow_difficulty = vec![],
                "needs a 32-byte pow_difficulty",
            ),
            (
                |r| {
                    r.compute_pow_solution = false;
                    r.pow_difficulty = vec![1; 40];
                },
                "pow_difficulty must be 32 bytes",
            ),
        ];
        for (spoil, message) in cases {
            let mut r = good();
            r.post_size_bits = 5 * 8 * 1024;
            spoil(&mut r);
            let err = job_request(&r, &config).unwrap_err();
            assert!(err.contains(message), "{err:?} should say {message:?}");
        }
    }
}
