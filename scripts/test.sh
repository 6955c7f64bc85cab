#!/usr/bin/env bash
# Every test of the project: formatting, lints, the Rust workspace, the platform
# guards, and the NEON kernel on emulated aarch64. `npm test` runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "the gRPC API from an old client in Python (grpcio from .venv)"
cargo build -p pos-cli --locked
.venv/bin/python crates/pos-grpc/tests/python/old_client.py --pos target/debug/pos

step "builds for Windows and macOS (cargo check)"
for target in x86_64-pc-windows-msvc aarch64-apple-darwin; do
  cargo check --workspace --locked --target "$target"
done

step "pos-labels on aarch64 (NEON kernel, under qemu)"
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu" \
  cargo test -p pos-labels --locked --target aarch64-unknown-linux-gnu
