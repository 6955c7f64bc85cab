//! The fault injection hooks of a normal build: nothing happens (see `fault.rs`, built
//! with the cargo feature `fault-injection`).

use std::io::{self, Write};
use std::path::Path;

#[allow(dead_code)] // Only the real hooks look at them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Op {
    Write,
    Fsync,
    Rename,
    FsyncFolder,
    Lock,
}

#[allow(dead_code)]
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target {
    Data,
    Metadata,
    Any,
}

#[inline(always)]
pub(crate) fn check(_op: Op, _target: Target, _path: &Path) -> io::Result<()> {
    Ok(())
}

#[inline(always)]
pub(crate) fn write_all(
    file: &mut impl Write,
    _target: Target,
    _path: &Path,
    bytes: &[u8],
) -> io::Result<()> {
    file.write_all(bytes)
}

#[inline(always)]
pub(crate) fn pretended_file_system(_dir: &Path) -> Option<String> {
    None
}
