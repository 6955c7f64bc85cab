#!/usr/bin/env bash
# Checks gpu-post on a GPU machine (the `device`) through this project's `pos`:
#   1. builds gpu-post as ../shared/gpu-post's kit does (unpatched) and once more with
#      gpu-post/patches/ applied;
#   2. PoW jobs at three difficulties on the GPU equal `pos pow` on the CPU (and their
#      data equals `pos compute`);
#   3. `pos job run` at N = 512, 8 bits, 2^28 labels against one raw scryptPositions call;
#   4. labels at N = 512 .. 65536, unpatched and patched, against the CPU (a sample of
#      full 256-bit labels at spread positions of 2^18 computed by the raw driver);
#   5. `pos job run` at N = 8192 through each build, the data checked on the CPU;
#   6. `pos job run` at N = 8192 through the unpatched build with the default processor
#      choice: the engine's qualification must take the GPU off the job before it
#      writes, and the job end correct on another processor.
# Layout (copied by hand, see the report): DIR/pos, DIR/kit/ (a copy of ../shared/gpu-post),
# DIR/patches/*.patch. Writes results under $OUT (default /tmp/gpu-post-check).
#   bash DIR/device-check.sh DIR [steps, default "1 2 3 4 5"]
set -uo pipefail
dir=$(cd "$1" && pwd)
steps=${2:-1 2 3 4 5 6}
out=${OUT:-/tmp/gpu-post-check}
mkdir -p "$out" /tmp/jobs
pos=$dir/pos
id=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
salt=$id
lib=${LIB:-/tmp/g/build/src/libgpu-setup.so}
plib=${PLIB:-/tmp/gp/build/src/libgpu-setup.so}
driver=/tmp/g/scrypt-positions
pdriver=/tmp/gp/scrypt-positions
summary=$out/summary.txt
ONLY_GPU=1 # every job on the GPU alone, except in step 6
say() { echo "$*" | tee -a "$summary"; }
now() { date +%s.%N; }
minus() { awk "BEGIN { printf \"%.2f\", $1 - $2 }"; }
want() { [[ " $steps " == *" $1 "* ]]; }

if want 1; then
  cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -1 | tr -d .)
  ( bash "$dir/kit/build-on-device.sh" /tmp/g >"$out/build-unpatched.txt" 2>&1 ) &
  mkdir -p /tmp/gp && tar xzf "$dir/kit/gpu-post-a98c0ae.tar.gz" -C /tmp/gp
  for p in "$dir"/patches/*.patch; do patch -p1 -d /tmp/gp/gpu-post <"$p" >>"$out/build-patched.txt"; done
  { cmake -S /tmp/gp/gpu-post -B /tmp/gp/build -DSPACEMESHVULKAN=OFF -DCOMPUTE="$cc" \
      -DCMAKE_POLICY_VERSION_MINIMUM=3.5 -DCMAKE_BUILD_TYPE=Release &&
    make -C /tmp/gp/build -j"$(nproc)" gpu-setup &&
    gcc -O2 -I/tmp/gp/gpu-post/include "$dir/kit/scrypt-positions.c" -L/tmp/gp/build/src -lgpu-setup \
      -Wl,-rpath,/tmp/gp/build/src -o "$pdriver"; } >>"$out/build-patched.txt" 2>&1
  wait
  say "builds: unpatched $(test -f $lib && echo ok || echo FAILED), patched $(test -f $plib && echo ok || echo FAILED)"
  nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader | tee -a "$summary"
  "$pos" providers --lib "$lib" | tee "$out/providers.txt"
fi
gpu=$("$pos" providers --lib "$lib" | grep -o 'gpu-post:[0-9]*' | head -1)
raw_id=${gpu#gpu-post:}
say "GPU provider: $gpu"

# A job of COUNT labels at N, BITS, [DIFFICULTY] run on LIBRARY: prints its line.
job() { # name n bits count library [difficulty]
  local d=/tmp/jobs/$1; rm -rf "$d"
  "$pos" job create "$d" --id $id --salt $salt --n "$2" --bits "$3" --labels "$4" \
    ${6:+--difficulty "$6"} >/dev/null || return 1
  local t0; t0=$(now)
  "$pos" job run "$d" --lib "$5" ${ONLY_GPU:+--provider "$gpu"} >"$out/job-$1.txt" 2>&1
  local rc=$?
  echo "$rc $(minus "$(now)" "$t0")"
}
# Whether the job's data equals `pos compute` of the same labels.
data_ok() { # name n bits count
  "$pos" compute --id $id --salt $salt --n "$2" --bits "$3" --count "$4" --out /tmp/jobs/$1.cpu >/dev/null &&
    cat /tmp/jobs/$1/postdata_*.bin 2>/dev/null | cmp -s - /tmp/jobs/$1.cpu && echo same || echo DIFFERENT
}

if want 2; then
  for d in 00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff \
           0000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff \
           000007ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff; do
    read -r rc secs < <(job "pow-${d:0:8}" 512 8 200000 "$lib" "$d")
    got=$("$pos" job status /tmp/jobs/pow-${d:0:8} --json | grep -o '"lowest_solution": *[0-9a-z]*' | grep -o '[0-9a-z]*$')
    cpu=$("$pos" pow --id $id --salt $salt --n 512 --difficulty "$d")
    say "PoW D=${d:0:12}..: job rc $rc ${secs}s, GPU job lowest $got, pos pow (CPU) $cpu, data $(data_ok pow-${d:0:8} 512 8 200000)"
  done
fi

if want 3; then
  read -r rc secs < <(job speed 512 8 268435456 "$lib")
  t0=$(now)
  "$driver" "$raw_id" 512 8 0 268435456 /tmp/jobs/raw-speed.bin 2>"$out/raw-speed.txt"
  raw=$(minus "$(now)" "$t0")
  same=$(cat /tmp/jobs/speed/postdata_*.bin | cmp -s - /tmp/jobs/raw-speed.bin && echo same || echo DIFFERENT)
  say "speed N=512 8 bits 2^28: pos job run rc $rc ${secs}s; one scryptPositions ${raw}s; ratio (raw/job) $(awk "BEGIN { printf \"%.3f\", $raw / $secs }"); bytes $same"
  rm -rf /tmp/jobs/speed /tmp/jobs/raw-speed.bin
fi

if want 4; then
  count=262144
  for build in unpatched patched; do
    drv=$driver; [ $build = patched ] && drv=$pdriver
    for n in 512 1024 2048 4096 8192 16384 32768 65536; do
      t0=$(now)
      "$drv" "$raw_id" "$n" 256 0 $count /tmp/jobs/n.bin 2>>"$out/nsweep-raw.txt"
      secs=$(minus "$(now)" "$t0")
      bad=0; total=0
      for s in 0 9000 30001 65536 100003 150000 200000 262000; do
        "$pos" compute --id $id --salt $salt --n "$n" --bits 256 --start $s --count 16 --out /tmp/jobs/n.cpu >/dev/null
        for k in $(seq 0 15); do
          total=$((total + 1))
          cmp -s <(dd if=/tmp/jobs/n.bin bs=32 skip=$((s + k)) count=1 2>/dev/null) \
                 <(dd if=/tmp/jobs/n.cpu bs=32 skip=$k count=1 2>/dev/null) || bad=$((bad + 1))
        done
      done
      say "labels $build N=$n: $bad of $total sampled labels differ from the CPU (2^18 labels of 256 bits in one call, ${secs}s)"
    done
  done
fi

if want 5; then
  for build in unpatched patched; do
    l=$lib; [ $build = patched ] && l=$plib
    read -r rc secs < <(job "n8192-$build" 8192 8 100000 "$l")
    say "pos job run N=8192 8 bits 100000 labels, $build: rc $rc ${secs}s, data $(data_ok n8192-$build 8192 8 100000); $(tail -1 "$out/job-n8192-$build.txt")"
  done
fi

if want 6; then
  read -r rc secs < <(ONLY_GPU= job n8192-qualified 8192 8 100000 "$lib")
  say "pos job run N=8192 8 bits 100000 labels, unpatched, default processors: rc $rc ${secs}s, data $(data_ok n8192-qualified 8192 8 100000)"
  say "  its output: $(tr '\n' ' ' <"$out/job-n8192-qualified.txt" | tail -c 600)"
fi
