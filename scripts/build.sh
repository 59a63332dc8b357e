#!/usr/bin/env bash
# Builds the app in release mode into dist/ and writes the headers its files are served with,
# then the worker. Wrangler builds the worker again when it starts (the [build] command of
# wrangler.toml), which is then only a check that nothing changed: a cold build of the worker is
# not on the clock of wrangler's start-up.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"
say "Building the app (release, wasm-opt -Oz)"
trunk build --release
node scripts/service-worker.mjs
node scripts/headers.mjs
say "Building the API worker (release)"
(cd api && worker-build --release)
