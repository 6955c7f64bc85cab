//! Proof-of-space labels on OpenCL devices, with a kernel of this project
//! (`src/kernels/labels.cl`) compiled by the device's driver at run time.
//!
//! The OpenCL library is loaded when first used (opencl3's `dynamic` feature): nothing
//! links against it, and a machine without it gets [`OpenClStatus::Unavailable`] with
//! the reason from [`discover`]. Labels are byte-identical to `pos-labels` (normative
//! spec: `shared/spec/LABELS.md`).
//!
//! - [`discovery`]: every GPU of every platform as `opencl:<n>`;
//! - [`sizing`]: lanes in flight from the device's memory, split over buffers;
//! - [`OpenClDevice::compute`]: one batch, in short launches, cancellable, PoW lowest.

mod batch;
mod device;
pub mod discovery;
mod events;
mod session;
pub mod sizing;
mod source;

use thiserror::Error;

pub use device::{DeviceOptions, OpenClDevice};
pub use discovery::{ALLOW_CPU_ENV, DeviceInfo, Discovery, OpenClStatus, discover};
pub use source::KERNEL_SOURCE;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OpenClError {
    #[error("cancelled")]
    Cancelled,
    /// The driver could not compile the kernel: its build log.
    #[error("the OpenCL driver could not build the label kernel: {0}")]
    Build(String),
    #[error("OpenCL failed {what}: {name} ({code})")]
    Cl {
        what: &'static str,
        code: i32,
        name: String,
    },
    #[error("{0}")]
    Invalid(String),
}

impl OpenClError {
    pub(crate) fn cl(what: &'static str, e: opencl3::error_codes::ClError) -> Self {
        Self::Cl {
            what,
            code: e.0,
            name: e.to_string(),
        }
    }
}
