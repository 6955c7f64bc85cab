#!/usr/bin/env bash
# Checks the Kubernetes manifest against the Kubernetes API's schema, strictly (an unknown
# or misspelled field is an error), with kubernetes-validate: pinned in
# scripts/lint-requirements.txt, installed into .venv by scripts/setup.sh. `npm test` runs
# it through scripts/kubernetes-manifest.test.mjs.
#
#   deploy/kubernetes/validate.sh [KUBERNETES_VALIDATE] [MANIFEST...]
#
# KUBERNETES_VALIDATE: the validator (default: .venv/bin/kubernetes-validate of this
# repository); MANIFEST: the files to check (default: pos-shards.yaml beside this script).
#
# Two things the schema alone lets through: it has no enums, so a wrong value such as
# `completionMode: Indexd` passes (the test checks the manifest's values itself), and
# kubernetes-validate only warns, with exit status 0, about an object whose kind or
# apiVersion it has no schema for: that fails here.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
validator=${1:-$here/../../.venv/bin/kubernetes-validate}
if [ $# -gt 0 ]; then shift; fi
if [ $# -eq 0 ]; then set -- "$here/pos-shards.yaml"; fi

if [ ! -x "$validator" ]; then
  echo "validate.sh: no kubernetes-validate at $validator (scripts/setup.sh installs it into .venv)" >&2
  exit 1
fi

# 1.37.0 is the newest Kubernetes whose schema kubernetes-validate 1.37.0 carries; 1.34.0
# is the oldest that deploy/kubernetes/README.md asks for (every Job field used is stable).
# The options go first: the validator takes everything after the first file name as files.
status=0
output=$("$validator" --strict --kubernetes-version 1.34.0 --kubernetes-version 1.37.0 "$@") || status=$?
printf '%s\n' "$output"
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
if grep -q '^WARN' <<<"$output"; then
  echo "validate.sh: an object above was not checked (no schema for its kind or apiVersion)" >&2
  exit 1
fi
