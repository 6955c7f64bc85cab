//! Fault injection for tests: makes the data folder's writes, fsyncs, renames and
//! locks fail with a chosen error, so that a full disk (ENOSPC), a failing disk (EIO)
//! or a file system that cannot lock is tested as any user, without root or a
//! special file system.
//!
//! Compiled only with the cargo feature `fault-injection`, which the engine's and the
//! `pos` command's tests turn on through a dev-dependency on the engine; a normal build
//! has none of this (the hooks are empty inline functions).
//!
//! Two ways to arm a fault:
//! - [`inject`] in a test: the rule applies to paths under a folder until the returned
//!   guard is dropped, so tests running side by side do not disturb each other;
//! - the environment variable [`ENV_VAR`], read once, for a whole process (how the
//!   `pos` command's tests reach the `pos` they start): rules separated by commas,
//!   each `op:target:fault[:after[:times]]`, e.g. `write:data:nospace:2` (the third
//!   write to a data file and every later one fail with ENOSPC). `op` is `write`,
//!   `fsync`, `rename`, `fsync-folder` or `lock`; `target` is `data`, `metadata` or
//!   `any`; `fault` is `nospace`, `io`, `unsupported` or `slow` (the call succeeds after
//!   [`SLOW_CALL`]: a slow disk, which keeps a job running while a test looks at it).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The environment variable that arms rules for the whole process.
pub const ENV_VAR: &str = "POS_ENGINE_FAULTS";

/// The operation that fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Writing a data file or the metadata's temporary file. A failing write to a data
    /// file writes the first half of its bytes first, as a full disk does.
    Write,
    /// `fsync` of a data file or of the metadata's temporary file.
    Fsync,
    /// Renaming the metadata's temporary file over the metadata.
    Rename,
    /// `fsync` of the folder after the rename.
    FsyncFolder,
    /// Taking the lock file's OS lock (as on a network file system without locks).
    Lock,
}

/// Which file an operation concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Data,
    Metadata,
    /// Either (and the folder and the lock file).
    Any,
}

/// The error the operation returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// ENOSPC.
    NoSpace,
    /// EIO.
    Io,
    /// `ErrorKind::Unsupported` (what a file system that cannot lock says).
    Unsupported,
    /// No error: the call goes through after [`SLOW_CALL`].
    Slow,
}

/// How much longer a call with the fault [`Fault::Slow`] takes.
pub const SLOW_CALL: std::time::Duration = std::time::Duration::from_millis(100);

impl Fault {
    /// The error, after the delay of a slow call; `None` when the call goes through.
    fn error(self) -> Option<io::Error> {
        match self {
            Self::NoSpace => Some(io::Error::from_raw_os_error(ENOSPC)),
            Self::Io => Some(io::Error::from_raw_os_error(EIO)),
            Self::Unsupported => Some(io::Error::new(
                io::ErrorKind::Unsupported,
                "injected: no locks",
            )),
            Self::Slow => {
                std::thread::sleep(SLOW_CALL);
                None
            }
        }
    }
}

#[cfg(windows)]
const ENOSPC: i32 = 112; // ERROR_DISK_FULL
#[cfg(windows)]
const EIO: i32 = 1117; // ERROR_IO_DEVICE
#[cfg(not(windows))]
const ENOSPC: i32 = 28;
#[cfg(not(windows))]
const EIO: i32 = 5;

/// When a fault fires: after `after` matching calls went through, for `times` calls
/// (`None`: every later one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub op: Op,
    pub target: Target,
    pub fault: Fault,
    pub after: u32,
    pub times: Option<u32>,
}

impl Rule {
    /// Every matching call fails, from the first.
    pub fn always(op: Op, target: Target, fault: Fault) -> Self {
        Self {
            op,
            target,
            fault,
            after: 0,
            times: None,
        }
    }

    /// Only the matching call after `after` others fails, once.
    pub fn once_after(op: Op, target: Target, fault: Fault, after: u32) -> Self {
        Self {
            op,
            target,
            fault,
            after,
            times: Some(1),
        }
    }
}

struct Armed {
    /// `None`: every path.
    scope: Option<PathBuf>,
    rule: Rule,
    seen: AtomicU32,
    fired: Arc<AtomicU32>,
}

impl Armed {
    fn fires(&self, op: Op, target: Target, path: &Path) -> bool {
        let rule = &self.rule;
        let target_matches = rule.target == Target::Any || rule.target == target;
        if rule.op != op
            || !target_matches
            || self.scope.as_ref().is_some_and(|s| !path.starts_with(s))
        {
            return false;
        }
        let seen = self.seen.fetch_add(1, Ordering::SeqCst);
        let fired = self.fired.load(Ordering::SeqCst);
        if seen < rule.after || rule.times.is_some_and(|t| fired >= t) {
            return false;
        }
        self.fired.fetch_add(1, Ordering::SeqCst);
        true
    }
}

fn rules() -> &'static Mutex<Vec<Arc<Armed>>> {
    static RULES: OnceLock<Mutex<Vec<Arc<Armed>>>> = OnceLock::new();
    RULES.get_or_init(|| {
        let from_env = std::env::var(ENV_VAR)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| parse_rules(&v).unwrap_or_else(|e| panic!("{ENV_VAR}={v:?}: {e}")))
            .unwrap_or_default();
        Mutex::new(
            from_env
                .into_iter()
                .map(|rule| {
                    Arc::new(Armed {
                        scope: None,
                        rule,
                        seen: AtomicU32::new(0),
                        fired: Arc::new(AtomicU32::new(0)),
                    })
                })
                .collect(),
        )
    })
}

/// An armed rule; dropping it disarms it.
#[must_use = "the fault is disarmed when this is dropped"]
pub struct Injected {
    armed: Arc<Armed>,
}

impl Injected {
    /// How many calls it made fail so far.
    pub fn fired(&self) -> u32 {
        self.armed.fired.load(Ordering::SeqCst)
    }
}

impl Drop for Injected {
    fn drop(&mut self) {
        let mut rules = rules().lock().unwrap_or_else(|p| p.into_inner());
        rules.retain(|a| !Arc::ptr_eq(a, &self.armed));
    }
}

/// Arms `rule` for files under `scope` (an absolute folder) until the guard is dropped.
pub fn inject(scope: impl AsRef<Path>, rule: Rule) -> Injected {
    let scope = std::path::absolute(scope.as_ref()).expect("an absolute scope");
    let armed = Arc::new(Armed {
        scope: Some(scope),
        rule,
        seen: AtomicU32::new(0),
        fired: Arc::new(AtomicU32::new(0)),
    });
    rules()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(armed.clone());
    Injected { armed }
}

/// The injected error for `op` on `path`, if a rule says so.
pub(crate) fn check(op: Op, target: Target, path: &Path) -> io::Result<()> {
    let fault = {
        let rules = rules().lock().unwrap_or_else(|p| p.into_inner());
        rules
            .iter()
            .find(|a| a.fires(op, target, path))
            .map(|a| a.rule.fault)
    };
    match fault.and_then(Fault::error) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// `write_all`, or half of it and then the injected error.
pub(crate) fn write_all(
    file: &mut impl Write,
    target: Target,
    path: &Path,
    bytes: &[u8],
) -> io::Result<()> {
    if let Err(e) = check(Op::Write, target, path) {
        file.write_all(&bytes[..bytes.len() / 2])?;
        return Err(e);
    }
    file.write_all(bytes)
}

fn pretended() -> &'static Mutex<Vec<(PathBuf, String, u64)>> {
    static PRETENDED: Mutex<Vec<(PathBuf, String, u64)>> = Mutex::new(Vec::new());
    &PRETENDED
}

/// Makes [`check_folder`](super::check_folder) report the file system of folders under
/// `scope` as `name` (say "vfat", to test FAT32's file size limit without a FAT disk)
/// until the guard is dropped.
pub fn pretend_file_system(scope: impl AsRef<Path>, name: &str) -> Pretended {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let id = NEXT.fetch_add(1, Ordering::SeqCst) as u64;
    let scope = std::path::absolute(scope.as_ref()).expect("an absolute scope");
    let mut list = pretended().lock().unwrap_or_else(|p| p.into_inner());
    list.push((scope, name.to_owned(), id));
    Pretended(id)
}

/// A pretended file system; dropping it ends the pretence.
#[must_use = "the pretence ends when this is dropped"]
pub struct Pretended(u64);

impl Drop for Pretended {
    fn drop(&mut self) {
        let mut list = pretended().lock().unwrap_or_else(|p| p.into_inner());
        list.retain(|(_, _, id)| *id != self.0);
    }
}

pub(crate) fn pretended_file_system(dir: &Path) -> Option<String> {
    let list = pretended().lock().unwrap_or_else(|p| p.into_inner());
    list.iter()
        .find(|(scope, _, _)| dir.starts_with(scope))
        .map(|(_, name, _)| name.clone())
}

fn parse_rules(text: &str) -> Result<Vec<Rule>, String> {
    text.split(',').map(|r| parse_rule(r.trim())).collect()
}

fn parse_rule(text: &str) -> Result<Rule, String> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(3..=5).contains(&parts.len()) {
        return Err(format!("{text:?} is not op:target:fault[:after[:times]]"));
    }
    let op = match parts[0] {
        "write" => Op::Write,
        "fsync" => Op::Fsync,
        "rename" => Op::Rename,
        "fsync-folder" => Op::FsyncFolder,
        "lock" => Op::Lock,
        other => return Err(format!("unknown op {other:?}")),
    };
    let target = match parts[1] {
        "data" => Target::Data,
        "metadata" => Target::Metadata,
        "any" => Target::Any,
        other => return Err(format!("unknown target {other:?}")),
    };
    let fault = match parts[2] {
        "nospace" => Fault::NoSpace,
        "io" => Fault::Io,
        "unsupported" => Fault::Unsupported,
        "slow" => Fault::Slow,
        other => return Err(format!("unknown fault {other:?}")),
    };
    let number = |s: &str| s.parse::<u32>().map_err(|e| format!("{s:?}: {e}"));
    Ok(Rule {
        op,
        target,
        fault,
        after: parts.get(3).map(|s| number(s)).transpose()?.unwrap_or(0),
        times: parts.get(4).map(|s| number(s)).transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse() {
        let rules = parse_rules("write:data:nospace:2, fsync-folder:any:io:0:1").unwrap();
        assert_eq!(
            rules,
            [
                Rule {
                    after: 2,
                    ..Rule::always(Op::Write, Target::Data, Fault::NoSpace)
                },
                Rule::once_after(Op::FsyncFolder, Target::Any, Fault::Io, 0),
            ]
        );
        assert_eq!(
            parse_rules("write:data:slow").unwrap(),
            [Rule::always(Op::Write, Target::Data, Fault::Slow)]
        );
        assert!(parse_rules("write:data").is_err());
        assert!(parse_rules("chmod:data:io").is_err());
    }

    #[test]
    fn a_rule_fires_in_its_scope_after_its_count() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("postdata_0.bin");
        let guard = inject(
            dir.path(),
            Rule::once_after(Op::Fsync, Target::Data, Fault::NoSpace, 1),
        );
        assert!(check(Op::Fsync, Target::Data, Path::new("/elsewhere/x")).is_ok());
        assert!(check(Op::Fsync, Target::Metadata, &file).is_ok());
        assert!(check(Op::Fsync, Target::Data, &file).is_ok());
        let e = check(Op::Fsync, Target::Data, &file).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert!(check(Op::Fsync, Target::Data, &file).is_ok());
        assert_eq!(guard.fired(), 1);
        drop(guard);
    }

    #[test]
    fn a_slow_call_goes_through_late() {
        let dir = tempfile::tempdir().unwrap();
        let _slow = inject(
            dir.path(),
            Rule::always(Op::Write, Target::Data, Fault::Slow),
        );
        let started = std::time::Instant::now();
        let mut written = Vec::new();
        write_all(&mut written, Target::Data, &dir.path().join("d"), b"label").unwrap();
        assert_eq!(written, b"label");
        assert!(started.elapsed() >= SLOW_CALL);
    }
}
