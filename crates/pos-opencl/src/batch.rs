//! One batch on one device: chunks of as many labels as there are lanes, each chunk as
//! init, ROMix in short slices (state kept on the device between launches), final hash
//! with PoW, and packing, then one read of the packed bytes straight into the caller's
//! buffer.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};

use opencl3::command_queue::CommandQueue;
use opencl3::context::Context;
use opencl3::event::Event;
use opencl3::kernel::ExecuteKernel;
use opencl3::memory::{Buffer, CL_MEM_COPY_HOST_PTR, CL_MEM_READ_ONLY};
use opencl3::types::CL_NON_BLOCKING;
use pos_labels::{Difficulty, LabelParams, PositionRange};

use crate::OpenClError;
use crate::device::DeviceOptions;
use crate::events::{InFlight, device_time, wait};
use crate::session::{Group, Kernels, Session};

/// Launches queued ahead of the one the host waits for, per lane group.
const LAUNCHES_AHEAD: usize = 2;

/// The inputs every kernel of a batch reads, in device memory.
struct Inputs {
    id: Buffer<u64>,
    salt: Buffer<u64>,
    difficulty: Buffer<u8>,
}

pub(crate) fn run_batch(
    session: &mut Session,
    params: &LabelParams,
    range: PositionRange,
    mut out: Option<&mut [u8]>,
    pow: Option<&Difficulty>,
    stop: &AtomicBool,
    options: &DeviceOptions,
) -> Result<Option<u64>, OpenClError> {
    let inputs = Inputs {
        id: constant_buffer(&session.context, &mut lanes_of(&params.id))?,
        salt: constant_buffer(&session.context, &mut lanes_of(&params.salt))?,
        difficulty: constant_buffer(&session.context, &mut pow.map_or([0u8; 32], |d| d.0))?,
    };
    let total_lanes = session
        .allocation
        .as_ref()
        .expect("allocated by the caller")
        .total_lanes() as u64;
    let bits = params.bits.get() as u64;
    // Chunk k's reads are waited for after chunk k+1 is queued, so the device never waits
    // for the host between chunks; on any error nothing may still write into `out`.
    let mut pending: Option<Pending> = None;
    let mut solution = None;
    let mut done = 0u64;
    let mut run = || -> Result<(), OpenClError> {
        while done < range.count() && !(out.is_none() && solution.is_some()) {
            if stop.load(Ordering::Relaxed) {
                return Err(OpenClError::Cancelled);
            }
            let labels = total_lanes.min(range.count() - done);
            let chunk_out = out.as_deref_mut().map(|o| {
                let from = (done * bits / 8) as usize;
                let to = params
                    .bits
                    .packed_len(done + labels)
                    .expect("checked by the caller");
                &mut o[from..to]
            });
            let chunk = Chunk {
                first_position: range.start() + done,
                labels,
                want_pow: pow.is_some() && solution.is_none(),
            };
            let queued = run_chunk(session, params, &inputs, &chunk, chunk_out, stop, options)?;
            if let Some(found) = pending
                .replace(queued)
                .map(Pending::wait)
                .transpose()?
                .flatten()
            {
                solution.get_or_insert(found);
            }
            done += labels;
        }
        if let Some(found) = pending.take().map(Pending::wait).transpose()?.flatten() {
            solution.get_or_insert(found);
        }
        Ok(())
    };
    let result = run();
    if result.is_err() {
        let _ = session.queue.finish();
    }
    result.map(|()| solution)
}

struct Chunk {
    first_position: u64,
    labels: u64,
    want_pow: bool,
}

/// Queues one chunk, up to the reads of its results.
fn run_chunk(
    session: &mut Session,
    params: &LabelParams,
    inputs: &Inputs,
    chunk: &Chunk,
    out: Option<&mut [u8]>,
    stop: &AtomicBool,
    options: &DeviceOptions,
) -> Result<Pending, OpenClError> {
    let allocation = session
        .allocation
        .as_mut()
        .expect("allocated by the caller");
    let n = params.n.get();
    let bits = params.bits.get();
    // (group, labels in it, first label of the chunk in it)
    let mut active = Vec::new();
    let mut assigned = 0u64;
    for (index, group) in allocation.groups.iter().enumerate() {
        if assigned == chunk.labels {
            break;
        }
        let labels = (group.lanes as u64).min(chunk.labels - assigned);
        active.push((index, labels as u32, assigned));
        assigned += labels;
    }
    let queue = &session.queue;
    let kernels = &session.kernels;
    let shape = RomixShape::choose(options, session.nv_shfl);
    let groups = &mut allocation.groups;
    for &(index, labels, first) in &active {
        let group = &mut groups[index];
        // SAFETY: the pattern outlives the call (copied at enqueue time by the spec).
        unsafe { queue.enqueue_fill_buffer(&mut group.solution, &[u32::MAX], 0, 4, &[]) }
            .map_err(|e| OpenClError::cl("clearing the PoW result", e))?;
        let local = local_size(group, 64);
        let position = chunk.first_position + first;
        // SAFETY: argument types match label_init's parameters.
        unsafe {
            ExecuteKernel::new(&kernels.init)
                .set_arg(&inputs.id)
                .set_arg(&inputs.salt)
                .set_arg(&position)
                .set_arg(&group.state)
                .set_global_work_size(round_up(labels as usize, local))
                .set_local_work_size(local)
                .enqueue_nd_range(queue)
        }
        .map_err(|e| OpenClError::cl("starting label_init", e))?;
    }
    queue
        .flush()
        .map_err(|e| OpenClError::cl("submitting work", e))?;

    let mut in_flight: InFlight<u32> = InFlight::new(LAUNCHES_AHEAD * active.len());
    let total_iterations = 2 * n;
    let mut from = 0u32;
    while from < total_iterations {
        let mut step = session.iterations_per_launch.max(1);
        if let Some(cap) = options.max_iterations_per_launch {
            step = step.min(cap);
        }
        let to = from.saturating_add(step).min(total_iterations);
        for &(index, labels, _) in &active {
            let group = &groups[index];
            let event = launch_romix(kernels, queue, group, labels, n, from, to, shape)?;
            queue
                .flush()
                .map_err(|e| OpenClError::cl("submitting work", e))?;
            if options.rest_between_launches {
                // Leave room: nothing queued ahead, and as long a rest as the launch took.
                wait(&event, Some(stop))?;
                let took = device_time(&event);
                session.iterations_per_launch =
                    next_slice(to - from, took, options, total_iterations);
                std::thread::sleep(took.unwrap_or(options.launch_target));
            } else if let Some((done, iterations)) = in_flight.push(event, to - from, stop)? {
                session.iterations_per_launch =
                    next_slice(iterations, device_time(&done), options, total_iterations);
            }
        }
        from = to;
    }
    in_flight.clear();

    let pow_enabled = chunk.want_pow as u32;
    for &(index, labels, first) in &active {
        let group = &groups[index];
        let local = local_size(group, 64);
        let position = chunk.first_position + first;
        // SAFETY: argument types match label_final's parameters.
        unsafe {
            ExecuteKernel::new(&kernels.finish)
                .set_arg(&inputs.id)
                .set_arg(&inputs.salt)
                .set_arg(&position)
                .set_arg(&labels)
                .set_arg(&group.state)
                .set_arg(&group.hashes)
                .set_arg(&pow_enabled)
                .set_arg(&inputs.difficulty)
                .set_arg(&group.solution)
                .set_global_work_size(round_up(labels as usize, local))
                .set_local_work_size(local)
                .enqueue_nd_range(queue)
        }
        .map_err(|e| OpenClError::cl("starting label_final", e))?;
        if out.is_some() {
            let out_len = params.bits.packed_len(labels as u64).expect("small") as u32;
            // SAFETY: argument types match pack_labels' parameters.
            unsafe {
                ExecuteKernel::new(&kernels.pack)
                    .set_arg(&group.hashes)
                    .set_arg(&labels)
                    .set_arg(&bits)
                    .set_arg(&out_len)
                    .set_arg(&group.out)
                    .set_global_work_size((labels as usize).div_ceil(8))
                    .enqueue_nd_range(queue)
            }
            .map_err(|e| OpenClError::cl("starting pack_labels", e))?;
        }
    }
    enqueue_reads(
        session,
        params,
        &active,
        chunk.first_position,
        out,
        chunk.want_pow,
    )
}

/// A chunk whose results are being read: the events of the reads, where the PoW results
/// land, and which positions they belong to.
struct Pending {
    reads: Vec<Event>,
    solutions: Vec<u32>,
    /// The first position of each lane group's labels.
    firsts: Vec<u64>,
}

impl Pending {
    /// Waits for the reads (always to the end: the device writes into the caller's
    /// buffer) and returns the chunk's lowest PoW solution.
    fn wait(self) -> Result<Option<u64>, OpenClError> {
        for read in &self.reads {
            wait(read, None)?;
        }
        Ok(self
            .firsts
            .iter()
            .zip(&self.solutions)
            .find(|(_, s)| **s != u32::MAX)
            .map(|(first, &s)| first + s as u64))
    }
}

/// Enqueues the reads of each group's packed bytes into its part of `out` and of its PoW
/// result. The caller must wait for them (or finish the queue) before `out` is touched.
fn enqueue_reads(
    session: &Session,
    params: &LabelParams,
    active: &[(usize, u32, u64)],
    first_position: u64,
    mut out: Option<&mut [u8]>,
    want_pow: bool,
) -> Result<Pending, OpenClError> {
    let queue = &session.queue;
    let groups = &session.allocation.as_ref().expect("allocated").groups;
    let mut pending = Pending {
        reads: Vec::new(),
        solutions: vec![u32::MAX; active.len()],
        firsts: active.iter().map(|a| first_position + a.2).collect(),
    };
    let mut enqueue = |pending: &mut Pending| -> Result<(), OpenClError> {
        let mut rest = out.as_deref_mut();
        for (slot, &(index, labels, _)) in pending.solutions.iter_mut().zip(active) {
            let group = &groups[index];
            if let Some(buffer) = rest.take() {
                let len = params.bits.packed_len(labels as u64).expect("small");
                let (mine, after) = buffer.split_at_mut(len);
                rest = Some(after);
                // SAFETY: `mine` is not touched until the read is waited for (Pending::wait
                // or a finished queue).
                let read =
                    unsafe { queue.enqueue_read_buffer(&group.out, CL_NON_BLOCKING, 0, mine, &[]) }
                        .map_err(|e| OpenClError::cl("reading labels", e))?;
                pending.reads.push(read);
            }
            if want_pow {
                // SAFETY: the Vec's heap slot stays put while `pending` moves.
                let read = unsafe {
                    queue.enqueue_read_buffer(
                        &group.solution,
                        CL_NON_BLOCKING,
                        0,
                        std::slice::from_mut(slot),
                        &[],
                    )
                }
                .map_err(|e| OpenClError::cl("reading the PoW result", e))?;
                pending.reads.push(read);
            }
        }
        Ok(())
    };
    let enqueued = enqueue(&mut pending);
    let flushed = queue
        .flush()
        .map_err(|e| OpenClError::cl("submitting work", e));
    match enqueued.and(flushed) {
        Ok(()) => Ok(pending),
        Err(e) => {
            let _ = queue.finish();
            Err(e)
        }
    }
}

/// Iterations for the next launch from the device time of one that ran `iterations`:
/// aims at `launch_target`, grows at most 4x per launch, never past the whole ROMix.
fn next_slice(
    iterations: u32,
    took: Option<std::time::Duration>,
    options: &DeviceOptions,
    total: u32,
) -> u32 {
    let target = options.launch_target.as_secs_f64();
    let grown = match took {
        Some(t) if t.as_secs_f64() > 0.0 => {
            let ideal = iterations as f64 * target / t.as_secs_f64();
            ideal.clamp(iterations as f64 / 4.0, iterations as f64 * 4.0) as u32
        }
        _ => iterations.saturating_mul(4),
    };
    grown.clamp(1, total)
}

/// How ROMix runs: work-items per label and labels per work-group.
#[derive(Clone, Copy)]
struct RomixShape {
    split: u32,
    labels_per_group: usize,
}

impl RomixShape {
    fn choose(options: &DeviceOptions, nv_shfl: bool) -> Self {
        let split = options.split.unwrap_or(if nv_shfl { 4 } else { 1 });
        let items = options
            .work_group_size
            .unwrap_or(if split == 4 { 256 } else { 64 });
        Self {
            split,
            labels_per_group: (items / split as usize).max(1),
        }
    }
}

/// Enqueues ROMix iterations `from..to` for the first `labels` lanes of `group`.
#[allow(clippy::too_many_arguments)]
fn launch_romix(
    kernels: &Kernels,
    queue: &CommandQueue,
    group: &Group,
    labels: u32,
    n: u32,
    from: u32,
    to: u32,
    shape: RomixShape,
) -> Result<Event, OpenClError> {
    let local = local_size(group, shape.labels_per_group);
    let lanes = group.lanes as u32;
    let split = shape.split as usize;
    let kernel = if split == 4 {
        &kernels.romix4
    } else {
        &kernels.romix
    };
    let mut launch = ExecuteKernel::new(kernel);
    // SAFETY: argument types match romix_slice's and romix_slice4's parameters.
    unsafe {
        launch
            .set_arg(&group.state)
            .set_arg(&group.v)
            .set_arg(&lanes)
            .set_arg(&n)
            .set_arg(&from)
            .set_arg(&to);
        if split == 4 {
            launch.set_arg_local_buffer(3 * 4 * local * split);
        }
        launch
            .set_global_work_size(round_up(labels as usize, local) * split)
            .set_local_work_size(local * split)
            .enqueue_nd_range(queue)
    }
    .map_err(|e| OpenClError::cl("starting the ROMix kernel", e))
}

/// Labels per work-group: `wanted`, or the largest power of two dividing the group's
/// lanes (so a launch never runs past the group's buffers).
fn local_size(group: &Group, wanted: usize) -> usize {
    let mut local = wanted.max(1);
    while !group.lanes.is_multiple_of(local) {
        local /= 2;
    }
    local
}

fn round_up(value: usize, multiple: usize) -> usize {
    value.div_ceil(multiple) * multiple
}

/// 32 bytes as 4 little-endian u64 lanes, as the kernels read `id` and `salt`.
fn lanes_of(bytes: &[u8; 32]) -> [u64; 4] {
    std::array::from_fn(|i| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8")))
}

fn constant_buffer<T, const K: usize>(
    context: &Context,
    data: &mut [T; K],
) -> Result<Buffer<T>, OpenClError> {
    // SAFETY: COPY_HOST_PTR copies `data` during the call.
    unsafe {
        Buffer::<T>::create(
            context,
            CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
            K,
            data.as_mut_ptr() as *mut c_void,
        )
    }
    .map_err(|e| OpenClError::cl("copying the inputs to the device", e))
}
