//! The TypeScript types of the UI (`ui/src/bindings/`), generated from the Rust types
//! with ts-rs. `cargo test -p pos-desktop` rewrites the whole folder (so a type deleted
//! from Rust disappears there too) and its `index.ts`; CI fails when the committed files
//! differ (scripts/test.sh runs `git diff --exit-code ui/src/bindings`).

use std::path::PathBuf;

use ts_rs::{Config, TS};

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings")
}

#[test]
fn export_typescript_bindings() {
    // JSON numbers: counts and positions stay far below 2^53 in practice.
    let dir = out_dir();
    for entry in std::fs::read_dir(&dir).expect("the bindings folder exists") {
        let path = entry.expect("the folder lists").path();
        if path.extension().is_some_and(|e| e == "ts") {
            std::fs::remove_file(&path).expect("old bindings can be removed");
        }
    }
    let cfg = Config::new().with_large_int("number").with_out_dir(&dir);
    macro_rules! export {
        ($($t:ty),* $(,)?) => {$(
            <$t as TS>::export_all(&cfg).unwrap_or_else(|e| panic!("exporting {}: {e}", stringify!($t)));
        )*};
    }
    export!(
        crate::error::CommandError,
        crate::settings::AppSettings,
        crate::system::SystemInfo,
        crate::system::FolderInfo,
        crate::state::ProvidersView,
        crate::events::JobProgress,
        crate::events::JobPayload,
        crate::events::JobRemovedPayload,
        crate::events::QueueOrderPayload,
        crate::events::JobListNotSavedPayload,
        crate::updater::UpdateStatus,
        crate::updater::UpdateCheck,
        pos_engine::JobRequest,
        pos_engine::JobStatus,
        pos_engine::provider::BenchResult,
        pos_engine::data_dir::VerifyReport,
    );
    write_index(&dir);
}

/// `index.ts`: every generated type, so that the UI imports them from one place.
fn write_index(dir: &std::path::Path) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the bindings folder exists")
        .map(|e| e.expect("the folder lists").path())
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_owned()))
        .filter(|name| name != "index")
        .collect();
    names.sort();
    let mut index = String::from(
        "// Generated with the types beside it by `cargo test -p pos-desktop`; do not edit.\n",
    );
    for name in names {
        index.push_str(&format!("export type {{ {name} }} from \"./{name}\";\n"));
    }
    std::fs::write(dir.join("index.ts"), index).expect("index.ts can be written");
}
