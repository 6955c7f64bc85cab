//! ROMix scratch memory taken from the OS and given back when dropped.
//!
//! A batch's threads each need `N * 128 * lanes` bytes (16 MiB at N = 8192 with
//! AVX-512). From the allocator, such blocks stay in the process after they are freed:
//! glibc raises its mmap threshold after the first large free, and each new batch
//! thread may use another arena, so a long job kept several times its scratch resident.
//! An anonymous mapping is zeroed by the OS, and unmapped on drop.

use memmap2::MmapMut;

/// `words` zeroed u32 words of scratch.
pub(crate) enum Scratch {
    Mapped(MmapMut),
    /// Tiny scratch (small N), or a system that refused the mapping.
    Heap(Vec<u32>),
}

/// Below this, the allocator's own reuse is cheaper than a mapping.
const MAP_FROM_BYTES: usize = 1 << 20;

impl Scratch {
    pub fn zeroed(words: usize) -> Self {
        let bytes = words * 4;
        if bytes >= MAP_FROM_BYTES
            && let Ok(map) = MmapMut::map_anon(bytes)
        {
            return Self::Mapped(map);
        }
        Self::Heap(vec![0; words])
    }

    pub fn words(&mut self) -> &mut [u32] {
        match self {
            // SAFETY: the mapping is page-aligned (so aligned for u32), `bytes` long
            // and zeroed by the OS, every bit pattern is a valid u32, and the slice
            // borrows `self`, so it cannot outlive the mapping.
            Self::Mapped(map) => unsafe {
                std::slice::from_raw_parts_mut(map.as_mut_ptr().cast::<u32>(), map.len() / 4)
            },
            Self::Heap(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_is_zeroed_writable_and_the_right_size() {
        for words in [1, 1000, 1 << 20] {
            let mut s = Scratch::zeroed(words);
            let w = s.words();
            assert_eq!(w.len(), words);
            assert!(w.iter().all(|&x| x == 0));
            w[words - 1] = 7;
            assert_eq!(s.words()[words - 1], 7);
        }
        assert!(matches!(Scratch::zeroed(1 << 20), Scratch::Mapped(_)));
    }
}
