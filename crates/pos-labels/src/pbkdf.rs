//! The Keccak-512 PBKDF2 (one iteration) around ROMix: LABELS.md sections 2-4.
//!
//! The HMAC key of a label is its 72-byte password `P = id || LE64(position) || salt`,
//! exactly one Keccak-512 block. Keying an HMAC costs two permutations, so the keyed
//! state is built once per label and cloned for each of its three HMAC calls
//! (9 permutations a label instead of 11).

use hmac::{KeyInit, Mac, SimpleHmac};
use sha3::Keccak512;

use crate::params::LabelParams;

type HmacKeccak512 = SimpleHmac<Keccak512>;

/// A label's keyed HMAC, ready for the two PBKDF2 calls around ROMix.
#[derive(Clone)]
pub(crate) struct LabelKey {
    mac: HmacKeccak512,
}

impl LabelKey {
    pub(crate) fn new(params: &LabelParams, position: u64) -> Self {
        let mut password = [0u8; 72];
        password[..32].copy_from_slice(&params.id);
        password[32..40].copy_from_slice(&position.to_le_bytes());
        password[40..].copy_from_slice(&params.salt);
        let mac =
            HmacKeccak512::new_from_slice(&password).expect("HMAC accepts keys of any length");
        Self { mac }
    }

    /// `B = PBKDF2(P, S = empty, 128 bytes)` as 32 little-endian words.
    pub(crate) fn romix_input(&self) -> [u32; 32] {
        let mut words = [0u32; 32];
        for (block_index, half) in words.chunks_exact_mut(16).enumerate() {
            let mut mac = self.mac.clone();
            mac.update(&(block_index as u32 + 1).to_be_bytes());
            let digest = mac.finalize().into_bytes();
            for (w, bytes) in half.iter_mut().zip(digest.chunks_exact(4)) {
                *w = u32::from_le_bytes(bytes.try_into().unwrap());
            }
        }
        words
    }

    /// `hash = PBKDF2(P, S = X, 32 bytes)`, where `X` is ROMix's output.
    pub(crate) fn label_hash(&self, romix_output: &[u32; 32]) -> [u8; 32] {
        let mut salt = [0u8; 128];
        for (bytes, w) in salt.chunks_exact_mut(4).zip(romix_output) {
            bytes.copy_from_slice(&w.to_le_bytes());
        }
        let mut mac = self.mac.clone();
        mac.update(&salt);
        mac.update(&1u32.to_be_bytes());
        let digest = mac.finalize().into_bytes();
        digest[..32].try_into().unwrap()
    }
}
