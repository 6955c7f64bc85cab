#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the UI and runs the app. With no GPU
# library present the app computes on its built-in CPU provider.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run ui:build
exec cargo run -p pos-desktop
