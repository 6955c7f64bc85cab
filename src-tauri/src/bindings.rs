//! The TypeScript types of the UI (`ui/src/bindings/`), generated from the Rust types
//! with ts-rs. `cargo test -p pos-desktop` rewrites them; CI fails when the committed
//! files differ (scripts/test.sh runs `git diff --exit-code ui/src/bindings`).

use std::path::PathBuf;

use ts_rs::{Config, TS};

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings")
}

#[test]
fn export_typescript_bindings() {
    // JSON numbers: counts and positions stay far below 2^53 in practice.
    let cfg = Config::new()
        .with_large_int("number")
        .with_out_dir(out_dir());
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
        crate::updater::UpdateStatus,
        crate::updater::UpdateCheck,
        pos_engine::JobRequest,
        pos_engine::JobStatus,
        pos_engine::provider::BenchResult,
        pos_engine::data_dir::VerifyReport,
    );
}
