//! A device opened for computing: context, in-order queue with profiling (for slice
//! timing), the program built from our kernel source, and the buffers of one lane plan.

use std::ptr;

use opencl3::command_queue::{CL_QUEUE_PROFILING_ENABLE, CommandQueue};
use opencl3::context::Context;
use opencl3::kernel::Kernel;
use opencl3::memory::{Buffer, CL_MEM_READ_WRITE};
use opencl3::program::Program;
use pos_labels::ScryptN;

use crate::OpenClError;
use crate::discovery::DeviceInfo;
use crate::sizing::{LanePlan, SizeLimits, halve, plan_lanes};
use crate::source::{BUILD_OPTIONS, KERNEL_SOURCE, NVIDIA_OPTIONS};

/// cl errors that mean "not enough memory for this many lanes": try fewer.
const OUT_OF_MEMORY_CODES: [i32; 3] = [
    -4, // CL_MEM_OBJECT_ALLOCATION_FAILURE
    -5, // CL_OUT_OF_RESOURCES
    -6, // CL_OUT_OF_HOST_MEMORY
];

pub fn is_out_of_memory(e: &OpenClError) -> bool {
    matches!(e, OpenClError::Cl { code, .. } if OUT_OF_MEMORY_CODES.contains(code))
}

pub struct Kernels {
    pub init: Kernel,
    pub romix: Kernel,
    pub romix4: Kernel,
    pub finish: Kernel,
    pub pack: Kernel,
}

/// The device buffers of one lane group.
pub struct Group {
    pub lanes: usize,
    pub state: Buffer<u8>,
    pub v: Buffer<u8>,
    pub hashes: Buffer<u8>,
    pub out: Buffer<u8>,
    pub solution: Buffer<u32>,
}

/// Buffers sized for one N.
pub struct Allocation {
    pub n: ScryptN,
    pub groups: Vec<Group>,
}

impl Allocation {
    pub fn total_lanes(&self) -> usize {
        self.groups.iter().map(|g| g.lanes).sum()
    }
}

pub struct Session {
    pub context: Context,
    pub queue: CommandQueue,
    pub kernels: Kernels,
    pub allocation: Option<Allocation>,
    /// ROMix iterations per launch, learnt from the launches' device time.
    pub iterations_per_launch: u32,
    /// Whether the quad exchange uses NVIDIA's `shfl.sync` (else local memory).
    pub nv_shfl: bool,
}

/// Builds the kernels; on NVIDIA first with the inline-PTX shuffle, and without it when
/// that does not build (an old architecture or driver).
fn build_program(context: &Context, info: &DeviceInfo) -> Result<(Program, bool), OpenClError> {
    let nvidia = info.platform.contains("NVIDIA") || info.name.contains("NVIDIA");
    if nvidia {
        match Program::create_and_build_from_source(context, KERNEL_SOURCE, NVIDIA_OPTIONS) {
            Ok(program) => return Ok((program, true)),
            Err(log) => tracing_free_note(&log),
        }
    }
    Program::create_and_build_from_source(context, KERNEL_SOURCE, BUILD_OPTIONS)
        .map(|p| (p, false))
        .map_err(OpenClError::Build)
}

/// The shuffle build failing is not an error (the portable build follows); its log goes
/// to stderr only when asked for, as this crate has no logger.
fn tracing_free_note(log: &str) {
    if std::env::var_os("POS_OPENCL_DEBUG").is_some() {
        eprintln!("pos-opencl: the NVIDIA shuffle build failed, using the portable one: {log}");
    }
}

impl Session {
    pub fn open(info: &DeviceInfo) -> Result<Self, OpenClError> {
        let context = Context::from_device(&info.device)
            .map_err(|e| OpenClError::cl("creating a context", e))?;
        // clCreateCommandQueue (OpenCL 1.x): the 2.0 variant is missing on macOS.
        let queue = CommandQueue::create_default(&context, CL_QUEUE_PROFILING_ENABLE)
            .map_err(|e| OpenClError::cl("creating a command queue", e))?;
        let (program, nv_shfl) = build_program(&context, info)?;
        let kernel = |name: &str| {
            Kernel::create(&program, name).map_err(|e| OpenClError::cl("creating a kernel", e))
        };
        let kernels = Kernels {
            init: kernel("label_init")?,
            romix: kernel("romix_slice")?,
            romix4: kernel("romix_slice4")?,
            finish: kernel("label_final")?,
            pack: kernel("pack_labels")?,
        };
        Ok(Self {
            context,
            queue,
            kernels,
            allocation: None,
            iterations_per_launch: 2,
            nv_shfl,
        })
    }

    /// Buffers for `n`, reusing the current ones when they are for the same N. Halves the
    /// lanes while the driver refuses the memory.
    pub fn allocate(
        &mut self,
        n: ScryptN,
        info: &DeviceInfo,
        limits: &SizeLimits,
    ) -> Result<(), OpenClError> {
        if self.allocation.as_ref().is_some_and(|a| a.n == n) {
            return Ok(());
        }
        self.allocation = None;
        // Launch lengths learnt for another N (and lane count) do not carry over.
        self.iterations_per_launch = 2;
        let mut plan = plan_lanes(n, info.global_mem_bytes, info.max_alloc_bytes, limits);
        loop {
            match self.allocate_plan(n, &plan) {
                Ok(allocation) => {
                    self.allocation = Some(allocation);
                    return Ok(());
                }
                Err(e) if is_out_of_memory(&e) => {
                    match halve(&plan, n, info.max_alloc_bytes, limits) {
                        Some(smaller) => plan = smaller,
                        None => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Drops the buffers and plans again with half the lanes (after the driver refused
    /// memory at first use, which NVIDIA does instead of at allocation).
    pub fn shrink(&mut self, info: &DeviceInfo, limits: &SizeLimits) -> Result<bool, OpenClError> {
        let Some(current) = self.allocation.take() else {
            return Ok(false);
        };
        let plan = LanePlan {
            groups: current.groups.iter().map(|g| g.lanes).collect(),
        };
        let n = current.n;
        drop(current);
        match halve(&plan, n, info.max_alloc_bytes, limits) {
            Some(smaller) => {
                self.allocation = Some(self.allocate_plan(n, &smaller)?);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn allocate_plan(&self, n: ScryptN, plan: &LanePlan) -> Result<Allocation, OpenClError> {
        let groups = plan
            .groups
            .iter()
            .map(|&lanes| {
                Ok(Group {
                    lanes,
                    state: self.buffer(lanes * 128)?,
                    v: self.buffer(lanes * n.get() as usize * 128)?,
                    hashes: self.buffer(lanes * 32)?,
                    out: self.buffer(lanes * 32)?,
                    solution: self.buffer(1)?,
                })
            })
            .collect::<Result<Vec<_>, OpenClError>>()?;
        Ok(Allocation { n, groups })
    }

    fn buffer<T>(&self, count: usize) -> Result<Buffer<T>, OpenClError> {
        // SAFETY: no host pointer; the buffer is written by kernels before it is read.
        unsafe { Buffer::<T>::create(&self.context, CL_MEM_READ_WRITE, count, ptr::null_mut()) }
            .map_err(|e| OpenClError::cl("allocating device memory", e))
    }
}
