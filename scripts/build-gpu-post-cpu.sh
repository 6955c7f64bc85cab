#!/usr/bin/env bash
# Builds the real gpu-post without CUDA or Vulkan (its scalar CPU provider only) from
# the source archive in ../shared/gpu-post, with this project's patches applied (so
# they are checked against the pinned source on every run), into target/gpu-post-cpu/.
# Prints the library's path on stdout; everything else goes to stderr. A build of the
# same archive and patches is reused. Needs cmake, make and a C/C++ compiler.
#
#   POS_GPU_POST_REAL_LIB=$(bash scripts/build-gpu-post-cpu.sh)
#   GPU_POST_ARCHIVE=/elsewhere/gpu-post-a98c0ae.tar.gz bash scripts/build-gpu-post-cpu.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../gpu-post/pin.env
source gpu-post/pin.env
archive=${GPU_POST_ARCHIVE:-../shared/gpu-post/gpu-post-${GPU_POST_COMMIT:0:7}.tar.gz}
out=target/gpu-post-cpu
lib=$out/build/src/libgpu-setup.so
log() { echo "build-gpu-post-cpu: $*" >&2; }

[ -f "$archive" ] || { log "no gpu-post source at $archive (set GPU_POST_ARCHIVE)"; exit 1; }
have=$(sha256sum "$archive" | cut -d' ' -f1)
if [ "$have" != "$GPU_POST_ARCHIVE_SHA256" ]; then
  log "$archive has SHA-256 $have, not the pinned $GPU_POST_ARCHIVE_SHA256 (gpu-post/pin.env)"
  exit 1
fi
stamp=$(cat gpu-post/pin.env gpu-post/patches/*.patch | sha256sum | cut -d' ' -f1)
if [ -f "$lib" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$PWD/$lib"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out"
tar xzf "$archive" -C "$out"
for p in gpu-post/patches/*.patch; do
  patch -s -p1 -d "$out/gpu-post" <"$p" || { log "$p does not apply to gpu-post $GPU_POST_COMMIT"; exit 1; }
done
cmake -S "$out/gpu-post" -B "$out/build" -DSPACEMESHCUDA=OFF -DSPACEMESHVULKAN=OFF \
  -DCMAKE_POLICY_VERSION_MINIMUM=3.5 -DCMAKE_BUILD_TYPE=Release >"$out/cmake.log" 2>&1 \
  || { tail -30 "$out/cmake.log" >&2; exit 1; }
make -C "$out/build" -j"$(nproc)" gpu-setup >"$out/make.log" 2>&1 || { tail -40 "$out/make.log" >&2; exit 1; }
echo "$stamp" >"$out/stamp"
log "built $lib (CPU provider only)"
echo "$PWD/$lib"
