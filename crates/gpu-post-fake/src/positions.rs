//! The work behind `scryptPositions`, in safe Rust: labels and PoW from pos-labels,
//! with gpu-post's reporting quirks (LABELS.md section 8).

use pos_labels::{
    ComputeOptions, Difficulty, LabelBits, LabelParams, PositionRange, compute_labels, pack_label,
};

use crate::abi;
use crate::abort;
use crate::config::FakeConfig;

/// One call's inputs, already checked the way gpu-post checks them.
pub struct Request<'a> {
    pub params: LabelParams,
    /// First and last position, both included (gpu-post's `end` is inclusive).
    pub start: u64,
    pub end: u64,
    /// The packed output stream, when labels are asked for (`COMPUTE_LEAFS`).
    pub leafs: Option<&'a mut [u8]>,
    /// The target, when PoW is asked for (`COMPUTE_POW`).
    pub pow: Option<Difficulty>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub status: i32,
    /// Written to `idx_solution` only when set, as gpu-post does.
    pub solution: Option<u64>,
    pub hashes_computed: u64,
}

/// Labels per pass over pos-labels: stops and delays are checked between passes.
const PASS_LABELS: u64 = 4096;
/// With a per-label delay, small passes keep the delay spread over the batch.
const SLOW_PASS_LABELS: u64 = 16;

/// Computes the request, reporting like gpu-post: with labels, the *last* solution
/// of the batch and status 0; PoW alone stops at the *first* solution with status 1
/// (unless `pow_last` is set); a stop gives status -4 and the hashes done so far.
pub fn run(mut request: Request<'_>, config: &FakeConfig) -> Report {
    if config.chunk > 0 {
        return crate::chunked::run(request, config);
    }
    let count = request.end - request.start + 1;
    let bits = request.params.bits.get() as usize;
    let full_hashes = LabelParams {
        bits: LabelBits::new(256).expect("256 bits is a valid label size"),
        ..request.params.clone()
    };
    let pass_labels = if config.label_delay.is_zero() {
        PASS_LABELS
    } else {
        SLOW_PASS_LABELS
    };
    let mut hashes = vec![0u8; (pass_labels.min(count) * 32) as usize];
    if let Some(out) = request.leafs.as_deref_mut() {
        out.fill(0);
    }

    let mut done = 0u64;
    let mut solution = None;
    let cancelled = |done: u64, solution: Option<u64>| Report {
        status: abi::ERROR_CANCELED,
        solution,
        hashes_computed: done,
    };
    if !abort::sleep_unless_aborted(config.call_delay) {
        return cancelled(done, solution);
    }
    while done < count {
        let labels = pass_labels.min(count - done);
        let range = PositionRange::new(request.start + done, labels)
            .expect("a pass lies inside the requested range");
        let hashes = &mut hashes[..labels as usize * 32];
        let options = ComputeOptions {
            stop: Some(&abort::ABORT),
            ..ComputeOptions::default()
        };
        if compute_labels(&full_hashes, range, hashes, &options).is_err() {
            return cancelled(done, solution);
        }
        // The delay is per label up to where the call ends: with PoW alone, at the
        // pass's first solution.
        let stops_at = match (&request.pow, &request.leafs, config.pow_last) {
            (Some(d), None, false) => hashes
                .chunks_exact(32)
                .position(|h| d.is_solved_by(h.try_into().expect("32 bytes")))
                .map_or(labels, |k| k as u64 + 1),
            _ => labels,
        };
        if !abort::sleep_unless_aborted(config.label_delay * stops_at as u32) {
            return cancelled(done, solution);
        }
        for (k, hash) in hashes.chunks_exact(32).enumerate() {
            let hash: &[u8; 32] = hash.try_into().expect("chunks of 32 bytes");
            let index = done + k as u64;
            if let Some(out) = request.leafs.as_deref_mut() {
                pack_label(out, index as usize * bits, hash, bits as u32);
            }
            if request.pow.is_some_and(|d| d.is_solved_by(hash)) {
                solution = Some(request.start + index);
                if request.leafs.is_none() && !config.pow_last {
                    return Report {
                        status: abi::POW_SOLUTION_FOUND,
                        solution,
                        hashes_computed: index + 1,
                    };
                }
            }
        }
        done += labels;
    }
    if config.corrupt
        && let Some(out) = request.leafs.as_deref_mut()
    {
        let last_bit = (count as usize - 1) * bits;
        out[last_bit / 8] ^= 1 << (last_bit % 8);
    }
    if let Some(out) = request.leafs.as_deref_mut() {
        spoil_if_wrong(out, &request.params, count, config);
    }
    let status = if request.leafs.is_none() && solution.is_some() {
        abi::POW_SOLUTION_FOUND
    } else {
        abi::ERROR_NONE
    };
    Report {
        status,
        solution,
        hashes_computed: done,
    }
}

/// gpu-post at large N on the GPU where it was measured: nearly every label wrong.
/// With `wrong_above_n` set and N above it, every bit of every label is flipped (the
/// unused bits of the last byte stay zero).
pub fn spoil_if_wrong(out: &mut [u8], params: &LabelParams, count: u64, config: &FakeConfig) {
    if config
        .wrong_above_n
        .is_none_or(|limit| params.n.get() as u64 <= limit)
    {
        return;
    }
    for byte in out.iter_mut() {
        *byte = !*byte;
    }
    let used = (count * params.bits.get() as u64 % 8) as u32;
    if let (Some(last), true) = (out.last_mut(), used != 0) {
        *last &= (1u8 << used) - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pos_labels::{ScryptN, label_hash};

    fn params(bits: u64) -> LabelParams {
        LabelParams {
            id: [7; 32],
            salt: [9; 32],
            n: ScryptN::new(16).unwrap(),
            bits: LabelBits::new(bits).unwrap(),
        }
    }

    /// A target that about a quarter of all hashes are below.
    fn easy() -> Difficulty {
        let mut d = [0xff; 32];
        d[0] = 0x40;
        Difficulty(d)
    }

    fn solutions(p: &LabelParams, start: u64, end: u64, d: &Difficulty) -> Vec<u64> {
        (start..=end)
            .filter(|&n| d.is_solved_by(&label_hash(p, n)))
            .collect()
    }

    #[test]
    fn labels_match_pos_labels() {
        for bits in [1, 5, 8, 13, 256] {
            let p = params(bits);
            let mut expected = vec![0u8; p.bits.packed_len(37).unwrap()];
            compute_labels(
                &p,
                PositionRange::new(3, 37).unwrap(),
                &mut expected,
                &ComputeOptions::default(),
            )
            .unwrap();
            let mut out = vec![0xaa; expected.len()];
            let report = run(
                Request {
                    params: p,
                    start: 3,
                    end: 39,
                    leafs: Some(&mut out),
                    pow: None,
                },
                &FakeConfig::default(),
            );
            assert_eq!(report.status, 0);
            assert_eq!(report.hashes_computed, 37);
            assert_eq!(out, expected, "bits {bits}");
        }
    }

    #[test]
    fn pow_reports_like_gpu_post() {
        let p = params(8);
        let found = solutions(&p, 0, 63, &easy());
        assert!(found.len() >= 2, "the test needs two solutions: {found:?}");
        let mut out = vec![0u8; 64];
        let with_labels = run(
            Request {
                params: p.clone(),
                start: 0,
                end: 63,
                leafs: Some(&mut out),
                pow: Some(easy()),
            },
            &FakeConfig::default(),
        );
        assert_eq!(with_labels.status, abi::ERROR_NONE);
        assert_eq!(with_labels.solution, found.last().copied());

        let pow_only = |config: &FakeConfig| {
            run(
                Request {
                    params: p.clone(),
                    start: 0,
                    end: 63,
                    leafs: None,
                    pow: Some(easy()),
                },
                config,
            )
        };
        let first = pow_only(&FakeConfig::default());
        assert_eq!(first.status, abi::POW_SOLUTION_FOUND);
        assert_eq!(first.solution, Some(found[0]));
        assert_eq!(first.hashes_computed, found[0] + 1);
        let last = pow_only(&FakeConfig {
            pow_last: true,
            ..FakeConfig::default()
        });
        assert_eq!(last.status, abi::POW_SOLUTION_FOUND);
        assert_eq!(last.solution, found.last().copied());
        assert_eq!(last.hashes_computed, 64);
    }
}
