//! Rules that pause every job on their own and let them go on again: on battery (until
//! the computer is plugged in), while someone uses the computer, outside the hours the
//! person chose. The decision is a plain function of the settings and of facts read
//! from the system (`system_facts.rs`), so each rule is tested without an OS; the
//! engine holds the jobs ([`pos_engine::JobQueue::set_hold`]) and the dashboard says
//! why they wait ("paused: on battery").

use std::time::Duration;

use crate::settings::AppSettings;

/// What the system says now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// `None` where there is no battery, or it cannot be told.
    pub on_battery: Option<bool>,
    /// Time since the last keyboard or mouse input; `None` where it cannot be told.
    pub idle: Option<Duration>,
    /// Local time of day, in minutes since midnight.
    pub minute_of_day: u16,
}

/// Why every job should wait now, `None` when they may compute. The first rule that
/// holds says why.
pub fn hold_reason(settings: &AppSettings, facts: &Facts) -> Option<String> {
    if settings.pause_on_battery && facts.on_battery == Some(true) {
        return Some("on battery; jobs go on when the computer is plugged in".into());
    }
    let in_use = Duration::from_secs(u64::from(settings.in_use_minutes) * 60);
    if settings.pause_while_in_use && facts.idle.is_some_and(|idle| idle < in_use) {
        return Some(format!(
            "someone is using this computer; jobs go on after {} without keyboard or mouse",
            minutes(settings.in_use_minutes)
        ));
    }
    if settings.hours_only
        && let (Some(from), Some(to)) = (
            minute_of_day(&settings.hours_from),
            minute_of_day(&settings.hours_to),
        )
        && !within(facts.minute_of_day, from, to)
    {
        return Some(format!(
            "outside the hours you chose ({} to {})",
            settings.hours_from, settings.hours_to
        ));
    }
    None
}

fn minutes(m: u32) -> String {
    if m == 1 {
        "a minute".into()
    } else {
        format!("{m} minutes")
    }
}

/// Whether `now` is in `from..to` (minutes since midnight); the hours run across
/// midnight when `from` is later than `to`, and all day when they are equal.
pub fn within(now: u16, from: u16, to: u16) -> bool {
    match from.cmp(&to) {
        std::cmp::Ordering::Less => (from..to).contains(&now),
        std::cmp::Ordering::Greater => now >= from || now < to,
        std::cmp::Ordering::Equal => true,
    }
}

/// `"HH:MM"` (24 hours) as minutes since midnight.
pub fn minute_of_day(time: &str) -> Option<u16> {
    let (h, m) = time.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && time.trim().len() <= 5).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> AppSettings {
        AppSettings {
            pause_on_battery: true,
            pause_while_in_use: true,
            in_use_minutes: 5,
            hours_only: true,
            hours_from: "22:00".into(),
            hours_to: "07:00".into(),
            ..AppSettings::default()
        }
    }

    fn night(on_battery: Option<bool>, idle_secs: Option<u64>) -> Facts {
        Facts {
            on_battery,
            idle: idle_secs.map(Duration::from_secs),
            minute_of_day: 23 * 60,
        }
    }

    #[test]
    fn on_battery_holds_until_the_computer_is_plugged_in() {
        let why = hold_reason(&rules(), &night(Some(true), Some(3600))).unwrap();
        assert!(why.starts_with("on battery"), "{why}");
        assert_eq!(hold_reason(&rules(), &night(Some(false), Some(3600))), None);
        // A desktop has no battery: nothing to hold for.
        assert_eq!(hold_reason(&rules(), &night(None, Some(3600))), None);
        let off = AppSettings {
            pause_on_battery: false,
            ..rules()
        };
        assert_eq!(hold_reason(&off, &night(Some(true), Some(3600))), None);
    }

    #[test]
    fn recent_input_holds_until_the_person_has_been_away_long_enough() {
        let why = hold_reason(&rules(), &night(None, Some(30))).unwrap();
        assert!(why.contains("someone is using this computer"), "{why}");
        assert!(why.contains("5 minutes"), "{why}");
        assert!(hold_reason(&rules(), &night(None, Some(5 * 60 - 1))).is_some());
        assert_eq!(hold_reason(&rules(), &night(None, Some(5 * 60))), None);
        // Where idle time cannot be read (Wayland), the rule cannot hold.
        assert_eq!(hold_reason(&rules(), &night(None, None)), None);
    }

    #[test]
    fn outside_the_chosen_hours_jobs_wait() {
        let at = |h: u16, m: u16| Facts {
            minute_of_day: h * 60 + m,
            ..night(None, Some(3600))
        };
        assert_eq!(hold_reason(&rules(), &at(22, 0)), None);
        assert_eq!(hold_reason(&rules(), &at(3, 30)), None);
        let why = hold_reason(&rules(), &at(7, 0)).unwrap();
        assert_eq!(why, "outside the hours you chose (22:00 to 07:00)");
        assert!(hold_reason(&rules(), &at(12, 0)).is_some());
        let day = AppSettings {
            hours_from: "09:00".into(),
            hours_to: "17:30".into(),
            ..rules()
        };
        assert_eq!(hold_reason(&day, &at(17, 29)), None);
        assert!(hold_reason(&day, &at(17, 30)).is_some());
    }

    #[test]
    fn the_first_rule_that_holds_says_why() {
        let why = hold_reason(
            &rules(),
            &Facts {
                on_battery: Some(true),
                idle: Some(Duration::ZERO),
                minute_of_day: 12 * 60,
            },
        );
        assert!(why.unwrap().starts_with("on battery"));
        assert_eq!(
            hold_reason(&AppSettings::default(), &night(Some(false), Some(0))),
            None
        );
    }

    #[test]
    fn times_are_hours_and_minutes() {
        assert_eq!(minute_of_day("00:00"), Some(0));
        assert_eq!(minute_of_day("7:05"), Some(425));
        assert_eq!(minute_of_day("23:59"), Some(1439));
        for bad in ["24:00", "12:60", "noon", "12", "", "12:00:00", "-1:00"] {
            assert_eq!(minute_of_day(bad), None, "{bad}");
        }
        assert!(within(5, 5, 5), "equal bounds: all day");
    }
}
