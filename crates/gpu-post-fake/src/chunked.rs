//! gpu-post's GPU providers as they really behave (measured on an NVIDIA H200, see
//! `shared/gpu-post/README.md`), switched on by `GPU_POST_FAKE_CHUNK`:
//!
//! - the work goes in whole chunks of `chunk` positions from `start`; the last chunk
//!   runs past `end`: those positions are computed and PoW-checked, but no label of
//!   them is written;
//! - PoW: of a chunk's solutions, any may be reported (the GPU threads race to write
//!   it); the fake picks one by `GPU_POST_FAKE_RACE_SEED`, never the lowest when there
//!   are several;
//! - labels + PoW go on to the end and report the pick of the *last* chunk that had a
//!   solution (which can lie past `end`); PoW alone stops after the *first* chunk with
//!   one, with `hashes_computed` a whole number of chunks (at most `end - start + 1`);
//! - the status is 1 whenever a solution was found, with labels too.

use pos_labels::{
    ComputeOptions, LabelBits, LabelParams, PositionRange, compute_labels, pack_label,
};

use crate::abi;
use crate::abort;
use crate::config::FakeConfig;
use crate::positions::{Report, Request, spoil_if_wrong};

/// Labels per pass over pos-labels inside a chunk: stops are seen between passes.
const PASS_LABELS: u64 = 4096;

pub fn run(mut request: Request<'_>, config: &FakeConfig) -> Report {
    let chunk = config.chunk.max(1);
    let total = request.end - request.start + 1;
    let bits = request.params.bits.get();
    let full_hashes = LabelParams {
        bits: LabelBits::new(256).expect("256 bits is a valid label size"),
        ..request.params.clone()
    };
    if let Some(out) = request.leafs.as_deref_mut() {
        out.fill(0);
    }
    let mut computed = 0u64;
    let mut solution = None;
    let cancelled = |computed: u64, solution: Option<u64>| Report {
        status: abi::ERROR_CANCELED,
        solution,
        hashes_computed: computed.min(total),
    };
    if !abort::sleep_unless_aborted(config.call_delay) {
        return cancelled(0, None);
    }
    let mut first = request.start;
    let mut hashes = Vec::new();
    loop {
        // The chunk [first, first + len), cut only where positions end at 2^64 - 1.
        let room = u64::MAX - first;
        let len = if room >= chunk - 1 { chunk } else { room + 1 };
        let mut found = Vec::new();
        let mut done = 0u64;
        while done < len {
            let pass = PASS_LABELS.min(len - done);
            let range = PositionRange::new(first + done, pass).expect("inside u64 positions");
            hashes.resize(pass as usize * 32, 0);
            let options = ComputeOptions {
                stop: Some(&abort::ABORT),
                ..ComputeOptions::default()
            };
            if compute_labels(&full_hashes, range, &mut hashes, &options).is_err()
                || !abort::sleep_unless_aborted(config.label_delay * pass as u32)
            {
                return cancelled(computed, solution);
            }
            for (k, hash) in hashes.chunks_exact(32).enumerate() {
                let hash: &[u8; 32] = hash.try_into().expect("chunks of 32 bytes");
                let position = first + done + k as u64;
                if position <= request.end
                    && let Some(out) = request.leafs.as_deref_mut()
                {
                    let index = (position - request.start) as usize;
                    pack_label(out, index * bits as usize, hash, bits);
                }
                if request.pow.is_some_and(|d| d.is_solved_by(hash)) {
                    found.push(position);
                }
            }
            done += pass;
        }
        computed += len;
        if let Some(pick) = race_pick(&found, config.race_seed, first) {
            solution = Some(pick);
            if request.leafs.is_none() {
                break;
            }
        }
        if len < chunk || first + len > request.end {
            break;
        }
        first += len;
    }
    if let Some(out) = request.leafs.as_deref_mut() {
        spoil_if_wrong(out, &request.params, total, config);
    }
    Report {
        status: if solution.is_some() {
            abi::POW_SOLUTION_FOUND
        } else {
            abi::ERROR_NONE
        },
        solution,
        hashes_computed: computed.min(total),
    }
}

/// The solution a racing write leaves behind: one of `found` (ascending), chosen by
/// `seed` and the chunk, and never the lowest when there is more than one.
fn race_pick(found: &[u64], seed: u64, chunk_start: u64) -> Option<u64> {
    match found {
        [] => None,
        [only] => Some(*only),
        [_, rest @ ..] => {
            // SplitMix64's finaliser: any fixed mixing would do.
            let mut z = seed ^ chunk_start.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            Some(rest[(z % rest.len() as u64) as usize])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pos_labels::{Difficulty, ScryptN, label_hash};

    fn params(bits: u64) -> LabelParams {
        LabelParams {
            id: [7; 32],
            salt: [9; 32],
            n: ScryptN::new(16).unwrap(),
            bits: LabelBits::new(bits).unwrap(),
        }
    }

    /// About one hash in eight is below it.
    fn target() -> Difficulty {
        let mut d = [0xff; 32];
        d[0] = 0x20;
        Difficulty(d)
    }

    fn solutions(p: &LabelParams, from: u64, to: u64) -> Vec<u64> {
        (from..=to)
            .filter(|&n| target().is_solved_by(&label_hash(p, n)))
            .collect()
    }

    fn chunked(chunk: u64) -> FakeConfig {
        FakeConfig {
            chunk,
            ..FakeConfig::default()
        }
    }

    #[test]
    fn labels_stop_at_end_although_the_last_chunk_runs_past_it() {
        let p = params(5);
        let mut expected = vec![0u8; p.bits.packed_len(50).unwrap()];
        compute_labels(
            &p,
            PositionRange::new(10, 50).unwrap(),
            &mut expected,
            &Default::default(),
        )
        .unwrap();
        let mut out = vec![0u8; expected.len()];
        let report = run(
            Request {
                params: p,
                start: 10,
                end: 59,
                leafs: Some(&mut out),
                pow: None,
            },
            &chunked(16),
        );
        assert_eq!((report.status, report.hashes_computed), (0, 50));
        assert_eq!(out, expected);
    }

    #[test]
    fn pow_reports_like_the_real_library() {
        let p = params(8);
        let (start, end, chunk) = (3u64, 130u64, 32u64);
        // Every chunk's solutions, overshoot included.
        let chunks: Vec<Vec<u64>> = (0..4)
            .map(|k| solutions(&p, start + k * chunk, start + (k + 1) * chunk - 1))
            .collect();
        assert!(
            chunks.iter().all(|s| s.len() >= 2),
            "test needs 2 per chunk: {chunks:?}"
        );
        let with_labels = |seed| {
            let mut out = vec![0u8; 128];
            run(
                Request {
                    params: p.clone(),
                    start,
                    end,
                    leafs: Some(&mut out),
                    pow: Some(target()),
                },
                &FakeConfig {
                    race_seed: seed,
                    ..chunked(chunk)
                },
            )
        };
        let last = with_labels(1);
        assert_eq!(last.status, abi::POW_SOLUTION_FOUND);
        let reported = last.solution.unwrap();
        assert!(
            chunks[3][1..].contains(&reported),
            "{reported} not of the last chunk"
        );

        let pow_only = run(
            Request {
                params: p.clone(),
                start,
                end,
                leafs: None,
                pow: Some(target()),
            },
            &chunked(chunk),
        );
        assert_eq!(pow_only.status, abi::POW_SOLUTION_FOUND);
        assert_eq!(pow_only.hashes_computed, chunk);
        assert!(chunks[0][1..].contains(&pow_only.solution.unwrap()));
    }

    #[test]
    fn a_solution_past_end_is_reported() {
        let p = params(8);
        let all = solutions(&p, 0, 400);
        let (a, b) = all
            .windows(2)
            .map(|w| (w[0], w[1]))
            .find(|(a, b)| b - a >= 3)
            .expect("two solutions with a gap");
        // Ask for the gap between them: the one chunk of 64 runs past `end` to `b`.
        let report = run(
            Request {
                params: p,
                start: a + 1,
                end: b - 1,
                leafs: None,
                pow: Some(target()),
            },
            &chunked(64),
        );
        let solution = report.solution.expect("a solution in the overshoot");
        assert!(solution >= b, "{solution}");
        assert_eq!(report.status, abi::POW_SOLUTION_FOUND);
        assert_eq!(report.hashes_computed, b - 1 - a);
    }

    #[test]
    fn the_race_never_picks_the_lowest_of_several() {
        for seed in 0..50 {
            assert_ne!(race_pick(&[3, 5, 9], seed, 0), Some(3));
        }
        assert_eq!(race_pick(&[4], 1, 0), Some(4));
        assert_eq!(race_pick(&[], 1, 0), None);
    }
}
