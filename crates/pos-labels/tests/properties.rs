//! Properties of the batch API: every backend agrees with the scalar path, and results
//! do not depend on thread counts, batch splits, or where PoW solutions are found.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use pos_labels::{
    Backend, ComputeError, ComputeOptions, Difficulty, LabelBits, LabelParams, PositionRange,
    ScryptN, compute_labels, find_pow, label_hash, pack_label,
};
use proptest::prelude::*;

fn params(id: [u8; 32], salt: [u8; 32], n: u64, bits: u64) -> LabelParams {
    LabelParams {
        id,
        salt,
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

fn compute_with(p: &LabelParams, start: u64, count: u64, options: &ComputeOptions) -> Vec<u8> {
    let mut out = vec![0x5A; p.bits.packed_len(count).unwrap()];
    compute_labels(
        p,
        PositionRange::new(start, count).unwrap(),
        &mut out,
        options,
    )
    .unwrap();
    out
}

fn compute(p: &LabelParams, start: u64, count: u64, backend: Backend, threads: usize) -> Vec<u8> {
    let options = ComputeOptions {
        threads,
        backend: Some(backend),
        ..Default::default()
    };
    compute_with(p, start, count, &options)
}

/// Bit `b` of a packed stream.
fn bit(stream: &[u8], b: usize) -> bool {
    stream[b / 8] >> (b % 8) & 1 == 1
}

fn simd_backends() -> Vec<Backend> {
    Backend::available()
        .into_iter()
        .filter(|b| *b != Backend::Scalar)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every SIMD backend gives the scalar path's bytes, for counts that fill some
    /// groups of lanes only partly, unaligned starts and every label size.
    #[test]
    fn simd_matches_scalar(
        id in any::<[u8; 32]>(),
        salt in any::<[u8; 32]>(),
        n in prop::sample::select(vec![2u64, 4, 512, 1024]),
        bits in 1u64..=256,
        start in prop_oneof![0u64..1000, (u64::MAX - 1000)..(u64::MAX - 40)],
        count in 1u64..40,
    ) {
        let p = params(id, salt, n, bits);
        let scalar = compute(&p, start, count, Backend::Scalar, 1);
        for backend in simd_backends() {
            prop_assert_eq!(&compute(&p, start, count, backend, 2), &scalar, "{}", backend);
        }
    }

    /// Splitting a range into batches at any label (not only byte boundaries) and
    /// concatenating the bit streams gives the same stream; so do other thread counts.
    #[test]
    fn independent_of_threads_and_batches(
        id in any::<[u8; 32]>(),
        bits in 1u64..=256,
        start in 0u64..1_000_000,
        count in 2u64..120,
        split in 1u64..119,
        threads in 1usize..5,
    ) {
        let split = split.min(count - 1);
        let p = params(id, [7; 32], 16, bits);
        let best = *Backend::available().last().unwrap();
        let whole = compute(&p, start, count, best, 1);
        prop_assert_eq!(&compute(&p, start, count, best, threads), &whole);

        let first = compute(&p, start, split, best, threads);
        let second = compute(&p, start + split, count - split, best, threads);
        let l = bits as usize;
        for b in 0..count as usize * l {
            let expected = if b < split as usize * l {
                bit(&first, b)
            } else {
                bit(&second, b - split as usize * l)
            };
            prop_assert_eq!(bit(&whole, b), expected, "stream bit {}", b);
        }
    }
}

#[test]
fn simd_matches_scalar_at_n_8192() {
    let p = params([3; 32], [9; 32], 8192, 256);
    let scalar = compute(&p, 12345, 20, Backend::Scalar, 2);
    for backend in simd_backends() {
        assert_eq!(compute(&p, 12345, 20, backend, 2), scalar, "{backend}");
    }
}

#[test]
fn batch_labels_are_the_single_label_hashes() {
    let p = params([1; 32], [2; 32], 64, 256);
    let batch = compute(&p, 1000, 33, *Backend::available().last().unwrap(), 2);
    for k in 0..33u64 {
        let expected = label_hash(&p, 1000 + k);
        assert_eq!(&batch[k as usize * 32..][..32], &expected, "label {k}");
    }
}

#[test]
fn unused_high_bits_of_the_last_byte_are_zero() {
    let p = params([0xAB; 32], [0xCD; 32], 32, 3);
    // 5 labels of 3 bits = 15 bits: the top bit of byte 1 must be zero even though
    // the caller's buffer was dirty.
    let out = compute(&p, 0, 5, Backend::Scalar, 1);
    assert_eq!(out.len(), 2);
    assert_eq!(out[1] & 0x80, 0);
    let mut model = [0u8; 2];
    for k in 0..5 {
        pack_label(&mut model, k * 3, &label_hash(&p, k as u64), 3);
    }
    assert_eq!(out, model);
}

/// A difficulty that about one hash in eight is below.
fn one_in_eight() -> Difficulty {
    let mut d = [0u8; 32];
    d[0] = 0x20;
    Difficulty(d)
}

#[test]
fn pow_reports_the_lowest_solution_whatever_the_threads() {
    let p = params([5; 32], [6; 32], 32, 8);
    let d = one_in_eight();
    let start = 500;
    let hashes: Vec<[u8; 32]> = (start..start + 200).map(|i| label_hash(&p, i)).collect();
    let solutions: Vec<u64> = (start..start + 200)
        .zip(&hashes)
        .filter(|(_, h)| d.is_solved_by(h))
        .map(|(i, _)| i)
        .collect();
    assert!(
        solutions.len() >= 3,
        "the test needs several solutions: {solutions:?}"
    );
    // Start just past the first solution, so the lowest one in range is the second.
    let range = PositionRange::new(solutions[0] + 1, 150).unwrap();
    for backend in Backend::available() {
        for threads in [1, 2, 4] {
            let options = ComputeOptions {
                threads,
                backend: Some(backend),
                pow: Some(&d),
                ..Default::default()
            };
            let mut out = vec![0; p.bits.packed_len(150).unwrap()];
            let outcome = compute_labels(&p, range, &mut out, &options).unwrap();
            assert_eq!(
                outcome.pow_solution,
                Some(solutions[1]),
                "{backend}, {threads} threads"
            );
            assert_eq!(
                find_pow(&p, range, &d, &options).unwrap(),
                Some(solutions[1])
            );
        }
    }
}

#[test]
fn pow_with_no_solution_reports_none() {
    let p = params([5; 32], [6; 32], 32, 8);
    let impossible = Difficulty([0; 32]);
    let range = PositionRange::new(0, 64).unwrap();
    assert_eq!(
        find_pow(&p, range, &impossible, &ComputeOptions::default()).unwrap(),
        None
    );
    let mut out = vec![0; 64];
    let outcome = compute_labels(&p, range, &mut out, &ComputeOptions::default()).unwrap();
    assert_eq!(outcome.pow_solution, None, "no PoW was asked for");
}

#[test]
fn progress_counts_every_label_once() {
    let p = params([8; 32], [9; 32], 16, 5);
    let done = AtomicU64::new(0);
    let progress = |n: u64| {
        done.fetch_add(n, Ordering::Relaxed);
    };
    let options = ComputeOptions {
        threads: 3,
        progress: Some(&progress),
        ..Default::default()
    };
    compute_with(&p, 77, 1001, &options);
    assert_eq!(done.load(Ordering::Relaxed), 1001);
}

#[test]
fn wrong_output_size_is_an_error_and_writes_nothing() {
    let p = params([8; 32], [9; 32], 16, 5);
    let mut out = vec![0xEE; 3];
    let err = compute_labels(
        &p,
        PositionRange::new(0, 8).unwrap(),
        &mut out,
        &ComputeOptions::default(),
    );
    assert_eq!(
        err,
        Err(ComputeError::OutputSize {
            expected: 5,
            got: 3,
            count: 8,
            bits: 5
        })
    );
    assert_eq!(out, [0xEE; 3]);
}

#[test]
fn a_raised_stop_flag_stops_a_long_batch() {
    // N = 2^16 on one thread: the whole batch would take far longer than the wait below.
    let p = params([1; 32], [1; 32], 1 << 16, 8);
    let stop = AtomicBool::new(false);
    let options = ComputeOptions {
        threads: 1,
        stop: Some(&stop),
        ..Default::default()
    };
    let mut out = vec![0; 4096];
    let range = PositionRange::new(0, 4096).unwrap();
    let result = std::thread::scope(|s| {
        let worker = s.spawn(|| compute_labels(&p, range, &mut out, &options));
        std::thread::sleep(Duration::from_millis(200));
        let raised = Instant::now();
        stop.store(true, Ordering::Relaxed);
        let result = worker.join().unwrap();
        (result, raised.elapsed())
    });
    assert_eq!(result.0, Err(ComputeError::Stopped));
    // Generous bound for a loaded CI machine; the check itself runs every ~1 ms.
    assert!(
        result.1 < Duration::from_secs(2),
        "took {:?} to stop",
        result.1
    );
}

#[test]
fn unavailable_backend_is_an_error() {
    let p = params([1; 32], [1; 32], 16, 8);
    let Some(missing) = Backend::ALL.into_iter().find(|b| !b.is_available()) else {
        unreachable!("no CPU runs both NEON and AVX");
    };
    let options = ComputeOptions {
        backend: Some(missing),
        ..Default::default()
    };
    let mut out = vec![0; 1];
    let result = compute_labels(&p, PositionRange::new(0, 1).unwrap(), &mut out, &options);
    assert_eq!(result, Err(ComputeError::BackendUnavailable(missing)));
}
