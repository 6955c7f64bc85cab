#!/usr/bin/env bash
# End-to-end tests of the built app (target/debug/pos-desktop) in the real webview,
# under a virtual display and a private D-Bus session. Screenshots: e2e/artifacts/.
# Arguments: test files to run instead of e2e/app.test.mjs (scripts/installed-smoke.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  dbus-run-session -- node --test --test-concurrency=1 "${@:-e2e/app.test.mjs}"
