//! Keeps the computer from going to sleep while a job runs, and lets it sleep again once
//! none does (setting "keep_awake", on by default): the `keepawake` crate, which asks
//! Windows (SetThreadExecutionState), macOS (an IOPMAssertion) or systemd-logind (an idle
//! inhibitor) not to sleep when idle. Only idle sleep is held off: the display may still
//! turn off, and sleeping on purpose or closing a laptop's lid does what the system says
//! (a job stopped that way goes on from its checkpoint).
//!
//! Where the system has no such service (a Linux without logind, a container) the jobs go
//! on; that is said once in the log for each stretch of running jobs.

/// What holds the system awake; dropping the guard lets it sleep. Faked in the tests.
pub trait Inhibitor {
    type Guard;
    fn hold(&self) -> Result<Self::Guard, String>;
}

/// The system's own inhibitor.
pub struct SystemInhibitor;

impl Inhibitor for SystemInhibitor {
    type Guard = keepawake::KeepAwake;

    fn hold(&self) -> Result<Self::Guard, String> {
        keepawake::Builder::default()
            .idle(true)
            .reason("PoS Desktop is making proof-of-space data")
            .app_name("PoS Desktop")
            .app_reverse_domain("io.posdesktop.app")
            .create()
            .map_err(|e| e.to_string())
    }
}

/// Holds the inhibitor exactly while it is wanted, trying once per stretch of wanting.
pub struct KeepAwake<I: Inhibitor> {
    inhibitor: I,
    guard: Option<I::Guard>,
    /// Holding failed during this stretch of running jobs: not tried again until it ends.
    failed: bool,
}

impl<I: Inhibitor> KeepAwake<I> {
    pub fn new(inhibitor: I) -> Self {
        Self {
            inhibitor,
            guard: None,
            failed: false,
        }
    }

    /// `wanted`: a job runs and the setting is on.
    pub fn update(&mut self, wanted: bool) {
        if !wanted {
            if self.guard.take().is_some() {
                tracing::info!("no job runs: the computer may sleep again");
            }
            self.failed = false;
            return;
        }
        if self.guard.is_some() || self.failed {
            return;
        }
        match self.inhibitor.hold() {
            Ok(guard) => {
                tracing::info!("a job runs: the computer is kept from sleeping when idle");
                self.guard = Some(guard);
            }
            Err(e) => {
                tracing::warn!("cannot keep the computer awake ({e}); the jobs go on");
                self.failed = true;
            }
        }
    }

    #[cfg(test)]
    fn holding(&self) -> bool {
        self.guard.is_some()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    /// Counts the guards held now and the tries; fails while `fail` is set.
    #[derive(Clone, Default)]
    struct Fake {
        held: Rc<Cell<u32>>,
        tries: Rc<Cell<u32>>,
        fail: Rc<Cell<bool>>,
    }

    struct FakeGuard(Rc<Cell<u32>>);

    impl Drop for FakeGuard {
        fn drop(&mut self) {
            self.0.set(self.0.get() - 1);
        }
    }

    impl Inhibitor for Fake {
        type Guard = FakeGuard;

        fn hold(&self) -> Result<FakeGuard, String> {
            self.tries.set(self.tries.get() + 1);
            if self.fail.get() {
                return Err("no logind".into());
            }
            self.held.set(self.held.get() + 1);
            Ok(FakeGuard(self.held.clone()))
        }
    }

    #[test]
    fn held_while_wanted_and_released_after() {
        let fake = Fake::default();
        let mut awake = KeepAwake::new(fake.clone());
        awake.update(false);
        assert_eq!(fake.held.get(), 0);
        awake.update(true);
        awake.update(true);
        assert_eq!(
            (fake.held.get(), fake.tries.get()),
            (1, 1),
            "one guard, taken once"
        );
        assert!(awake.holding());
        awake.update(false);
        assert_eq!(fake.held.get(), 0, "released when no job runs");
        awake.update(true);
        assert_eq!((fake.held.get(), fake.tries.get()), (1, 2));
    }

    #[test]
    fn a_failure_is_tried_once_per_stretch_of_running_jobs() {
        let fake = Fake::default();
        fake.fail.set(true);
        let mut awake = KeepAwake::new(fake.clone());
        for _ in 0..5 {
            awake.update(true);
        }
        assert_eq!(fake.tries.get(), 1);
        assert!(!awake.holding());
        fake.fail.set(false);
        awake.update(false);
        awake.update(true);
        assert_eq!(
            (fake.tries.get(), fake.held.get()),
            (2, 1),
            "tried again next time"
        );
    }
}
