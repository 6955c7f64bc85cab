//! What the pause rules (`pause_rules.rs`) need to know, read from the system: whether
//! the computer runs on its battery (starship-battery: sysfs, IOKit, the Windows power
//! API), how long since the last keyboard or mouse input (user-idle: the X11 screen
//! saver extension, IOKit's HIDIdleTime, GetLastInputInfo; not on Wayland), and the
//! local time. A source is read only while its rule is on.
//!
//! Debug builds read `POS_FAKE_SYSTEM_FACTS`, the path of a JSON file such as
//! `{"on_battery": true, "idle_secs": 30}`, at every check: a value there replaces the
//! system's answer, so the end-to-end tests can unplug a computer that has no battery,
//! and plug it in again.

use std::time::Duration;

use chrono::Timelike;

use crate::pause_rules::Facts;
use crate::settings::AppSettings;

pub fn read(settings: &AppSettings) -> Facts {
    let now = chrono::Local::now();
    Facts {
        on_battery: settings.pause_on_battery.then(on_battery).flatten(),
        idle: settings.pause_while_in_use.then(idle).flatten(),
        minute_of_day: (now.hour() * 60 + now.minute()) as u16,
    }
}

/// The value of `key` in the fake facts file, in debug builds (see the module
/// documentation).
fn fake(key: &str) -> Option<serde_json::Value> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let path = std::env::var_os("POS_FAKE_SYSTEM_FACTS")?;
    let text = std::fs::read_to_string(path).ok()?;
    let facts: serde_json::Value = serde_json::from_str(&text).ok()?;
    facts.get(key).cloned()
}

/// `Some(true)` when a battery discharges, `Some(false)` when there are batteries and
/// none does, `None` without a battery (a desktop) or when it cannot be told.
fn on_battery() -> Option<bool> {
    if let Some(fake) = fake("on_battery") {
        return fake.as_bool();
    }
    let manager = starship_battery::Manager::new()
        .map_err(|e| log::debug!("no battery information: {e}"))
        .ok()?;
    let mut any = false;
    for battery in manager.batteries().ok()?.flatten() {
        any = true;
        if battery.state() == starship_battery::State::Discharging {
            return Some(true);
        }
    }
    any.then_some(false)
}

fn idle() -> Option<Duration> {
    if let Some(fake) = fake("idle_secs") {
        return fake.as_u64().map(Duration::from_secs);
    }
    user_idle::UserIdle::get_time()
        .map(|t| Duration::from_secs(t.as_seconds()))
        .map_err(|e| log::debug!("no idle time: {e:?}"))
        .ok()
}
