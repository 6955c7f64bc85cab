//! Desktop notifications, sent with notify-rust from a thread of our own.
//!
//! tauri-plugin-notification 2.x sends on the async runtime (on Windows and macOS a
//! tokio worker): with a notification service that never answers, each send blocks a
//! worker, and on a 2-core machine two of them froze every async task of the app
//! (TOOLCHAIN.md). Here nothing waits for a send: each runs on its own thread, and
//! while a few are stuck no new ones are started.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Sends that may hang at once before notifications are skipped.
const MAX_PENDING: usize = 3;
static PENDING: AtomicUsize = AtomicUsize::new(0);

/// What the app tells the person about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    JobCompleted {
        name: String,
        size: String,
        took: String,
    },
    JobFailed {
        name: String,
        reason: String,
    },
    StillRunningInTray,
}

impl Notice {
    pub fn title(&self) -> String {
        match self {
            Self::JobCompleted { name, .. } => format!("{name} is complete"),
            Self::JobFailed { name, .. } => format!("{name} stopped"),
            Self::StillRunningInTray => "PoS Desktop is still running".into(),
        }
    }

    pub fn body(&self) -> String {
        match self {
            Self::JobCompleted { size, took, .. } => {
                format!("{size} of PoS data written in {took}.")
            }
            Self::JobFailed { reason, .. } => reason.clone(),
            Self::StillRunningInTray => {
                "Your jobs keep running. Open the window or quit from the tray icon.".into()
            }
        }
    }
}

/// Shows `notice` without waiting for it. Returns false when it was skipped because
/// earlier sends are still stuck.
pub fn send(app_name: &str, notice: Notice) -> bool {
    let app_name = app_name.to_owned();
    spawn_bounded(move || {
        let shown = notify_rust::Notification::new()
            .appname(&app_name)
            .summary(&notice.title())
            .body(&notice.body())
            .show();
        if let Err(e) = shown {
            log::warn!("notification not shown: {e}");
        }
    })
}

/// Runs `f` on a new thread unless `MAX_PENDING` earlier ones have not finished.
fn spawn_bounded(f: impl FnOnce() + Send + 'static) -> bool {
    if PENDING.fetch_add(1, Ordering::SeqCst) >= MAX_PENDING {
        PENDING.fetch_sub(1, Ordering::SeqCst);
        log::warn!(
            "skipping a notification: {MAX_PENDING} earlier ones are still waiting for the notification service"
        );
        return false;
    }
    let spawned = std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || {
            f();
            PENDING.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        PENDING.fetch_sub(1, Ordering::SeqCst);
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    #[test]
    fn hanging_sends_never_block_the_caller_and_are_capped() {
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let release_rx = std::sync::Arc::new(std::sync::Mutex::new(release_rx));
        let started = Instant::now();
        let mut accepted = 0;
        for _ in 0..MAX_PENDING + 2 {
            let rx = release_rx.clone();
            if spawn_bounded(move || {
                let _ = rx.lock().unwrap().recv();
            }) {
                accepted += 1;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the caller waited for stuck sends"
        );
        assert_eq!(accepted, MAX_PENDING, "sends beyond the cap are skipped");
        for _ in 0..MAX_PENDING {
            release_tx.send(()).unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while PENDING.load(Ordering::SeqCst) > 0 {
            assert!(Instant::now() < deadline, "released sends did not finish");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(
            spawn_bounded(|| {}),
            "sends work again once the stuck ones finished"
        );
    }
}
