//! The fake's provider list. Like gpu-post, GPUs come first with ids 0, 1, 2, ...
//! and the CPU provider takes the id after the last GPU.

use crate::abi::{self, PostComputeProvider};
use crate::config::FakeConfig;

pub fn list(config: &FakeConfig) -> Vec<PostComputeProvider> {
    let cuda = (0..config.cuda_gpus).map(|i| (format!("Fake CUDA GPU {i}"), abi::CLASS_CUDA));
    let vulkan =
        (0..config.vulkan_gpus).map(|i| (format!("Fake Vulkan GPU {i}"), abi::CLASS_VULKAN));
    let cpu = config
        .cpu
        .then(|| ("CPU".to_owned(), abi::CLASS_CPU))
        .into_iter();
    cuda.chain(vulkan)
        .chain(cpu)
        .enumerate()
        .map(|(id, (model, class))| PostComputeProvider::new(id as u32, &model, class))
        .collect()
}

pub fn exists(config: &FakeConfig, provider_id: u32) -> bool {
    (provider_id as u64) < list(config).len() as u64
}

/// The legacy `stats()` bit set: the CPU always, plus each GPU kind present.
pub fn stats(config: &FakeConfig) -> i32 {
    let mut bits = abi::STATS_CPU;
    if config.cuda_gpus > 0 {
        bits |= abi::STATS_CUDA;
    }
    if config.vulkan_gpus > 0 {
        bits |= abi::STATS_VULKAN;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpus_first_then_the_cpu() {
        let config = FakeConfig {
            cuda_gpus: 2,
            vulkan_gpus: 1,
            ..FakeConfig::default()
        };
        let list = list(&config);
        let summary: Vec<(u32, u32, u8)> = list
            .iter()
            .map(|p| (p.id, p.compute_api, p.model[0] as u8))
            .collect();
        assert_eq!(
            summary,
            [
                (0, abi::CLASS_CUDA, b'F'),
                (1, abi::CLASS_CUDA, b'F'),
                (2, abi::CLASS_VULKAN, b'F'),
                (3, abi::CLASS_CPU, b'C')
            ]
        );
        assert!(exists(&config, 3));
        assert!(!exists(&config, 4));
        assert_eq!(stats(&config), 0xb);
    }
}
