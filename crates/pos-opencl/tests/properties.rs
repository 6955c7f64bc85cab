//! The OpenCL kernel against pos-labels' CPU computation: small N (PoCL is slow), every
//! label size, unaligned starts, positions past 2^32, a range split into two batches,
//! both ROMix kernels, several lane groups and sliced launches.

mod support;

use proptest::prelude::*;
use support::{cpu_labels, device, gpu_labels, params, shared_devices, small_options};

fn start() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..5000,
        ((1u64 << 32) - 100)..((1u64 << 32) + 100),
        ((1u64 << 63) - 1000)..(1u64 << 63),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn equals_the_cpu(
        id in any::<[u8; 32]>(),
        salt in any::<[u8; 32]>(),
        log_n in 1u32..=7,
        bits in 1u64..=256,
        start in start(),
        count in 1u64..=130,
        split_eighths in 0u64..=16,
    ) {
        let devices = shared_devices();
        if devices.is_empty() {
            return Ok(());
        }
        let p = params(id, salt, 1 << log_n, bits);
        let expected = cpu_labels(&p, start, count);
        for device in devices {
            prop_assert_eq!(&gpu_labels(device, &p, start, count), &expected);
        }
        // Two batches, the first a multiple of 8 labels, concatenate to the same bytes.
        let first = (split_eighths * 8).min(count / 8 * 8);
        if first > 0 && first < count {
            let device = &devices[devices.len() - 1];
            let mut joined = gpu_labels(device, &p, start, first);
            joined.extend(gpu_labels(device, &p, start + first, count - first));
            prop_assert_eq!(joined, expected);
        }
    }
}

#[test]
fn every_label_size_once_at_n_2() {
    let devices = shared_devices();
    for bits in 1..=256u64 {
        let p = params([7; 32], [9; 32], 2, bits);
        let expected = cpu_labels(&p, (1 << 32) - 13, 45);
        for device in devices {
            assert_eq!(
                gpu_labels(device, &p, (1 << 32) - 13, 45),
                expected,
                "{bits} bits"
            );
        }
    }
}

/// A large N on PoCL stays quick with few labels (N = 2^20 was checked on the H200:
/// docs/PERFORMANCE.md).
#[test]
fn a_large_n_past_two_to_the_32() {
    let p = params([0xa5; 32], [0x3c; 32], 1 << 16, 13);
    let start = (1 << 32) - 5;
    let expected = cpu_labels(&p, start, 16);
    // Not the 3-iteration slices of shared_devices()[1]: 2N = 131072 iterations.
    let mut quad = small_options(16);
    quad.split = Some(4);
    quad.limits.max_buffer_bytes = Some(8 << 20);
    let devices = [device(small_options(16)), device(quad)];
    for device in devices.iter().flatten() {
        assert_eq!(gpu_labels(device, &p, start, 16), expected);
    }
}
