//! The fake's behaviour, read from `GPU_POST_FAKE_*` environment variables on every
//! call (see the crate documentation for the list).

use std::time::Duration;

/// What the environment asks the fake to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeConfig {
    pub cuda_gpus: u32,
    pub vulkan_gpus: u32,
    pub cpu: bool,
    pub fail: Option<i32>,
    pub providers_fail: Option<i32>,
    pub call_delay: Duration,
    pub label_delay: Duration,
    pub short_by: u64,
    pub pow_last: bool,
    /// Flip the lowest bit of the last label of every batch: a broken GPU.
    pub corrupt: bool,
    pub log: bool,
    /// Compute in whole chunks of this many positions from `start`, as gpu-post's
    /// GPU providers do (0: exactly the positions asked for).
    pub chunk: u64,
    /// Chooses which of a chunk's solutions is reported (chunked mode only).
    pub race_seed: u64,
    /// Labels are wrong (every bit flipped) when N is above this.
    pub wrong_above_n: Option<u64>,
    /// The first `scryptPositions` on a provider fails (-1); a further call on that
    /// provider aborts the process, as gpu-post dereferences its null state.
    pub init_fail: bool,
    /// `scryptPositions` never returns, and `stop` does not end it.
    pub hang: bool,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            cuda_gpus: 1,
            vulkan_gpus: 0,
            cpu: true,
            fail: None,
            providers_fail: None,
            call_delay: Duration::ZERO,
            label_delay: Duration::ZERO,
            short_by: 0,
            pow_last: false,
            corrupt: false,
            log: false,
            chunk: 0,
            race_seed: 0,
            wrong_above_n: None,
            init_fail: false,
            hang: false,
        }
    }
}

/// More providers than this make no sense for a test and would only waste memory.
const MAX_FAKE_GPUS: u32 = 64;

impl FakeConfig {
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the configuration from any variable lookup. A value that does not parse
    /// is reported on stderr and the default is kept, so a typo is visible.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = Self::default();
        let get = |name: &str| lookup(name).map(|v| v.trim().to_owned());
        let number = |name: &str| -> Option<i64> {
            let value = get(name)?;
            match value.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    eprintln!("gpu-post-fake: ignoring {name}={value:?}: not a whole number");
                    None
                }
            }
        };
        let count = |name: &str, default: u32| {
            number(name).map_or(default, |n| n.clamp(0, MAX_FAKE_GPUS as i64) as u32)
        };
        let millis =
            |name: &str| Duration::from_millis(number(name).map_or(0, |n| n.max(0) as u64));
        let flag = |name: &str, default: bool| number(name).map_or(default, |n| n != 0);
        let code =
            |name: &str| number(name).map(|n| n.clamp(i32::MIN as i64, i32::MAX as i64) as i32);

        Self {
            cuda_gpus: count("GPU_POST_FAKE_GPUS", defaults.cuda_gpus),
            vulkan_gpus: count("GPU_POST_FAKE_VULKAN_GPUS", defaults.vulkan_gpus),
            cpu: flag("GPU_POST_FAKE_CPU", defaults.cpu),
            fail: code("GPU_POST_FAKE_FAIL"),
            providers_fail: code("GPU_POST_FAKE_PROVIDERS_FAIL"),
            call_delay: millis("GPU_POST_FAKE_CALL_DELAY_MS"),
            label_delay: millis("GPU_POST_FAKE_LABEL_DELAY_MS"),
            short_by: number("GPU_POST_FAKE_SHORT_BY").map_or(0, |n| n.max(0) as u64),
            pow_last: flag("GPU_POST_FAKE_POW_LAST", defaults.pow_last),
            corrupt: flag("GPU_POST_FAKE_CORRUPT", defaults.corrupt),
            log: flag("GPU_POST_FAKE_LOG", defaults.log),
            chunk: number("GPU_POST_FAKE_CHUNK").map_or(0, |n| n.max(0) as u64),
            race_seed: number("GPU_POST_FAKE_RACE_SEED").map_or(0, |n| n as u64),
            wrong_above_n: number("GPU_POST_FAKE_WRONG_ABOVE_N").map(|n| n.max(0) as u64),
            init_fail: flag("GPU_POST_FAKE_INIT_FAIL", defaults.init_fail),
            hang: flag("GPU_POST_FAKE_HANG", defaults.hang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> FakeConfig {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        FakeConfig::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_to_one_cuda_gpu_and_the_cpu() {
        assert_eq!(config(&[]), FakeConfig::default());
    }

    #[test]
    fn reads_every_variable() {
        let c = config(&[
            ("GPU_POST_FAKE_GPUS", "2"),
            ("GPU_POST_FAKE_VULKAN_GPUS", "1"),
            ("GPU_POST_FAKE_CPU", "0"),
            ("GPU_POST_FAKE_FAIL", "-6"),
            ("GPU_POST_FAKE_PROVIDERS_FAIL", "-1"),
            ("GPU_POST_FAKE_CALL_DELAY_MS", "20"),
            ("GPU_POST_FAKE_LABEL_DELAY_MS", " 3 "),
            ("GPU_POST_FAKE_SHORT_BY", "5"),
            ("GPU_POST_FAKE_POW_LAST", "1"),
            ("GPU_POST_FAKE_CORRUPT", "1"),
            ("GPU_POST_FAKE_LOG", "1"),
            ("GPU_POST_FAKE_CHUNK", "64"),
            ("GPU_POST_FAKE_RACE_SEED", "7"),
            ("GPU_POST_FAKE_WRONG_ABOVE_N", "4096"),
            ("GPU_POST_FAKE_INIT_FAIL", "1"),
            ("GPU_POST_FAKE_HANG", "1"),
        ]);
        assert_eq!(
            c,
            FakeConfig {
                cuda_gpus: 2,
                vulkan_gpus: 1,
                cpu: false,
                fail: Some(-6),
                providers_fail: Some(-1),
                call_delay: Duration::from_millis(20),
                label_delay: Duration::from_millis(3),
                short_by: 5,
                pow_last: true,
                corrupt: true,
                log: true,
                chunk: 64,
                race_seed: 7,
                wrong_above_n: Some(4096),
                init_fail: true,
                hang: true,
            }
        );
    }

    #[test]
    fn bad_values_are_ignored() {
        let c = config(&[
            ("GPU_POST_FAKE_GPUS", "two"),
            ("GPU_POST_FAKE_FAIL", "99999999999"),
            ("GPU_POST_FAKE_LABEL_DELAY_MS", "-4"),
        ]);
        assert_eq!(c.cuda_gpus, 1);
        assert_eq!(c.fail, Some(i32::MAX));
        assert_eq!(c.label_delay, Duration::ZERO);
    }
}
