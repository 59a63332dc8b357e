#!/usr/bin/env bash
# Builds the app in release mode into dist/ and writes the headers its files are served with.
# The worker is built by wrangler itself (the [build] command of wrangler.toml) when it starts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"
say "Building the app (release, wasm-opt -Oz)"
trunk build --release
node scripts/headers.mjs
