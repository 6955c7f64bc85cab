#!/usr/bin/env bash
# Builds gpu-post with CUDA for a release, from its source at the commit pinned in
# gpu-post/pin.env, with this project's patches (gpu-post/patches/, the large-N fix),
# and puts into resources/ what the installer bundles: the library, gpu-post's LICENSE
# and GPU-POST-SOURCE.txt (where the exact source is). Linux and Windows (Git Bash on
# a GitHub runner, MSVC); needs git, cmake and the CUDA toolkit's nvcc on PATH.
# macOS is left out: gpu-post has no GPU path there (CUDA is not on macOS and its
# Vulkan path needs MoltenVK, which this project does not ship).
#
# Device code: SASS for every real architecture this nvcc lists (nvcc --list-gpu-code),
# plus PTX of the newest, so that GPUs newer than the toolkit still run it (the driver
# compiles the PTX).
#
#   bash scripts/build-gpu-post-release.sh [--source DIR]   (DIR: an unpacked checkout)
#   GPU_POST_ARCHS="90" ...   only these architectures (a quick check of this script)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../gpu-post/pin.env
source gpu-post/pin.env
log() { echo "build-gpu-post-release: $*" >&2; }

work=target/gpu-post-release
source_dir=$work/gpu-post
if [ "${1:-}" = --source ]; then
  rm -rf "$work" && mkdir -p "$work" && cp -R "$2" "$source_dir"
else
  rm -rf "$work" && mkdir -p "$work"
  git init -q "$source_dir"
  git -C "$source_dir" fetch -q --depth 1 "$GPU_POST_REPOSITORY" "$GPU_POST_COMMIT"
  git -C "$source_dir" checkout -q FETCH_HEAD
  got=$(git -C "$source_dir" rev-parse HEAD)
  [ "$got" = "$GPU_POST_COMMIT" ] || { log "fetched $got, not $GPU_POST_COMMIT"; exit 1; }
fi
for p in gpu-post/patches/*.patch; do
  patch -s -p1 -d "$source_dir" <"$p" || { log "$p does not apply"; exit 1; }
done

command -v nvcc >/dev/null || { log "nvcc is not on PATH: install the CUDA toolkit"; exit 1; }
nvcc --version | tail -n 2 >&2
# Real architectures only (sm_90a and the like are not forward compatible), ascending.
if [ -n "${GPU_POST_ARCHS:-}" ]; then
  read -r -a archs <<<"$GPU_POST_ARCHS"
else
  mapfile -t archs < <(nvcc --list-gpu-code | tr -d '\r' | sed -n 's/^sm_\([0-9]*\)$/\1/p' | sort -n | uniq)
fi
[ ${#archs[@]} -gt 0 ] || { log "nvcc --list-gpu-code listed no architecture"; exit 1; }
newest=${archs[-1]}
# gpu-post's CMakeLists adds the gencode for COMPUTE itself; every other architecture
# and the PTX come in through CUDA_NVCC_FLAGS.
flags=""
for a in "${archs[@]}"; do
  [ "$a" = "$newest" ] || flags+="-gencode arch=compute_$a,code=sm_$a;"
done
flags+="-gencode arch=compute_$newest,code=compute_$newest"
log "architectures: ${archs[*]} (SASS), PTX of compute_$newest"

generator=()
if [ "${OS:-}" = Windows_NT ]; then generator=(-G "Visual Studio 17 2022" -A x64); fi
cmake -S "$source_dir" -B "$work/build" "${generator[@]}" -DSPACEMESHCUDA=ON -DSPACEMESHVULKAN=OFF \
  -DCOMPUTE="$newest" "-DCUDA_NVCC_FLAGS=$flags" \
  -DCMAKE_POLICY_VERSION_MINIMUM=3.5 -DCMAKE_BUILD_TYPE=Release
cmake --build "$work/build" --config Release --target gpu-setup --parallel

if [ "${OS:-}" = Windows_NT ]; then
  library=$(find "$work/build/src" -name gpu-setup.dll | head -n 1)
else
  library=$work/build/src/libgpu-setup.so
fi
[ -f "$library" ] || { log "the build made no library"; exit 1; }
mkdir -p resources
cp "$library" resources/
cp "$source_dir/LICENSE" resources/GPU-POST-LICENSE.txt
{
  echo "gpu-post, the GPU library this app uses, is free software under the GNU General"
  echo "Public License version 3 (GPU-POST-LICENSE.txt beside this file)."
  echo
  echo "This copy was built from:"
  echo "  source:  $GPU_POST_REPOSITORY, commit $GPU_POST_COMMIT"
  echo "  changes: the patch files in gpu-post/patches/ of the PoS Desktop source, at the"
  echo "           release's tag (${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-<this project>}),"
  for p in gpu-post/patches/*.patch; do echo "           $(basename "$p")"; done
  echo "  built:   scripts/build-gpu-post-release.sh of that source, CUDA $(nvcc --version | sed -n 's/.*release \([0-9.]*\).*/\1/p'),"
  echo "           SASS for sm_${archs[*]// /, sm_} and PTX for compute_$newest"
} >resources/GPU-POST-SOURCE.txt
log "resources/$(basename "$library"), GPU-POST-LICENSE.txt, GPU-POST-SOURCE.txt"
