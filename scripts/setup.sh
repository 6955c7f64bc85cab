#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian/Ubuntu machine, and
# nothing that is already there. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

if ! command -v cargo >/dev/null; then
  log "Rust is missing: install it from https://rustup.rs and run this again"; exit 1
fi

# Formatting and lints, and the targets whose code must keep compiling: Windows and
# macOS (cargo check), aarch64 Linux (the NEON kernel runs under qemu in tests) and
# Windows with the GNU toolchain (the engine's tests run under Wine).
if command -v rustup >/dev/null; then
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
  want=(x86_64-pc-windows-msvc aarch64-apple-darwin aarch64-unknown-linux-gnu x86_64-pc-windows-gnu)
  have=$(rustup target list --installed)
  for t in "${want[@]}"; do
    grep -qx "$t" <<<"$have" || { log "adding Rust target $t"; rustup target add "$t"; }
  done
fi

# System packages (Debian names): the Tauri/WebKitGTK build (and libXss, through which
# the app reads how long the person has been away: the pause rules), a headless display and
# WebKit's WebDriver for the end-to-end tests, dunst (a real notification daemon), and
# qemu with an aarch64 linker for the NEON kernel, Python with venv for the gRPC
# client test, PoCL (a CPU OpenCL driver) with the ICD loader for the OpenCL kernel's
# tests, cmake and patch to build the real gpu-post (its CPU provider) for the
# engine's tests, shellcheck, which actionlint runs on the workflows' scripts, dosfstools
# with fusefat for a job on a real FAT32 image (crates/pos-cli/tests/fat32.rs), Wine
# with a MinGW compiler for the engine's Windows code, and Slurm with munge for a job
# split over a single-node cluster (scripts/slurm/test.sh).
if command -v apt-get >/dev/null; then
  pkgs=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev libxss-dev
    libayatana-appindicator3-dev librsvg2-dev patchelf xdg-utils pkg-config
    xvfb xauth webkit2gtk-driver dbus dbus-x11 at-spi2-core imagemagick dunst python3-dbus python3-gi
    qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
    python3 python3-venv
    pocl-opencl-icd ocl-icd-libopencl1 clinfo cmake patch
    shellcheck
    fusefat dosfstools
    wine64 gcc-mingw-w64-x86-64
    slurmctld slurmd slurm-client munge)
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
# tauri-driver bridges WebDriver clients to WebKitWebDriver for end-to-end tests.
if ! command -v tauri-driver >/dev/null; then
  log "installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi

# Node packages, exactly as locked.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing node packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
# Python packages in .venv, pinned: grpcio for the old-client test of the gRPC API,
# actionlint for the workflows and kubernetes-validate for deploy/kubernetes
# (scripts/test.sh).
py_reqs=(crates/pos-grpc/tests/python/requirements.txt scripts/lint-requirements.txt)
if ! cat "${py_reqs[@]}" | cmp -s - .venv/requirements.txt 2>/dev/null; then
  log "installing Python packages (gRPC client test, actionlint, kubernetes-validate) into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "${py_reqs[@]/#/--requirement=}"
  cat "${py_reqs[@]}" > .venv/requirements.txt
fi
log "ready"
