#!/usr/bin/env bash
# Builds the app in release mode into dist/ and writes the headers its files are served with,
# then the worker; each only when its sources changed since its last build. Wrangler runs the
# worker's build again when it starts (the [build] command of wrangler.toml), which then finds it
# up to date: a cold build of the worker is not on the clock of wrangler's start-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"
APP_INPUTS=(app shared public Cargo.toml Cargo.lock Trunk.toml rust-toolchain.toml package-lock.json
  scripts/app-wasm.mjs scripts/split-modules.mjs scripts/service-worker.mjs scripts/headers.mjs)
APP_FINGERPRINT="$(fingerprint "${APP_INPUTS[@]}")"
if up_to_date app "$APP_FINGERPRINT" dist/index.html; then
  say "The app is up to date (dist/)"
else
  say "Building the app (release, wasm-opt -Oz)"
  trunk build --release
  node scripts/service-worker.mjs
  node scripts/headers.mjs
  built app "$APP_FINGERPRINT"
fi
"$KENES_ROOT/scripts/build-worker.sh"
