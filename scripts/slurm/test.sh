#!/usr/bin/env bash
# A job split over a real Slurm cluster, as deploy/slurm/README.md tells people to do
# it: a single-node cluster on this machine (scripts/slurm/cluster.sh), `pos job
# create`, deploy/slurm/pos-shards.sbatch submitted as a 4-task array, then `pos job
# status` says complete, `pos job verify --fraction 1` passes and the files are
# `pos compute`'s bytes. Then one shard submitted again on its own (POS_SHARDS) ends at
# once, its files being complete. Needs root and the packages setup.sh installs.
#
#   bash scripts/slurm/test.sh [POS]      # POS: the pos binary (target/debug/pos)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
pos=$(realpath "${1:-target/debug/pos}")
work=$(mktemp -d /tmp/pos-slurm.XXXXXX)
cluster=$work/c
cleanup() {
  bash scripts/slurm/cluster.sh stop "$cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$cluster" "$work/logs"
started=$(date +%s)
eval "$(bash scripts/slurm/cluster.sh start "$cluster")"

id=$(printf '5a%.0s' {1..32})
salt=$(printf '0f%.0s' {1..32})
job=$work/job
# 8 files of 4 KiB at N = 1024: 2 per shard.
"$pos" job create "$job" --id "$id" --salt "$salt" --n 1024 --bits 8 --labels 30000 \
  --max-file-size 4KiB >/dev/null

show_logs() {
  for f in "$work"/logs/*.out; do echo "--- $f"; cat "$f"; done >&2
}
submit() {
  (cd "$work/logs" && sbatch --wait --quiet "$@" "$root/deploy/slurm/pos-shards.sbatch") ||
    { echo "slurm test: sbatch $* failed; the tasks' logs:" >&2; show_logs; exit 1; }
}
submit --array=0-3 --export="ALL,POS_JOB_DIR=$job,POS_BIN=$pos"

# Every file complete, each written by the shard that owns it.
"$pos" job status "$job" --json | python3 -c '
import json, sys
status = json.load(sys.stdin)
assert status["complete"], status
for i, f in enumerate(status["files"]):
    assert f["state"] == "complete", f
    assert f["writer"]["shard"] == f"{i % 4}/4", f
print("slurm test:", len(status["files"]), "files complete, each by its shard")'
for i in 0 1 2 3; do
  grep -q "shard $i/4 completed" "$work"/logs/pos-shards-*_"$i".out ||
    { echo "slurm test: task $i did not say its shard completed" >&2; show_logs; exit 1; }
done

"$pos" job verify "$job" --fraction 1
"$pos" compute --id "$id" --salt "$salt" --n 1024 --bits 8 --count 30000 --out "$work/expected.bin"
for i in $(seq 0 7); do cat "$job/postdata_$i.bin"; done | cmp - "$work/expected.bin"

# One shard of the 4 again, on its own: nothing left to do, it ends at once.
rm -f "$work"/logs/*.out
submit --array=2 --export="ALL,POS_JOB_DIR=$job,POS_BIN=$pos,POS_SHARDS=4"
grep -q "shard 2/4 completed" "$work"/logs/pos-shards-*_2.out || { show_logs; exit 1; }

echo "slurm test: a 4-shard job array on a single-node cluster, verified, in $(( $(date +%s) - started )) s"
