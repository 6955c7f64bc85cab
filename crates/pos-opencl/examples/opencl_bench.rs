//! Labels per second of the OpenCL kernel on one device, checked against the CPU on the
//! first labels: `cargo run --release -p pos-opencl --example opencl_bench -- N BITS COUNT [DEVICE]`.

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use pos_labels::{ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};
use pos_opencl::{DeviceOptions, OpenClDevice, discover};

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let (n, bits, count) = (args[0], args[1], args[2]);
    let index = args.get(3).copied().unwrap_or(0) as usize;
    let found = discover();
    println!("{:?}", found.status);
    let info = found.devices.into_iter().nth(index).expect("device");
    println!(
        "{} / {} / {} / {} MiB",
        info.platform,
        info.name,
        info.driver_version,
        info.global_mem_bytes >> 20
    );
    let device = OpenClDevice::new(info, DeviceOptions::from_env());
    let params = LabelParams {
        id: std::array::from_fn(|i| i as u8),
        salt: [0xff; 32],
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    };
    let stop = AtomicBool::new(false);
    let check = 4096.min(count);
    let mut small = vec![0u8; params.bits.packed_len(check).unwrap()];
    let t = Instant::now();
    device
        .compute(
            &params,
            PositionRange::new(0, check).unwrap(),
            Some(&mut small),
            None,
            &stop,
        )
        .unwrap();
    println!(
        "warm-up {check} labels in {:.2} s, lanes {:?}",
        t.elapsed().as_secs_f64(),
        device.lanes()
    );
    let mut cpu = vec![0u8; small.len()];
    compute_labels(
        &params,
        PositionRange::new(0, check).unwrap(),
        &mut cpu,
        &ComputeOptions::default(),
    )
    .unwrap();
    println!("first {check} labels equal to the CPU: {}", cpu == small);
    let mut out = vec![0u8; params.bits.packed_len(count).unwrap()];
    let t = Instant::now();
    device
        .compute(
            &params,
            PositionRange::new(0, count).unwrap(),
            Some(&mut out),
            None,
            &stop,
        )
        .unwrap();
    let s = t.elapsed().as_secs_f64();
    println!(
        "{count} labels in {s:.3} s: {:.0} labels/s (N = {n}, {bits} bits)",
        count as f64 / s
    );
    println!("prefix equal: {}", out[..small.len()] == small[..]);
}
