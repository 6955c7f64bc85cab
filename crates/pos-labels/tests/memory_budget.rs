//! A memory budget narrows the lanes, then the threads, and never changes a label.

use pos_labels::{
    Backend, ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels,
};

const MIB: usize = 1 << 20;

#[test]
fn a_budget_narrows_lanes_before_it_drops_threads() {
    // N = 2^20 needs 128 MiB a lane.
    let n = ScryptN::new(1 << 20).unwrap();
    assert_eq!(Backend::fit(n, 16, 16 * 128 * MIB), (Backend::Scalar, 16));
    assert_eq!(Backend::fit(n, 16, 4 * 128 * MIB), (Backend::Scalar, 4));
    assert_eq!(
        Backend::fit(n, 16, 1),
        (Backend::Scalar, 1),
        "one thread at least"
    );
    let small = ScryptN::new(512).unwrap();
    let widest = *Backend::available().last().unwrap();
    assert_eq!(Backend::fit(small, 2, usize::MAX), (widest, 2));
    // Room for 2 threads of the widest backend at N = 512 (64 KiB a lane) keeps both.
    let (b, t) = Backend::fit(small, 2, 2 * widest.scratch_bytes(small));
    assert_eq!((b, t), (widest, 2));
    let (b, t) = Backend::fit(small, 2, 2 * small.bytes_per_label());
    assert_eq!((b, t), (Backend::Scalar, 2));
}

#[test]
fn labels_under_a_tight_budget_are_the_same() {
    let params = LabelParams {
        id: [7; 32],
        salt: [9; 32],
        n: ScryptN::new(1024).unwrap(),
        bits: LabelBits::new(5).unwrap(),
    };
    let range = PositionRange::new(1000, 200).unwrap();
    let compute = |budget: Option<usize>| {
        let mut out = vec![0u8; params.bits.packed_len(200).unwrap()];
        let options = ComputeOptions {
            threads: 2,
            memory_budget: budget,
            ..Default::default()
        };
        compute_labels(&params, range, &mut out, &options).unwrap();
        out
    };
    assert_eq!(compute(Some(params.n.bytes_per_label())), compute(None));
}
