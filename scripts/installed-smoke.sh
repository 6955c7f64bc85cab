#!/usr/bin/env bash
# The app as a person installs it: installs the .deb that `npm run build` made with apt,
# drives the installed binary end to end (e2e/installed.test.mjs, under Xvfb), then removes
# the package and checks that the person's PoS data and settings are still there.
# Needs root for apt (sudo when not root). Screenshots: e2e/artifacts/installed-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1minstalled:\033[0m %s\n' "$*"; }
fail() { printf 'installed: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The package is named after the Linux product name (src-tauri/tauri.linux.conf.json).
package=pos-desktop
version=$(node -p 'require("./package.json").version')
deb="target/release/bundle/deb/${package}_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "$deb is missing: run npm run build"
[ "$(dpkg-deb --field "$deb" Package)" = "$package" ] || fail "$deb is not the package $package"

# Start from nothing installed: an install left by an earlier run (same version) would
# hide whether this package installs.
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
  as_root apt-get remove -y -qq "$package" >/dev/null
fi
profile=$(mktemp -d /tmp/pos-installed-XXXXXX)
cleanup() {
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    as_root apt-get remove -y -qq "$package" >/dev/null || true
  fi
  rm -rf "$profile"
}
trap cleanup EXIT

log "apt-get install $deb"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null
bin=$(dpkg -L "$package" | grep -m 1 '^/usr/bin/')
readme=$(dpkg -L "$package" | grep -m 1 '/resources/README\.md$')
[ -x "$bin" ] || fail "the package installs no program in /usr/bin"
[ -f "$readme" ] || fail "the package installs no resources/README.md"
log "installed $bin; resources in $(dirname "$readme")"

POS_DESKTOP_INSTALLED_BIN="$bin" POS_DESKTOP_RESOURCES="$(dirname "$readme")" POS_E2E_PROFILE="$profile" \
  bash scripts/e2e.sh e2e/installed.test.mjs

log "apt-get remove $package"
as_root apt-get remove -y -qq "$package" >/dev/null
[ ! -e "$bin" ] || fail "$bin is still there after apt-get remove"
[ ! -e "$readme" ] || fail "$readme is still there after apt-get remove"

# What the person made stays: the job list and settings in the app's data folder (Tauri's
# app data dir for io.posdesktop.app: $XDG_DATA_HOME/io.posdesktop.app), and the PoS data
# in the folder they chose.
app_data="$profile/data/io.posdesktop.app"
for kept in "$app_data/jobs.json" "$app_data/settings.json" "$profile/pos-data/pos-meta.json" \
  "$profile/pos-data/postdata_0.bin"; do
  [ -s "$kept" ] || fail "$kept is gone after apt-get remove"
done
grep -q "$profile/pos-data" "$app_data/settings.json" || fail "settings.json lost the default folder"
grep -q '"Installed job"' "$app_data/jobs.json" || fail "jobs.json lost the job"
log "removed; the job list, settings and PoS data are still there"
