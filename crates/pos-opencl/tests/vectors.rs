//! The spec's vectors (shared/spec/vectors, copied into pos-labels/tests/data) computed
//! by the OpenCL kernel.

mod support;

use support::{DATA, device, gpu_labels, params, small_options};

fn seq() -> [u8; 32] {
    std::array::from_fn(|i| i as u8)
}

#[test]
fn gpu_post_zeros_vector_n512_one_bit() {
    let Some(device) = device(small_options(4096)) else {
        return;
    };
    let expected = std::fs::read(format!("{DATA}/gpupost_zeros_n512_bits1_65536.bin")).unwrap();
    // The first 16384 labels keep PoCL quick; the file holds 65536.
    let got = gpu_labels(&device, &params([0; 32], [0; 32], 512, 1), 0, 16384);
    assert_eq!(got, expected[..2048]);
}

#[test]
fn ff_seq_vector_n1024_full_hashes() {
    let Some(device) = device(small_options(64)) else {
        return;
    };
    let expected = std::fs::read(format!("{DATA}/ff_seq_n1024_bits256_256.bin")).unwrap();
    let got = gpu_labels(&device, &params([0xff; 32], seq(), 1024, 256), 0, 256);
    assert_eq!(
        hex(&got[..32]),
        "8cbf2d4f81fb11f713645e303a4d569bf8a9cee49b770d53fb31d392736c4fce"
    );
    assert_eq!(got, expected);
}

#[test]
fn every_label_size_of_the_sweep() {
    let Some(device) = device(small_options(64)) else {
        return;
    };
    for bits in 1..=256u64 {
        let expected = std::fs::read(format!("{DATA}/sweep/bits_{bits}.bin")).unwrap();
        let got = gpu_labels(&device, &params(seq(), [0xff; 32], 512, bits), 0, 17);
        assert_eq!(got, expected, "{bits} bits");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
