#!/usr/bin/env bash
# End-to-end tests of the built app (target/debug/pos-desktop) in the real webview,
# under a virtual display and a private D-Bus session. Screenshots: e2e/artifacts/.
# Arguments: test files to run instead of e2e/app.test.mjs, journeys.test.mjs and screens.test.mjs
# (scripts/installed-smoke.sh), with node --test options before them if wanted
# (--test-name-pattern=...). app.test.mjs empties e2e/artifacts/ first, so it runs first.
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(e2e/app.test.mjs e2e/journeys.test.mjs e2e/screens.test.mjs); fi
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session -- node --test --test-concurrency=1 "${args[@]}"
