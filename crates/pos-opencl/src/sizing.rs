//! How many labels a device computes at once ("lanes"), and how they are split over
//! buffers: each lane needs its ROMix scratch `V` (128 * N bytes) on the device, some
//! drivers cap a single allocation at a quarter of memory, and tests force small caps.

use pos_labels::ScryptN;

/// Lanes come in multiples of this: every group's output then starts on a whole byte for
/// any label size (8 labels of L bits = L bytes).
pub const LANE_QUANTUM: usize = 8;

/// Device bytes per lane besides `V`: the ROMix state (128), the hash (32) and the
/// packed output (at most 32).
const OTHER_BYTES_PER_LANE: u64 = 128 + 32 + 32;

/// Limits on the plan; defaults fit a discrete GPU.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeLimits {
    /// More lanes than this only add latency once the device is full.
    pub max_lanes: usize,
    /// Caps one buffer below the device's own limit (tests force several buffers).
    pub max_buffer_bytes: Option<u64>,
    /// Share of the device's global memory to use.
    pub memory_share: f64,
}

impl Default for SizeLimits {
    fn default() -> Self {
        Self {
            max_lanes: 1 << 20,
            max_buffer_bytes: None,
            memory_share: 0.75,
        }
    }
}

/// Lanes per buffer group; each group has its own `V` buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanePlan {
    pub groups: Vec<usize>,
}

impl LanePlan {
    pub fn total_lanes(&self) -> usize {
        self.groups.iter().sum()
    }
}

/// Plans the lanes for `n` on a device with `global_mem` bytes and a single-allocation
/// limit of `max_alloc` bytes. Always at least one group of `LANE_QUANTUM` lanes: when
/// even that does not fit, the allocation fails with the driver's reason.
pub fn plan_lanes(n: ScryptN, global_mem: u64, max_alloc: u64, limits: &SizeLimits) -> LanePlan {
    let v_per_lane = n.get() as u64 * 128;
    let buffer_cap = limits
        .max_buffer_bytes
        .map_or(max_alloc, |cap| cap.min(max_alloc))
        .max(1);
    let per_group = round_down((buffer_cap / v_per_lane) as usize).max(LANE_QUANTUM);
    let budget = (global_mem as f64 * limits.memory_share) as u64;
    let by_memory = (budget / (v_per_lane + OTHER_BYTES_PER_LANE)) as usize;
    let total = round_down(by_memory.min(limits.max_lanes)).max(LANE_QUANTUM);
    let group_count = total.div_ceil(per_group);
    // Equal groups (up to the quantum), so no group is a tiny remainder.
    let each = round_up(total.div_ceil(group_count)).min(per_group);
    let mut groups = Vec::with_capacity(group_count);
    let mut left = total;
    while left > 0 {
        let lanes = each.min(left);
        groups.push(lanes);
        left -= lanes;
    }
    LanePlan { groups }
}

/// Half as many lanes as `plan` (allocation back-off), or `None` at the minimum.
pub fn halve(plan: &LanePlan, n: ScryptN, max_alloc: u64, limits: &SizeLimits) -> Option<LanePlan> {
    let total = plan.total_lanes();
    if total <= LANE_QUANTUM {
        return None;
    }
    let smaller = SizeLimits {
        max_lanes: round_down(total / 2).max(LANE_QUANTUM),
        ..*limits
    };
    Some(plan_lanes(n, u64::MAX, max_alloc, &smaller))
}

fn round_down(lanes: usize) -> usize {
    lanes / LANE_QUANTUM * LANE_QUANTUM
}

fn round_up(lanes: usize) -> usize {
    lanes.div_ceil(LANE_QUANTUM) * LANE_QUANTUM
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    fn n(v: u64) -> ScryptN {
        ScryptN::new(v).unwrap()
    }

    #[test]
    fn a_large_gpu_gets_the_lane_cap_in_one_buffer() {
        let plan = plan_lanes(n(512), 140 * GIB, 140 * GIB, &SizeLimits::default());
        assert_eq!(plan.groups, vec![1 << 20]);
    }

    #[test]
    fn a_quarter_memory_allocation_limit_splits_into_groups() {
        // 16 GiB card, 4 GiB per allocation, N = 8192 (1 MiB per lane): 12 GiB used.
        let plan = plan_lanes(n(8192), 16 * GIB, 4 * GIB, &SizeLimits::default());
        assert!(plan.groups.len() >= 3, "{plan:?}");
        for &g in &plan.groups {
            assert!(
                g as u64 * (1 << 20) <= 4 * GIB && g % LANE_QUANTUM == 0,
                "{plan:?}"
            );
        }
        assert!(plan.total_lanes() as u64 * (1 << 20) <= 12 * GIB);
    }

    #[test]
    fn forced_small_buffers_and_the_minimum() {
        let limits = SizeLimits {
            max_lanes: 100,
            max_buffer_bytes: Some(24 * 128 * 16),
            ..Default::default()
        };
        let plan = plan_lanes(n(16), GIB, GIB, &limits);
        assert_eq!(plan.total_lanes(), 96);
        assert!(
            plan.groups.iter().all(|&g| g <= 24 && g % 8 == 0),
            "{plan:?}"
        );
        // N = 2^20 on a tiny device still gets one group of the minimum.
        let tiny = plan_lanes(n(1 << 20), 64 << 20, 64 << 20, &SizeLimits::default());
        assert_eq!(tiny.groups, vec![LANE_QUANTUM]);
        assert_eq!(
            halve(&tiny, n(1 << 20), 64 << 20, &SizeLimits::default()),
            None
        );
    }

    #[test]
    fn halving_keeps_the_buffer_limit() {
        let limits = SizeLimits::default();
        let plan = plan_lanes(n(8192), 16 * GIB, 4 * GIB, &limits);
        let half = halve(&plan, n(8192), 4 * GIB, &limits).unwrap();
        assert!(half.total_lanes() <= plan.total_lanes() / 2 + LANE_QUANTUM);
        assert!(half.groups.iter().all(|&g| g as u64 * (1 << 20) <= 4 * GIB));
    }
}
