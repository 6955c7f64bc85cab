#!/usr/bin/env bash
# Second device run: the final pos (main's qualification merged), the release build
# script on one architecture, and the N = 8192 job through unpatched gpu-post with the
# default processors. Results under $OUT.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export PATH=/usr/local/cuda/bin:$PATH
mkdir -p /tmp/rs && tar xzf "$here/kit/gpu-post-a98c0ae.tar.gz" -C /tmp/rs
( cd "$here/tree" && GPU_POST_ARCHS=90 timeout 300 bash scripts/build-gpu-post-release.sh --source /tmp/rs/gpu-post \
    >"$OUT/release-script.txt" 2>&1; echo "release script rc=$?" >>"$OUT/release-script.txt"
  ls -la resources >>"$OUT/release-script.txt"; cat resources/GPU-POST-SOURCE.txt >>"$OUT/release-script.txt" ) &
nvcc --list-gpu-code >"$OUT/nvcc-list-gpu-code.txt" 2>&1
OUT=$OUT bash "$here/device-check.sh" "$here" "1" >"$OUT/log1.txt" 2>&1
wait
OUT=$OUT bash "$here/device-check.sh" "$here" "2 5 6" >"$OUT/log2.txt" 2>&1
mkdir -p "$OUT/release-lib"
PLIB=$here/tree/resources/libgpu-setup.so OUT=$OUT/release-lib bash "$here/device-check.sh" "$here" "5" >"$OUT/log3.txt" 2>&1
echo "== summary"; cat "$OUT/summary.txt"
echo "== with the library from scripts/build-gpu-post-release.sh as the patched one"; cat "$OUT/release-lib/summary.txt"
echo "== release script"; tail -12 "$OUT/release-script.txt"
echo "== nvcc --list-gpu-code"; tr '\n' ' ' <"$OUT/nvcc-list-gpu-code.txt"
