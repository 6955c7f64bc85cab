//! The OpenCL C source of the label kernels, compiled by the device's driver at run time.

/// PBKDF2, the one-work-item-per-label ROMix, the final hash and packing; then the ROMix
/// that splits each label over four work-items.
pub const KERNEL_SOURCE: &str = concat!(
    include_str!("kernels/labels.cl"),
    "\n",
    include_str!("kernels/romix_quad.cl")
);

/// Plain OpenCL C 1.2 (every driver has it); no fast-math: the kernels are integer only.
pub const BUILD_OPTIONS: &str = "-cl-std=CL1.2";

/// Added on NVIDIA: the quad exchange through `shfl.sync` in inline PTX.
pub const NVIDIA_OPTIONS: &str = "-cl-std=CL1.2 -D POS_NV_SHFL";
