//! The kernel on whatever OpenCL device this machine has (PoCL on CI), with CPU devices
//! allowed. Tests skip with a message when there is no OpenCL at all, unless
//! `POS_OPENCL_REQUIRE=1` (set by scripts/test.sh, where PoCL is installed).

#![allow(dead_code)]

use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;

use pos_labels::{ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};
use pos_opencl::{DeviceInfo, DeviceOptions, OpenClDevice, discovery::discover_with};

/// The labels' data from pos-labels' copies of the spec's vectors.
pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../pos-labels/tests/data");

pub fn first_device() -> Option<DeviceInfo> {
    static FOUND: OnceLock<Option<DeviceInfo>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let found = discover_with(true);
            let device = found.devices.into_iter().next();
            if device.is_none() {
                assert!(
                    std::env::var("POS_OPENCL_REQUIRE").as_deref() != Ok("1"),
                    "POS_OPENCL_REQUIRE=1 but no OpenCL device: {:?}",
                    found.status
                );
                eprintln!("no OpenCL device, skipping: {:?}", found.status);
            }
            device
        })
        .clone()
}

/// A device with small lanes so PoCL stays quick, or `None` (skip).
pub fn device(options: DeviceOptions) -> Option<OpenClDevice> {
    first_device().map(|info| OpenClDevice::new(info, options))
}

pub fn small_options(max_lanes: usize) -> DeviceOptions {
    let mut options = DeviceOptions::default();
    options.limits.max_lanes = max_lanes;
    options
}

pub fn params(id: [u8; 32], salt: [u8; 32], n: u64, bits: u64) -> LabelParams {
    LabelParams {
        id,
        salt,
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

pub fn gpu_labels(device: &OpenClDevice, params: &LabelParams, start: u64, count: u64) -> Vec<u8> {
    let mut out = vec![0u8; params.bits.packed_len(count).unwrap()];
    let range = PositionRange::new(start, count).unwrap();
    device
        .compute(params, range, Some(&mut out), None, &AtomicBool::new(false))
        .expect("OpenCL compute");
    out
}

pub fn cpu_labels(params: &LabelParams, start: u64, count: u64) -> Vec<u8> {
    let mut out = vec![0u8; params.bits.packed_len(count).unwrap()];
    let range = PositionRange::new(start, count).unwrap();
    compute_labels(params, range, &mut out, &ComputeOptions::default()).unwrap();
    out
}

/// Devices for property tests, built once per test binary: the default kernel choice
/// with small lanes, and the quad kernel with every buffer forced tiny (several lane
/// groups) and at most 3 ROMix iterations per launch.
pub fn shared_devices() -> &'static [OpenClDevice] {
    static DEVICES: OnceLock<Vec<OpenClDevice>> = OnceLock::new();
    DEVICES.get_or_init(|| {
        let Some(info) = first_device() else {
            return Vec::new();
        };
        let plain = small_options(64);
        let mut forced = small_options(40);
        forced.split = Some(4);
        forced.max_iterations_per_launch = Some(3);
        // 16 lanes of V per buffer at N = 64 (8 at N = 128): groups of 16, 16, 8.
        forced.limits.max_buffer_bytes = Some(16 * 64 * 128);
        vec![
            OpenClDevice::new(info.clone(), plain),
            OpenClDevice::new(info, forced),
        ]
    })
}
