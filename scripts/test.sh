#!/usr/bin/env bash
# Every test of the project, each build once: UI checks and unit tests, formatting,
# lints, the Rust workspace (which also regenerates the UI's TypeScript types), a job
# split over a real Slurm cluster, the Kubernetes manifest against its schema, the
# platform guards, the NEON kernel on emulated aarch64, end-to-end tests of the real
# app in WebKit's webview, and the .deb installed, driven and removed. `npm test` runs
# this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# CI builds once from a fresh clone: incremental-compilation data (as large as the build
# itself) would never be reused there and only fills the disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "one version everywhere; the release scripts, bundle configuration and workflows"
node scripts/check-versions.mjs
node --test scripts/
# actionlint checks the workflows' syntax, expressions and, through shellcheck, their scripts.
command -v shellcheck >/dev/null || { echo "shellcheck is missing (scripts/setup.sh installs it)" >&2; exit 1; }
.venv/bin/actionlint -shellcheck "$(command -v shellcheck)"

step "UI: lint, types, unit tests, build"
npm run --silent ui:lint
npm run --silent ui:test
# The app embeds ui/dist at compile time, so it is built before any cargo command.
npm run --silent ui:build

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "the real gpu-post, built from ../shared/gpu-post without CUDA (its CPU provider), for the engine's tests"
# The pinned archive and gpu-post/patches/ must still fit together; the engine's gpu-post
# tests (crates/pos-engine/tests/gpu_post_behaviours.rs) then run through its C API too.
POS_GPU_POST_REAL_LIB=$(bash scripts/build-gpu-post-cpu.sh)
export POS_GPU_POST_REAL_LIB POS_GPU_POST_REAL_LIB_REQUIRED=1

step "Rust tests"
# The OpenCL kernel's tests run on PoCL (setup.sh installs it); without an OpenCL device
# they would skip, so here they must find one.
POS_OPENCL_REQUIRE=1 cargo test --workspace --locked --no-fail-fast

step "the gRPC API from an old client in Python (grpcio from .venv), and remote mode's TLS"
cargo build -p pos-cli --locked
.venv/bin/python crates/pos-grpc/tests/python/old_client.py --pos target/debug/pos
.venv/bin/python crates/pos-grpc/tests/python/tls_client.py --pos target/debug/pos

step "one job split over a single-node Slurm cluster (deploy/slurm, scripts/slurm/test.sh)"
bash scripts/slurm/test.sh target/debug/pos

step "generated TypeScript types are committed"
if ! git diff --exit-code --stat -- ui/src/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/bindings)" ]; then
  echo "ui/src/bindings is stale: commit what cargo test -p pos-desktop generated" >&2
  exit 1
fi

step "builds for Windows and macOS (cargo check)"
cargo check --workspace --locked --target x86_64-pc-windows-msvc
# DOCS_RS: build scripts that compile Objective-C against the macOS SDK skip it, as on
# docs.rs; the Rust code is still type-checked for the target.
DOCS_RS=1 cargo check --workspace --locked --target aarch64-apple-darwin

step "pos-labels on aarch64 (NEON kernel, under qemu)"
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
  cargo test -p pos-labels --locked --target aarch64-unknown-linux-gnu

step "Windows code paths under Wine: the engine's, pos's and the gRPC API's tests for x86_64-pc-windows-gnu"
# What Wine cannot run is ignored with its reason (docs/ARCHITECTURE.md lists them). Wine 8
# (Debian 12) lacks bcryptprimitives.dll, which Rust's std imports: the prefix of our own
# gets a stand-in (scripts/wine/bcryptprimitives.c). The fake gpu-post is built as a DLL
# here, since the tests cannot run cargo from inside Wine.
(
  # The real gpu-post above is a Linux library: its tests run on Linux only.
  unset POS_GPU_POST_REAL_LIB POS_GPU_POST_REAL_LIB_REQUIRED
  export WINEPREFIX="$PWD/target/wine-prefix" WINEDEBUG=-all
  wine=/usr/lib/wine/wine64 prng="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
  if [ ! -f "$prng" ]; then
    mkdir -p "$WINEPREFIX"
    "$wine" cmd /c exit >/dev/null 2>&1 || true
    /usr/lib/wine/wineserver -w
    x86_64-w64-mingw32-gcc -O2 -shared -o "$prng" scripts/wine/bcryptprimitives.c -ladvapi32
  fi
  cargo build --locked --target x86_64-pc-windows-gnu --manifest-path crates/gpu-post-fake/Cargo.toml \
    --lib --example gpu_post_partial
  win="$PWD/target/x86_64-pc-windows-gnu/debug"
  # Windows paths (Wine's Z: is /): the engine loads gpu-post only from a full path, and
  # /work/... has no drive letter there.
  POS_TEST_FAKE_LIBRARY="Z:$win/gpu_setup.dll" \
  POS_TEST_PARTIAL_LIBRARY="Z:$win/examples/gpu_post_partial.dll" \
  POS_WINE="$wine" CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$PWD/scripts/wine/run-test.sh" \
    cargo test -p pos-engine -p pos-cli -p pos-grpc --locked --target x86_64-pc-windows-gnu \
      --no-fail-fast
  /usr/lib/wine/wineserver -k || true
)

step "end-to-end: the real app in WebKit's webview (tauri-driver, Xvfb)"
# Links the app binary from what the test build compiled; `pos` came with cargo test, and
# the fake gpu-post library (the graphics card of e2e/journeys.test.mjs) with the engine's
# tests, by this same command (gpu-post-fake/testing/build_fake.rs), so it is not built
# again: with -p gpu-post-fake beside pos-desktop, cargo would link it once more, against
# the dependencies' features unified with the app's.
cargo build -p pos-desktop --locked
cargo build --locked --lib --example gpu_post_partial --manifest-path crates/gpu-post-fake/Cargo.toml
# e2e/app.test.mjs, then e2e/journeys.test.mjs and e2e/screens.test.mjs.
bash scripts/e2e.sh

step "installers: .deb and .rpm (npm run build: the app's release build)"
# ui/dist was built above: drop tauri's beforeBuildCommand (npm run ui:build) so the UI is
# built once per run, not twice.
npm run --silent build -- --config '{"build":{"beforeBuildCommand":null}}'

step "the installed .deb: apt install, end-to-end smoke test, apt remove keeps the data"
bash scripts/installed-smoke.sh
