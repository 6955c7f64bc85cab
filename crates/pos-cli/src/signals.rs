//! Signals that would otherwise end `pos` without a word.

/// Ignores SIGXFSZ. A process that writes past its file size limit (`ulimit -f`,
/// RLIMIT_FSIZE) is killed by that signal by default; ignored, the write fails with
/// EFBIG instead, which the engine reports as a full disk with the data up to the last
/// checkpoint safe, and `pos` can say so.
pub fn ignore_file_size_limit_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal to SIG_IGN installs no handler and touches no memory;
    // it runs first thing in main, before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
