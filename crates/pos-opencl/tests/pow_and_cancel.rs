//! PoW gives the range's lowest solution (whatever the chunks and lane groups), and a
//! batch stops soon after its stop flag is set, leaving the device usable.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use pos_labels::{ComputeOptions, Difficulty, PositionRange, find_pow};
use pos_opencl::OpenClError;
use support::{cpu_labels, device, gpu_labels, params, shared_devices, small_options};

/// One hash in 16 is below this.
fn one_in_sixteen() -> Difficulty {
    let mut d = [0xff; 32];
    d[0] = 0x0f;
    Difficulty(d)
}

#[test]
fn pow_finds_the_lowest_solution_with_and_without_labels() {
    let p = params([3; 32], [4; 32], 16, 7);
    let d = one_in_sixteen();
    let cpu = |start, count| {
        let range = PositionRange::new(start, count).unwrap();
        find_pow(&p, range, &d, &ComputeOptions::default()).unwrap()
    };
    let stop = AtomicBool::new(false);
    for device in shared_devices() {
        for (start, count) in [(0u64, 300u64), (41, 97), ((1 << 32) - 50, 200)] {
            let expected = cpu(start, count);
            assert!(
                expected.is_some(),
                "the test needs a solution in {start}+{count}"
            );
            let range = PositionRange::new(start, count).unwrap();
            let only_pow = device.compute(&p, range, None, Some(&d), &stop).unwrap();
            assert_eq!(only_pow, expected, "PoW only, {start}+{count}");
            let mut out = vec![0u8; p.bits.packed_len(count).unwrap()];
            let with_labels = device
                .compute(&p, range, Some(&mut out), Some(&d), &stop)
                .unwrap();
            assert_eq!(with_labels, expected, "PoW with labels, {start}+{count}");
            assert_eq!(out, cpu_labels(&p, start, count), "labels next to PoW");
        }
    }
}

#[test]
fn pow_without_a_solution_is_none() {
    let p = params([3; 32], [4; 32], 4, 8);
    let nothing_is_below_zero = Difficulty([0; 32]);
    let range = PositionRange::new(5, 100).unwrap();
    for device in shared_devices() {
        let got = device
            .compute(
                &p,
                range,
                None,
                Some(&nothing_is_below_zero),
                &AtomicBool::new(false),
            )
            .unwrap();
        assert_eq!(got, None);
    }
}

#[test]
fn a_stopped_batch_ends_soon_and_the_device_still_computes_right() {
    let mut options = small_options(64);
    options.max_iterations_per_launch = Some(64);
    let Some(device) = device(options) else {
        return;
    };
    // About a minute of work on PoCL: it must not run to the end.
    let p = params([1; 32], [2; 32], 1024, 8);
    let range = PositionRange::new(0, 64 * 1024).unwrap();
    let mut out = vec![0u8; p.bits.packed_len(range.count()).unwrap()];
    let stop = AtomicBool::new(false);
    let (result, waited) = std::thread::scope(|s| {
        let running = s.spawn(|| device.compute(&p, range, Some(&mut out), None, &stop));
        // Not synchronisation: the stop is valid at any point; this lets launches run.
        std::thread::sleep(Duration::from_millis(500));
        stop.store(true, Ordering::Relaxed);
        let asked = Instant::now();
        let result = running.join().unwrap();
        (result, asked.elapsed())
    });
    assert_eq!(result, Err(OpenClError::Cancelled));
    assert!(waited < Duration::from_secs(2), "stopped after {waited:?}");
    let small = params([5; 32], [6; 32], 1024, 8);
    assert_eq!(
        gpu_labels(&device, &small, 10, 16),
        cpu_labels(&small, 10, 16)
    );
}

/// "Leave room": every launch waited for and rested after, the same labels and PoW.
#[test]
fn resting_between_launches_computes_the_same_labels_and_pow() {
    let mut options = small_options(64);
    options.max_iterations_per_launch = Some(16);
    let Some(device) = device(options) else {
        return;
    };
    let p = params([5; 32], [6; 32], 64, 9);
    let d = one_in_sixteen();
    let range = PositionRange::new(1000, 300).unwrap();
    let mut out = vec![0u8; p.bits.packed_len(range.count()).unwrap()];
    let stop = AtomicBool::new(false);
    let solution = device
        .compute_paced(&p, range, Some(&mut out), Some(&d), &stop, true)
        .unwrap();
    assert_eq!(out, cpu_labels(&p, 1000, 300));
    let expected = find_pow(&p, range, &d, &ComputeOptions::default()).unwrap();
    assert_eq!(solution, expected);
}
