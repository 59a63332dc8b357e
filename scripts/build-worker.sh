#!/usr/bin/env bash
# Builds the API worker (release) into api/build/, unless it was built from the same sources.
# Both scripts/build.sh and wrangler's [build] step (wrangler.toml) call it, so a start with
# nothing changed optimises nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"
INPUTS=(api shared Cargo.toml Cargo.lock rust-toolchain.toml)
# The worker reports its commit (GET /api/health), so a new commit is a new worker.
FINGERPRINT="$(fingerprint "${INPUTS[@]}") $KENES_COMMIT"
if up_to_date worker "$FINGERPRINT" api/build/worker/shim.mjs; then
  say "The API worker is up to date"
  exit 0
fi
say "Building the API worker (release)"
(cd api && worker-build --release)
built worker "$FINGERPRINT"
