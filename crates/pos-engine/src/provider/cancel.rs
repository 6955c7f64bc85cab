use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

type Hook = Arc<dyn Fn() + Send + Sync>;

/// Asks work in progress to stop, from another thread. A CPU provider polls the flag;
/// a GPU provider also registers a hook that calls the library's `stop()`.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    hooks: Mutex<Vec<(u64, Hook)>>,
    next_hook: std::sync::atomic::AtomicU64,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        let hooks: Vec<Hook> = self
            .inner
            .hooks
            .lock()
            .unwrap()
            .iter()
            .map(|(_, h)| h.clone())
            .collect();
        for hook in hooks {
            hook();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// The flag itself, for `pos_labels::ComputeOptions::stop`.
    pub fn flag(&self) -> &AtomicBool {
        &self.inner.cancelled
    }

    /// Runs `hook` on `cancel()` until the returned guard is dropped. If the token is
    /// already cancelled the hook runs at once.
    pub fn on_cancel(&self, hook: impl Fn() + Send + Sync + 'static) -> HookGuard {
        let id = self.inner.next_hook.fetch_add(1, Ordering::Relaxed);
        let hook: Hook = Arc::new(hook);
        self.inner.hooks.lock().unwrap().push((id, hook.clone()));
        if self.is_cancelled() {
            hook();
        }
        HookGuard {
            token: self.clone(),
            id,
        }
    }
}

/// Removes its hook from the token when dropped.
pub struct HookGuard {
    token: CancelToken,
    id: u64,
}

impl Drop for HookGuard {
    fn drop(&mut self) {
        self.token
            .inner
            .hooks
            .lock()
            .unwrap()
            .retain(|(id, _)| *id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn hooks_run_on_cancel_only_while_registered() {
        let token = CancelToken::new();
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let guard = token.on_cancel(move || {
            c.fetch_add(1, Ordering::SeqCst);
        });
        drop(guard);
        token.cancel();
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        let c = calls.clone();
        let _guard = token.on_cancel(move || {
            c.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "a cancelled token runs new hooks at once"
        );
        assert!(token.is_cancelled());
    }
}
