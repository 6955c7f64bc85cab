#!/usr/bin/env bash
# Cargo's runner for tests built for x86_64-pc-windows-gnu: runs one test binary under Wine.
#
# Wine 8 has an exit race: when the test harness returns after `test result: ok.`, Wine ends
# the process's other threads with SIGQUIT, and now and then one of them takes the signal
# before Wine's handler is in place, so the whole process is reported as killed by SIGQUIT
# (exit status 131) although every test passed. Seen on pos-engine's queue tests in about half
# the runs with threads of finished jobs still unwinding; never with one test thread.
# Only that case is let through: a test that fails prints `test result: FAILED.` and keeps
# its failure, and any other exit status is passed on unchanged.
set -uo pipefail
wine=${POS_WINE:-/usr/lib/wine/wine64}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$wine" "$@" | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 131 ] && grep 'test result:' "$log" | tail -n 1 | grep -q '^test result: ok\.'; then
  echo "note: Wine ended $(basename "$1") with SIGQUIT after every test passed (Wine's exit race, scripts/wine/run-test.sh): counted as passed" >&2
  exit 0
fi
exit "$rc"
