//! The lock that keeps a second writer off a data set: a lock file beside the
//! metadata (`pos-meta.lock`, or `<name>.lock` for a single file), held three ways at
//! once, because no single one works everywhere:
//!
//! - an OS lock on the lock file ([`File::try_lock`]: `flock` on Unix, which Linux
//!   maps to NFS byte-range locks on NFS; `LockFileEx` on Windows, which SMB shares
//!   honour), so another process, on this computer or another, is refused;
//! - on Windows, the lock file is opened with share mode 0, so that nobody else can
//!   even open it while it is held;
//! - a process-wide registry of the lock files held (by canonical path), so that a
//!   second open in the same process is refused also where the OS lock is per process
//!   (POSIX locks, which NFS emulation uses) or missing.
//!
//! A file system that cannot lock at all (some network and FUSE file systems) gets a
//! warning and the registry only: the data set still opens, as a job on such a disk is
//! better than none. Reading the status needs no lock ([`DataDir::read_status`]).
//!
//! [`DataDir::read_status`]: super::DataDir::read_status

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::DataDirError;
use super::fault::{self, Op, Target};
use super::layout::FileNaming;

/// Lock files held by this process, by canonical path.
static HELD: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn held() -> std::sync::MutexGuard<'static, BTreeSet<PathBuf>> {
    HELD.lock().unwrap_or_else(|p| p.into_inner())
}

/// This process's claim on a lock file path; released when dropped.
struct Claim(PathBuf);

impl Drop for Claim {
    fn drop(&mut self) {
        held().remove(&self.0);
    }
}

/// A held lock on one data set; released when dropped. A lock file this lock created
/// is removed again when it is dropped before [`keep`](Self::keep) (an open that
/// failed leaves nothing behind).
pub(crate) struct DataLock {
    path: PathBuf,
    /// `None` on a read-only file system, where nobody can write anyway.
    file: Option<File>,
    remove_on_drop: bool,
    /// `None` for a shared lock, which only checks the registry.
    _claim: Option<Claim>,
}

/// How a lock file is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LockMode {
    /// One holder: a job writing the whole data set, or a shard writing one file.
    Exclusive,
    /// Any number of holders, but no exclusive one: the shards of a job, which each
    /// lock the files they write ([`DataDir::open_shard`](super::DataDir::open_shard)).
    Shared,
}

impl DataLock {
    /// Locks the data set that `naming` names in the folder `dir` (absolute), creating
    /// its lock file if needed. [`DataDirError::InUse`] when this or another process
    /// holds it; `in_use` is the path that error names.
    pub fn acquire(
        dir: &Path,
        naming: &FileNaming,
        in_use: &Path,
        mode: LockMode,
    ) -> Result<Self, DataDirError> {
        let busy = || DataDirError::InUse {
            dir: in_use.to_owned(),
        };
        Self::acquire_file(dir, &naming.lock_file(), mode, busy)
    }

    /// Locks the lock file `name` in the folder `dir` (absolute), creating it if
    /// needed; `busy` makes the error when another holder has it.
    pub fn acquire_file(
        dir: &Path,
        name: &str,
        mode: LockMode,
        busy: impl Fn() -> DataDirError,
    ) -> Result<Self, DataDirError> {
        let path = dir.join(name);
        let canonical = canonical_folder(dir)
            .map_err(|e| DataDirError::io("open the folder", dir, e))?
            .join(name);
        let claim = match mode {
            LockMode::Exclusive if !held().insert(canonical.clone()) => return Err(busy()),
            LockMode::Exclusive => Some(Claim(canonical)),
            LockMode::Shared if held().contains(&canonical) => return Err(busy()),
            LockMode::Shared => None,
        };
        let existed = match fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => true,
            Ok(_) => return Err(DataDirError::not_regular(&path)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(DataDirError::io("read", &path, e)),
        };
        let file = match open_lock_file(&path, mode) {
            Ok(file) => file,
            Err(e) if is_sharing_violation(&e) => return Err(busy()),
            Err(e) if e.kind() == io::ErrorKind::ReadOnlyFilesystem => {
                tracing::warn!(path = %path.display(), "read-only file system: no lock file");
                return Ok(Self {
                    path,
                    file: None,
                    remove_on_drop: false,
                    _claim: claim,
                });
            }
            Err(e) => return Err(DataDirError::io("create the lock file", &path, e)),
        };
        let lock = Self {
            path,
            file: Some(file),
            // Other holders of a shared lock may use the file it created.
            remove_on_drop: !existed && mode == LockMode::Exclusive,
            _claim: claim,
        };
        let file = lock.file.as_ref().expect("just opened");
        let locked = fault::check(Op::Lock, Target::Any, &lock.path)
            .map_err(std::fs::TryLockError::Error)
            .and_then(|()| match mode {
                LockMode::Exclusive => file.try_lock(),
                LockMode::Shared => file.try_lock_shared(),
            });
        match locked {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                // Not ours to remove: the holder uses it.
                let mut lock = lock;
                lock.remove_on_drop = false;
                return Err(busy());
            }
            Err(std::fs::TryLockError::Error(e)) => {
                tracing::warn!(path = %lock.path.display(), error = %e,
                    "the file system cannot lock files: only this process is kept from writing the data twice");
            }
        }
        if !lock.is_current() {
            // The holder deleted the data set between our open and our lock.
            let mut lock = lock;
            lock.remove_on_drop = false;
            return Err(busy());
        }
        Ok(lock)
    }

    /// The data set opened: the lock file stays when the lock is dropped.
    pub fn keep(&mut self) {
        self.remove_on_drop = false;
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `text` into the lock file, for people and programs that look at who holds
    /// it (where the OS lets them read a locked file). Best effort.
    pub fn note(&mut self, text: &str) {
        use std::io::{Seek, Write};
        if let Some(file) = &mut self.file {
            let written = file
                .set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| file.write_all(text.as_bytes()));
            if let Err(e) = written {
                tracing::debug!(path = %self.path.display(), error = %e, "cannot note the lock's holder");
            }
        }
    }

    /// Whether the lock file at the path is still the one this lock holds (Unix: same
    /// device and inode), so the folder was not replaced while it was open (another
    /// drive mounted in its place, say). Always true where that cannot be told.
    pub fn is_current(&self) -> bool {
        #[cfg(unix)]
        if let Some(file) = &self.file {
            use std::os::unix::fs::MetadataExt;
            return match (file.metadata(), fs::symlink_metadata(&self.path)) {
                (Ok(held), Ok(now)) => held.dev() == now.dev() && held.ino() == now.ino(),
                _ => false,
            };
        }
        true
    }

    /// Removes the lock file and releases the lock (delete). On Unix the file is
    /// removed while still locked, so a waiting process that then locks the removed
    /// file sees that it is no longer current and backs off.
    pub fn remove(mut self) -> Result<bool, DataDirError> {
        self.remove_on_drop = false;
        #[cfg(not(unix))]
        drop(self.file.take());
        let removed = match fs::remove_file(&self.path) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            // Windows: someone opened it after we closed it; it is theirs now.
            Err(e) if is_sharing_violation(&e) => false,
            Err(e) => return Err(DataDirError::io("remove", &self.path, e)),
        };
        Ok(removed)
    }
}

impl Drop for DataLock {
    fn drop(&mut self) {
        if self.remove_on_drop {
            #[cfg(not(unix))]
            drop(self.file.take());
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The folder's canonical path, the registry's key. On Windows `fs::canonicalize`
/// (GetFinalPathNameByHandleW) fails on some volumes where the folder opens fine: RAM
/// disks and network redirectors that do not answer it, and Wine past 260 characters
/// (ERROR_MORE_DATA). There the absolute path is the key: the share mode 0 of the lock
/// file still refuses a second open in this process through another spelling.
fn canonical_folder(dir: &Path) -> io::Result<PathBuf> {
    let canonical = fs::canonicalize(dir);
    #[cfg(windows)]
    if let Err(e) = &canonical {
        tracing::debug!(dir = %dir.display(), error = %e, "no canonical path: using the absolute one");
        return std::path::absolute(dir);
    }
    canonical
}

fn open_lock_file(path: &Path, mode: LockMode) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    no_follow(&mut options);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // An exclusive holder lets nobody open the file; shared holders let each other
        // (FILE_SHARE_READ | FILE_SHARE_WRITE), never an exclusive one.
        options.share_mode(match mode {
            LockMode::Exclusive => 0,
            LockMode::Shared => 0x1 | 0x2,
        });
    }
    #[cfg(not(windows))]
    let _ = mode;
    options.open(path)
}

/// Whether someone holds the lock file at `path` exclusively now (a shard writing a
/// data file), without waiting and without creating it. A lock file that cannot be
/// read or locked counts as not held. The probe takes a shared lock for an instant,
/// so an exclusive [`DataLock::acquire_file`] at that moment is refused: callers that
/// take such locks retry ([`retry_busy`]).
pub(crate) fn is_held(path: &Path) -> bool {
    let mut options = OpenOptions::new();
    options.read(true);
    no_follow(&mut options);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        options.share_mode(0x1 | 0x2 | 0x4);
    }
    match options.open(path) {
        Ok(file) => matches!(
            file.try_lock_shared(),
            Err(std::fs::TryLockError::WouldBlock)
        ),
        Err(e) => is_sharing_violation(&e),
    }
}

/// Runs `take` until it is not [`DataDirError::InUse`] / [`DataDirError::FileInUse`]
/// or a few tries (a quarter of a second) have passed: a lock held for an instant by
/// a status probe ([`is_held`]) is not a writer.
pub(crate) fn retry_busy<T>(
    mut take: impl FnMut() -> Result<T, DataDirError>,
) -> Result<T, DataDirError> {
    let mut tries = 0;
    loop {
        match take() {
            Err(DataDirError::InUse { .. } | DataDirError::FileInUse { .. }) if tries < 5 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Opens never follow a symbolic link at the last component (Unix `O_NOFOLLOW`;
/// Windows opens the link itself), so a planted link cannot redirect our writes.
pub(crate) fn no_follow(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT
        options.custom_flags(0x0020_0000);
    }
}

/// ERROR_SHARING_VIOLATION (32) or ERROR_LOCK_VIOLATION (33) on Windows.
fn is_sharing_violation(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}
