//! What the data folder tests share: the labels a range should hold, and what a folder
//! holds.

#![allow(dead_code)]

use std::fs;
use std::path::Path;

use pos_labels::{ComputeOptions, LabelParams, PositionRange, compute_labels};

/// The packed labels of `count` positions from `start`, from pos-labels.
pub fn stream(params: &LabelParams, start: u64, count: u64) -> Vec<u8> {
    let mut out = vec![0u8; params.bits.packed_len(count).unwrap()];
    let range = PositionRange::new(start, count).unwrap();
    compute_labels(params, range, &mut out, &ComputeOptions::default()).unwrap();
    out
}

/// The names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}
