#!/usr/bin/env bash
# Installs whatever is missing to build and run Kenes, at pinned versions, from crates.io, npm and
# Debian only. Quick when everything is there. `--browser` also installs Chromium for the tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
WORKER_BUILD_VERSION=0.8.7
# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"

have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
# rust-toolchain.toml names the toolchain and the wasm32 target; rustup installs both on first use.
rustup show active-toolchain >/dev/null
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

if ! have_version trunk "$TRUNK_VERSION"; then
  say "Installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if ! have_version worker-build "$WORKER_BUILD_VERSION"; then
  say "Installing worker-build $WORKER_BUILD_VERSION (about 5 minutes)"
  cargo install --locked worker-build --version "$WORKER_BUILD_VERSION"
fi
# Splits the app's wasm into pages (scripts/app-wasm.mjs); it has no --version, cargo knows.
if ! cargo install --list | grep -qF "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "Installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi
if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  # Its own lockfile wants a crate version the registry may lack, so not --locked.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x node_modules/.bin/wrangler ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Tests only: schemathesis (PyPI), which fuzzes the API from its OpenAPI document, in .venv.
SCHEMATHESIS_VERSION=4.32.5
if [ "${1:-}" = "--browser" ] && ! "$KENES_ROOT/.venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
  say "Installing schemathesis $SCHEMATHESIS_VERSION into .venv (about 2 minutes)"
  if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  python3 -m venv "$KENES_ROOT/.venv"
  "$KENES_ROOT/.venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Tests only: the browser, and sqlite3 to read the local database as the tests check it.
if [ "${1:-}" = "--browser" ] && ! { command -v chromium && command -v chromedriver && command -v sqlite3; } >/dev/null 2>&1; then
  say "Installing Debian's chromium, chromium-driver and sqlite3"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver brotli sqlite3 >/dev/null
fi
