//! Checking written labels against the CPU reference.
//!
//! A full check recomputes every label, which takes as long as writing them did, so
//! [`DataDir::verify`] checks the first and last durable label of every file (where
//! a misplaced batch or a cut shows first) and a random sample of the rest.
//! [`label_matches`] checks one label in a packed buffer: cheap enough for a job to
//! spot-check every batch a GPU returns before it is written.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicBool, Ordering};

use pos_labels::{LabelParams, label_hash};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{DataDir, DataDirError, lock};

/// The share of labels [`DataDir::verify`] checks by default: one in a thousand.
pub const DEFAULT_VERIFY_FRACTION: f64 = 0.001;

/// Labels checked between looks at the stop flag and calls to `progress`, per thread.
const LABELS_PER_THREAD_PER_ROUND: usize = 16;

/// A label whose bits on disk differ from the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelMismatch {
    pub file_index: usize,
    pub file_name: String,
    /// The label's index within its file.
    pub label_in_file: u64,
    /// The label's absolute position.
    pub position: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    /// Labels compared with the reference.
    pub labels_checked: u64,
    /// Labels the check set out to compare (all of them unless stopped).
    pub labels_planned: u64,
    pub mismatches: u64,
    /// The mismatch at the lowest position.
    pub first_mismatch: Option<LabelMismatch>,
    /// Every data file with durable labels, in order: what was checked there.
    pub files: Vec<FileVerified>,
    /// The stop flag was raised before every planned label was checked.
    pub stopped: bool,
}

/// The check of one data file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileVerified {
    pub file_name: String,
    pub labels_checked: u64,
    pub mismatches: u64,
}

impl VerifyReport {
    /// Every planned label was checked and matched.
    pub fn passed(&self) -> bool {
        !self.stopped && self.mismatches == 0
    }
}

/// Whether label `index_in_buffer` of the packed stream `packed` (its bits at
/// `index_in_buffer * L ..`) is the label of `position`. Compares only that label's
/// bits, so neighbours sharing its bytes do not matter. `false` when `packed` is too
/// short to hold it.
pub fn label_matches(
    params: &LabelParams,
    position: u64,
    packed: &[u8],
    index_in_buffer: u64,
) -> bool {
    let bits = params.bits.get() as u128;
    let first_bit = index_in_buffer as u128 * bits;
    if first_bit + bits > packed.len() as u128 * 8 {
        return false;
    }
    let start = (first_bit / 8) as usize;
    let window = &packed[start..];
    bits_match(
        window,
        (first_bit % 8) as u32,
        &label_hash(params, position),
        params.bits.get(),
    )
}

/// Whether the `bits` bits of `packed` from bit `shift` (< 8) are the low `bits` bits
/// of `hash` read little-endian (LABELS.md section 6).
fn bits_match(packed: &[u8], shift: u32, hash: &[u8; 32], bits: u32) -> bool {
    (0..bits).all(|b| {
        let at = shift + b;
        let on_disk = packed[(at / 8) as usize] >> (at % 8) & 1;
        let wanted = hash[(b / 8) as usize] >> (b % 8) & 1;
        on_disk == wanted
    })
}

impl DataDir {
    /// Recomputes on the CPU the first and last durable label of every file and a
    /// random `fraction` (`0.0..=1.0`, see [`DEFAULT_VERIFY_FRACTION`]; 1.0 checks
    /// everything) of the others, and compares them with the files. The sample depends
    /// only on `seed` and the checkpoints.
    ///
    /// `progress(checked, planned)` is called on this thread after every round of a
    /// few labels per core; raising `stop` ends the check early with `stopped` set in
    /// the report. Only durable labels are read, so a job may append meanwhile.
    pub fn verify(
        &self,
        fraction: f64,
        seed: u64,
        progress: &dyn Fn(u64, u64),
        stop: &AtomicBool,
    ) -> Result<VerifyReport, DataDirError> {
        if !(0.0..=1.0).contains(&fraction) {
            return Err(DataDirError::BadRequest(format!(
                "the share of labels to verify must be from 0 to 1, got {fraction}"
            )));
        }
        let checkpoints: Vec<u64> = lock(&self.meta)
            .files
            .iter()
            .map(|f| f.durable_labels)
            .collect();
        let sample = |file: usize| Sample::new(seed, file, checkpoints[file], fraction);
        let mut report = VerifyReport {
            labels_planned: (0..checkpoints.len())
                .map(|i| sample(i).count() as u64)
                .sum(),
            ..VerifyReport::default()
        };
        progress(0, report.labels_planned);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let round = threads * LABELS_PER_THREAD_PER_ROUND;

        for (index, &durable) in checkpoints.iter().enumerate() {
            if durable == 0 {
                continue;
            }
            let span = self.geometry.span(index);
            report.files.push(FileVerified {
                file_name: span.name.clone(),
                ..FileVerified::default()
            });
            let path = self.path().join(&span.name);
            let mut reader = File::open(&path).map_err(|e| DataDirError::io("open", &path, e))?;
            let mut labels = sample(index);
            loop {
                let in_file: Vec<u64> = labels.by_ref().take(round).collect();
                if in_file.is_empty() {
                    break;
                }
                if stop.load(Ordering::Relaxed) {
                    report.stopped = true;
                    return Ok(report);
                }
                let mut on_disk = Vec::with_capacity(in_file.len());
                for &label in &in_file {
                    on_disk.push(self.read_label(&mut reader, label).map_err(|e| {
                        if e.kind() == io::ErrorKind::UnexpectedEof {
                            DataDirError::FileShorterThanCheckpoint {
                                len: std::fs::metadata(&path).map_or(0, |m| m.len()),
                                path: path.clone(),
                                expected: self.geometry.packed_bytes(durable),
                            }
                        } else {
                            DataDirError::io("read", &path, e)
                        }
                    })?);
                }
                let positions: Vec<u64> = in_file.iter().map(|l| span.first_position + l).collect();
                let hashes = hashes_in_parallel(&self.layout.params, &positions, threads);
                let bits = self.layout.params.bits.get();
                let file = report.files.last_mut().expect("pushed for this file");
                for ((label, (bytes, shift)), hash) in in_file.iter().zip(&on_disk).zip(&hashes) {
                    report.labels_checked += 1;
                    file.labels_checked += 1;
                    if !bits_match(bytes, *shift, hash, bits) {
                        report.mismatches += 1;
                        file.mismatches += 1;
                        report.first_mismatch.get_or_insert_with(|| LabelMismatch {
                            file_index: index,
                            file_name: span.name.clone(),
                            label_in_file: *label,
                            position: span.first_position + label,
                        });
                    }
                }
                progress(report.labels_checked, report.labels_planned);
            }
        }
        if let Some(m) = &report.first_mismatch {
            tracing::warn!(dir = %self.path().display(), file = %m.file_name, label = m.label_in_file,
                mismatches = report.mismatches, "verify found labels that differ from the reference");
        }
        Ok(report)
    }

    /// Whether durable label `label_in_file` of data file `file_index` on disk is right.
    pub fn check_label_on_disk(
        &self,
        file_index: usize,
        label_in_file: u64,
    ) -> Result<bool, DataDirError> {
        let span = self.file_span(file_index).ok_or_else(|| {
            DataDirError::BadRequest(format!("data file {file_index} does not exist"))
        })?;
        if label_in_file >= self.durable_labels_in(file_index) {
            return Err(DataDirError::BadRequest(format!(
                "label {label_in_file} of {} is not written yet",
                span.name
            )));
        }
        let path = self.path().join(&span.name);
        let (bytes, shift) = File::open(&path)
            .and_then(|mut f| self.read_label(&mut f, label_in_file))
            .map_err(|e| DataDirError::io("read", &path, e))?;
        let hash = label_hash(&self.layout.params, span.first_position + label_in_file);
        Ok(bits_match(
            &bytes,
            shift,
            &hash,
            self.layout.params.bits.get(),
        ))
    }

    /// The bytes holding label `label` of an open data file, and the label's first
    /// bit within them.
    fn read_label(&self, file: &mut File, label: u64) -> io::Result<([u8; 33], u32)> {
        let bits = self.layout.params.bits.get();
        let first_bit = label as u128 * bits as u128;
        let shift = (first_bit % 8) as u32;
        let len = (shift + bits).div_ceil(8) as usize;
        let mut bytes = [0u8; 33];
        file.seek(SeekFrom::Start((first_bit / 8) as u64))?;
        file.read_exact(&mut bytes[..len])?;
        Ok((bytes, shift))
    }
}

fn hashes_in_parallel(params: &LabelParams, positions: &[u64], threads: usize) -> Vec<[u8; 32]> {
    let mut hashes = vec![[0u8; 32]; positions.len()];
    let per_thread = positions.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for (positions, hashes) in positions
            .chunks(per_thread)
            .zip(hashes.chunks_mut(per_thread))
        {
            s.spawn(move || {
                for (position, hash) in positions.iter().zip(hashes) {
                    *hash = label_hash(params, *position);
                }
            });
        }
    });
    hashes
}

/// The labels of one file to check, in increasing order: the first, a Bernoulli
/// sample of the ones in between (each kept with probability `fraction`, drawn as
/// geometric gaps so that the cost is per kept label, not per label), and the last.
struct Sample {
    rng: StdRng,
    durable: u64,
    fraction: f64,
    /// `ln(1 - fraction)`, for the gaps.
    ln_skip: f64,
    last_yielded: Option<u64>,
}

impl Sample {
    fn new(seed: u64, file: usize, durable: u64, fraction: f64) -> Self {
        let file_seed = seed ^ (file as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        Self {
            rng: StdRng::seed_from_u64(file_seed),
            durable,
            fraction,
            ln_skip: (1.0 - fraction).ln(),
            last_yielded: None,
        }
    }

    /// Labels skipped before the next one kept.
    fn gap(&mut self) -> u64 {
        if self.fraction >= 1.0 {
            return 0;
        }
        if self.fraction <= 0.0 {
            return u64::MAX;
        }
        // 1 - u is in (0, 1], so its logarithm is finite and at most 0; `as` saturates.
        let u: f64 = self.rng.random();
        ((1.0 - u).ln() / self.ln_skip).floor() as u64
    }
}

impl Iterator for Sample {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let last = self.durable.checked_sub(1)?;
        let next = match self.last_yielded {
            None => 0,
            Some(previous) if previous >= last => return None,
            Some(previous) => previous
                .saturating_add(self.gap())
                .saturating_add(1)
                .min(last),
        };
        self.last_yielded = Some(next);
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_keeps_ends_and_about_the_fraction() {
        assert_eq!(Sample::new(1, 0, 0, 0.5).count(), 0);
        assert_eq!(Sample::new(1, 0, 1, 0.5).collect::<Vec<_>>(), [0]);
        assert_eq!(Sample::new(1, 0, 5, 0.0).collect::<Vec<_>>(), [0, 4]);
        assert_eq!(
            Sample::new(1, 0, 5, 1.0).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        let picked: Vec<u64> = Sample::new(7, 3, 1_000_000, 0.01).collect();
        assert!(picked.windows(2).all(|w| w[0] < w[1]));
        assert_eq!((picked[0], *picked.last().unwrap()), (0, 999_999));
        assert!((9_000..11_000).contains(&picked.len()), "{}", picked.len());
        let again: Vec<u64> = Sample::new(7, 3, 1_000_000, 0.01).collect();
        assert_eq!(picked, again);
    }

    #[test]
    fn bits_match_only_looks_at_the_label() {
        let hash = [0b1010_1010u8; 32];
        // 3 bits 010 at shift 5 of byte 0, neighbours all ones.
        let packed = [0b0101_1111u8, 0xff];
        assert!(bits_match(&packed, 5, &hash, 3));
        assert!(!bits_match(&[0b0111_1111, 0xff], 5, &hash, 3));
    }
}
