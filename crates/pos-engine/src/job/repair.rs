//! Repairing a job's data. Verify samples, so it can say that data is damaged but not
//! everywhere it is; repair reads every durable label, recomputes it on a processor
//! (any: the CPU, a GPU), writes the labels that differ again in place, fsynced as a job
//! writes, and then reads them back. A processor's labels are checked on the CPU before
//! anything is written, so a GPU that computes wrong labels cannot "repair" good data.

use pos_labels::{LabelParams, PositionRange};
use serde::{Deserialize, Serialize};

use crate::data_dir::{DataDir, DataDirError, label_matches};
use crate::error::EngineError;
use crate::provider::{CancelToken, ComputeProvider, ProviderError};

/// Labels read and recomputed at a time: a multiple of 8, so every round starts on a
/// byte, and large enough to keep a GPU busy.
const ROUND_LABELS: u64 = 1 << 16;

/// Labels of each damaged range whose recomputed value is checked on the CPU before it
/// is written (the first, the last and some between).
const CPU_CHECKS_PER_RANGE: u64 = 8;

/// Consecutive damaged labels of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DamagedRange {
    pub file_index: usize,
    pub file_name: String,
    pub first_label_in_file: u64,
    pub labels: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairReport {
    /// Durable labels compared with the processor's.
    pub labels_checked: u64,
    /// Durable labels when the repair started.
    pub labels_planned: u64,
    /// The damaged labels found and written again, in file order.
    pub repaired: Vec<DamagedRange>,
    pub labels_repaired: u64,
    /// The repair was stopped before it read every label; what it wrote stays.
    pub stopped: bool,
}

/// Repairs the durable labels of `data` with `provider`. `progress(checked, planned)` is
/// called after every round; `cancel` stops it between rounds (or within a batch).
pub fn repair(
    data: &DataDir,
    provider: &dyn ComputeProvider,
    progress: &dyn Fn(u64, u64),
    cancel: &CancelToken,
) -> Result<RepairReport, EngineError> {
    let params = &data.layout().params;
    let mut report = RepairReport {
        labels_planned: data.durable_labels(),
        ..RepairReport::default()
    };
    progress(0, report.labels_planned);
    for file_index in 0..data.file_count() {
        let Some(span) = data.file_span(file_index) else {
            continue;
        };
        let durable = data.durable_labels_in(file_index);
        let mut first = 0;
        while first < durable {
            if cancel.is_cancelled() {
                report.stopped = true;
                return Ok(report);
            }
            let labels = ROUND_LABELS.min(durable - first);
            let on_disk = data.read_durable(file_index, first, labels)?;
            let mut expected = vec![0u8; on_disk.len()];
            let range = PositionRange::new(span.first_position + first, labels)
                .map_err(|e| DataDirError::BadRequest(e.to_string()))?;
            match provider.compute(params, range, Some(&mut expected), None, cancel) {
                Ok(_) => {}
                Err(ProviderError::Cancelled) => {
                    report.stopped = true;
                    return Ok(report);
                }
                Err(e) => return Err(e.into()),
            }
            if expected != on_disk {
                let first_position = span.first_position + first;
                for (start, count) in damaged_labels(&on_disk, &expected, params.bits.get(), labels)
                {
                    check_on_cpu(params, first_position, &expected, start, count, provider)?;
                    // Whole bytes, from a byte boundary: the labels around the damage that
                    // share its bytes are rewritten with their right values too.
                    let from = start / 8 * 8;
                    let to = (start + count).div_ceil(8).saturating_mul(8).min(labels);
                    let bytes = byte_range(&expected, params.bits.get(), from, to);
                    data.overwrite_durable(file_index, first + from, bytes)?;
                    if data.read_durable(file_index, first + from, to - from)? != bytes {
                        return Err(DataDirError::BadRequest(format!(
                            "{}: the repaired labels from label {} read back differently: the \
                             disk may be failing",
                            span.name,
                            first + from
                        ))
                        .into());
                    }
                    report.labels_repaired += count;
                    add_range(
                        &mut report.repaired,
                        file_index,
                        &span.name,
                        first + start,
                        count,
                    );
                }
            }
            first += labels;
            report.labels_checked += labels;
            progress(report.labels_checked, report.labels_planned);
        }
    }
    if report.labels_repaired > 0 {
        tracing::warn!(dir = %data.path().display(), labels = report.labels_repaired,
            ranges = report.repaired.len(), "repaired damaged labels");
    }
    Ok(report)
}

/// The damaged labels of a round as `(first, count)` runs: labels whose bits differ
/// between `on_disk` and `expected`, found from the bytes that differ.
fn damaged_labels(on_disk: &[u8], expected: &[u8], bits: u32, labels: u64) -> Vec<(u64, u64)> {
    let bits = bits as u64;
    let mut runs: Vec<(u64, u64)> = Vec::new();
    let mut next_unchecked = 0;
    for (byte, _) in on_disk
        .iter()
        .zip(expected)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
    {
        let first = (byte as u64 * 8 / bits).max(next_unchecked);
        let end = ((byte as u64 + 1) * 8).div_ceil(bits).min(labels);
        for label in first..end {
            if !same_label(on_disk, expected, bits, label) {
                match runs.last_mut() {
                    Some((start, count)) if *start + *count == label => *count += 1,
                    _ => runs.push((label, 1)),
                }
            }
        }
        next_unchecked = next_unchecked.max(end);
    }
    runs
}

/// Whether label `label` (bits `label * bits ..`) is the same in both buffers.
fn same_label(a: &[u8], b: &[u8], bits: u64, label: u64) -> bool {
    (label * bits..(label + 1) * bits).all(|bit| {
        let (byte, shift) = ((bit / 8) as usize, bit % 8);
        (a[byte] >> shift) & 1 == (b[byte] >> shift) & 1
    })
}

/// The bytes holding labels `from..to` of a packed round (`from` a multiple of 8).
fn byte_range(packed: &[u8], bits: u32, from: u64, to: u64) -> &[u8] {
    let start = (from * bits as u64 / 8) as usize;
    let end = ((to * bits as u64).div_ceil(8) as usize).min(packed.len());
    &packed[start..end]
}

/// Checks some of a damaged range's recomputed labels against the CPU's reference.
fn check_on_cpu(
    params: &LabelParams,
    first_position: u64,
    expected: &[u8],
    start: u64,
    count: u64,
    provider: &dyn ComputeProvider,
) -> Result<(), EngineError> {
    let step = (count / CPU_CHECKS_PER_RANGE).max(1);
    let picks = (start..start + count)
        .step_by(step as usize)
        .chain([start + count - 1]);
    for label in picks {
        if !label_matches(params, first_position + label, expected, label) {
            return Err(ProviderError::Compute(format!(
                "{} computed a wrong label at position {}: nothing of it was written; repair \
                 on another processor",
                provider.info().id,
                first_position + label
            ))
            .into());
        }
    }
    Ok(())
}

/// Appends a damaged run, merged with the previous one when they touch.
fn add_range(
    ranges: &mut Vec<DamagedRange>,
    file_index: usize,
    name: &str,
    first: u64,
    count: u64,
) {
    if let Some(last) = ranges.last_mut()
        && last.file_index == file_index
        && last.first_label_in_file + last.labels == first
    {
        last.labels += count;
        return;
    }
    ranges.push(DamagedRange {
        file_index,
        file_name: name.to_owned(),
        first_label_in_file: first,
        labels: count,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_labels_are_the_labels_whose_bits_differ() {
        // 3-bit labels: byte 1 holds bits 8..16, labels 2 (bits 6..9), 3, 4 and 5 (15..18).
        let expected = [0u8; 6];
        let mut on_disk = expected;
        on_disk[1] = 0b0000_0001; // bit 8: label 2 only
        assert_eq!(damaged_labels(&on_disk, &expected, 3, 16), [(2, 1)]);
        on_disk[1] = 0b1000_0001; // bit 15 too: label 5
        assert_eq!(damaged_labels(&on_disk, &expected, 3, 16), [(2, 1), (5, 1)]);
        on_disk[2] = 0b0000_0011; // bits 16 and 17: label 5 again, and nothing else
        assert_eq!(damaged_labels(&on_disk, &expected, 3, 16), [(2, 1), (5, 1)]);
        on_disk[1] = 0xff; // labels 2..=5
        assert_eq!(damaged_labels(&on_disk, &expected, 3, 16), [(2, 4)]);
        assert!(damaged_labels(&expected, &expected, 3, 16).is_empty());
    }

    #[test]
    fn byte_ranges_cover_whole_bytes_of_the_labels() {
        let packed: Vec<u8> = (0..12).collect();
        assert_eq!(byte_range(&packed, 3, 8, 16), &packed[3..6]);
        assert_eq!(byte_range(&packed, 3, 0, 32), &packed[..12]);
        // The last labels of a file need not end on a byte.
        assert_eq!(byte_range(&packed, 3, 24, 29), &packed[9..11]);
    }

    #[test]
    fn touching_runs_are_merged_within_a_file() {
        let mut ranges = Vec::new();
        add_range(&mut ranges, 0, "a", 10, 5);
        add_range(&mut ranges, 0, "a", 15, 1);
        add_range(&mut ranges, 0, "a", 20, 1);
        add_range(&mut ranges, 1, "b", 21, 1);
        let runs: Vec<(usize, u64, u64)> = ranges
            .iter()
            .map(|r| (r.file_index, r.first_label_in_file, r.labels))
            .collect();
        assert_eq!(runs, [(0, 10, 6), (0, 20, 1), (1, 21, 1)]);
    }
}
