//! Byte-for-byte checks against vectors produced by gpu-post (tests/data/README.md).

use pos_labels::{
    Backend, ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels,
    label_hash, pack_label,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn sequence() -> [u8; 32] {
    std::array::from_fn(|i| i as u8)
}

fn params(id: [u8; 32], salt: [u8; 32], n: u64, bits: u64) -> LabelParams {
    LabelParams {
        id,
        salt,
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

fn compute(p: &LabelParams, start: u64, count: u64, backend: Backend, threads: usize) -> Vec<u8> {
    let mut out = vec![0xAA; p.bits.packed_len(count).unwrap()];
    let options = ComputeOptions {
        threads,
        backend: Some(backend),
        ..Default::default()
    };
    compute_labels(
        p,
        PositionRange::new(start, count).unwrap(),
        &mut out,
        &options,
    )
    .unwrap();
    out
}

/// gpu-post's own test vector: 65,536 one-bit labels.
#[test]
fn gpupost_zeros_n512_bits1_65536_on_every_backend() {
    let expected = read("gpupost_zeros_n512_bits1_65536.bin");
    let p = params([0; 32], [0; 32], 512, 1);
    for backend in Backend::available() {
        let got = compute(&p, 0, 65536, backend, 2);
        assert!(
            got == expected,
            "{backend}: first differing byte {:?}",
            got.iter().zip(&expected).position(|(a, b)| a != b)
        );
    }
}

#[test]
fn ff_seq_n1024_full_hashes_on_every_backend() {
    let expected = read("ff_seq_n1024_bits256_256.bin");
    let p = params([0xff; 32], sequence(), 1024, 256);
    for backend in Backend::available() {
        let got = compute(&p, 0, 256, backend, 2);
        for (k, (g, e)) in got.chunks(32).zip(expected.chunks(32)).enumerate() {
            assert_eq!(hex::encode(g), hex::encode(e), "{backend}: label {k}");
        }
    }
    assert_eq!(
        hex::encode(label_hash(&p, 0)),
        "8cbf2d4f81fb11f713645e303a4d569bf8a9cee49b770d53fb31d392736c4fce"
    );
    assert_eq!(label_hash(&p, 255).as_slice(), &expected[255 * 32..]);
}

/// Every label size: the same 17 hashes packed with L = 1..=256.
#[test]
fn sweep_every_label_size() {
    let hashes: Vec<[u8; 32]> = {
        let p = params(sequence(), [0xff; 32], 512, 256);
        compute(&p, 0, 17, Backend::Scalar, 1)
            .chunks(32)
            .map(|c| c.try_into().unwrap())
            .collect()
    };
    for bits in 1..=256u64 {
        let expected = read(&format!("sweep/bits_{bits}.bin"));
        let p = params(sequence(), [0xff; 32], 512, bits);
        let mut packed = vec![0u8; expected.len()];
        for (k, h) in hashes.iter().enumerate() {
            pack_label(&mut packed, k * bits as usize, h, bits as u32);
        }
        assert_eq!(packed, expected, "packing, L = {bits}");
        let best = *Backend::available().last().unwrap();
        assert_eq!(
            compute(&p, 0, 17, best, 2),
            expected,
            "compute_labels, L = {bits}"
        );
    }
}
