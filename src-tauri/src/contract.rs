//! The contract between this crate and the window, checked: every command registered in
//! `tauri::generate_handler!` (lib.rs) has a typed caller in `ui/src/platform/api.ts`
//! and the other way round, and every event this crate emits (the constants of
//! events.rs) is listened for in `ui/src/platform/events.ts` and the other way round.
//! The argument and payload types come from ts-rs (bindings.rs); this check catches a
//! command or event that exists on one side only, which TypeScript cannot see.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn read(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The text between `open` and the first `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text
        .find(open)
        .unwrap_or_else(|| panic!("{open:?} not found"))
        + open.len();
    let end = text[start..]
        .find(close)
        .unwrap_or_else(|| panic!("{close:?} not found after {open:?}"));
    &text[start..start + end]
}

/// Every `"name"` right after `prefix` in `text` (`call("pause_job"` gives `pause_job`).
fn quoted_after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .filter_map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            let name = rest.strip_prefix('"')?;
            Some(name[..name.find('"')?].to_owned())
        })
        .collect()
}

/// The keys of a TypeScript interface `interface NAME { key: ...; }`, quoted or not,
/// one per line (as prettier writes them).
fn interface_keys(ts: &str, name: &str) -> BTreeSet<String> {
    let body = between(ts, &format!("interface {name} {{"), "\n}");
    body.lines()
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| {
            let key = line.trim().split(':').next()?;
            let key = if key.starts_with('"') {
                // "jobs://added": the colon split cut the quoted name.
                line.trim().strip_prefix('"')?.split('"').next()?
            } else {
                key
            };
            // A name (`pause_job`, `jobs://added`), not a closing brace or a comment.
            let is_name = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '/'))
                && !key.starts_with('/');
            is_name.then(|| key.to_owned())
        })
        .collect()
}

fn registered_commands() -> BTreeSet<String> {
    let lib = read("src/lib.rs");
    between(&lib, "tauri::generate_handler![", "]")
        .split(',')
        .map(|entry| entry.trim())
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.rsplit("::").next().unwrap_or(entry).to_owned())
        .collect()
}

/// `name -> "jobs://..."` of every event constant of events.rs and repair.rs.
fn emitted_events() -> Vec<(String, String)> {
    ["src/events.rs", "src/repair.rs"]
        .map(read)
        .concat()
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("pub const ")?;
            let (name, value) = rest.split_once(": &str = \"")?;
            let value = value.strip_suffix("\";")?;
            value
                .contains("://")
                .then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
}

fn one_side_only(left: &BTreeSet<String>, right: &BTreeSet<String>) -> Vec<String> {
    left.difference(right).cloned().collect()
}

#[test]
fn every_command_has_a_caller_and_every_caller_a_command() {
    let registered = registered_commands();
    let api = read("../ui/src/platform/api.ts");
    let typed = interface_keys(&api, "CommandMap");
    let called = quoted_after(&api, "call(");
    assert!(
        registered.len() > 10,
        "parsed too few commands: {registered:?}"
    );
    assert_eq!(
        one_side_only(&registered, &typed),
        Vec::<String>::new(),
        "registered in lib.rs but missing from CommandMap in ui/src/platform/api.ts"
    );
    assert_eq!(
        one_side_only(&typed, &registered),
        Vec::<String>::new(),
        "in CommandMap of ui/src/platform/api.ts but not registered in lib.rs"
    );
    assert_eq!(
        one_side_only(&typed, &called),
        Vec::<String>::new(),
        "in CommandMap but no function of api.ts calls it"
    );
}

#[test]
fn every_event_is_listened_for_and_every_listener_has_a_sender() {
    let events = emitted_events();
    let sources: String = [
        "src/events.rs",
        "src/lib.rs",
        "src/commands.rs",
        "src/repair.rs",
        "src/tray.rs",
    ]
    .iter()
    .map(|f| read(f))
    .collect();
    let never_sent: Vec<&str> = events
        .iter()
        .filter(|(name, _)| !sources.contains(&format!("emit({name},")))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(
        never_sent.is_empty(),
        "event constants that nothing emits: {never_sent:?}"
    );
    let emitted: BTreeSet<String> = events.into_iter().map(|(_, value)| value).collect();
    let ts = read("../ui/src/platform/events.ts");
    let typed = interface_keys(&ts, "EventMap");
    let subscribed = quoted_after(&ts, "subscribe(");
    assert!(emitted.len() >= 5, "parsed too few events: {emitted:?}");
    assert_eq!(
        one_side_only(&emitted, &typed),
        Vec::<String>::new(),
        "emitted by events.rs but missing from EventMap in ui/src/platform/events.ts"
    );
    assert_eq!(
        one_side_only(&typed, &emitted),
        Vec::<String>::new(),
        "listened for in ui/src/platform/events.ts but never emitted"
    );
    assert_eq!(
        one_side_only(&typed, &subscribed),
        Vec::<String>::new(),
        "in EventMap but no function of events.ts subscribes to it"
    );
}

#[test]
fn the_parsers_read_what_they_are_meant_to() {
    let ts = "interface M {\n  a: { args: X };\n  \"x://y\": P;\n  /** doc */\n  b_c: {\n    args: Q;\n  };\n}\n";
    assert_eq!(
        interface_keys(ts, "M"),
        ["a", "b_c", "x://y"].map(String::from).into()
    );
    assert_eq!(
        quoted_after("call(\"one\", {}); call(\"two\", x)", "call("),
        ["one", "two"].map(String::from).into()
    );
}
