#!/usr/bin/env bash
# The test command: installs what is missing (Chromium included), then runs every check and test.
# Exits non-zero when anything fails. Screenshots go to test-output/screenshots.
#
# For the inner loop, one part: `scripts/test.sh unit` (format, lints, unit and property tests),
# `api`, `browser` or `budgets` (each against a fresh wrangler dev). With no part, everything, as
# CI runs it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"

PART="${1:-all}"
case "$PART" in
  all | unit | api | browser | budgets) ;;
  *) echo "usage: scripts/test.sh [unit|api|browser|budgets]" >&2; exit 2 ;;
esac
runs() { [ "$PART" = all ] || [ "$PART" = "$1" ]; }

"$KENES_ROOT/scripts/setup.sh" --browser

if runs unit; then
  say "Formatting (cargo fmt --check)"
  cargo fmt --all -- --check

  say "Lints (clippy -D warnings, native and wasm32)"
  cargo clippy --workspace --all-targets --quiet -- -D warnings
  cargo clippy --workspace --target wasm32-unknown-unknown --quiet -- -D warnings

  say "Unit and property tests (native)"
  cargo test --workspace --quiet

  say "House rules (no import circle, no route file using another, no event made in api)"
  node scripts/house-rules.mjs
fi
[ "$PART" = unit ] && { say "Unit checks passed"; exit 0; }

"$KENES_ROOT/scripts/build.sh"

OUT="$KENES_ROOT/test-output"
rm -rf "$OUT"
mkdir -p "$OUT/screenshots"
STATE="$(mktemp -d)"
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
cleanup() {
  stop_wrangler
  rm -rf "$STATE"
}
trap cleanup EXIT INT TERM

if runs api; then
  # A server of its own: what the fuzzer writes reaches no test.
  source "$KENES_ROOT/scripts/fuzz.sh"

  say "API tests, each file against a wrangler dev and database of its own"
  bash "$KENES_ROOT/scripts/api-tests.sh"
fi
[ "$PART" = api ] && { say "Tests passed (api)"; exit 0; }

say "Starting wrangler dev on port $PORT with a fresh local database (browser tests, budgets)"
migrate_local "$STATE"
# A bootstrap token, as an operator would set with `wrangler secret put`, for its tests.
export KENES_BOOTSTRAP_TOKEN="test-bootstrap-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
# --test-scheduled lets the tests run the cron trigger through /__scheduled.
start_wrangler "$PORT" "$STATE" "$OUT/wrangler.log" --var "BOOTSTRAP_TOKEN:$KENES_BOOTSTRAP_TOKEN" --test-scheduled
# The tests move a vote's deadline into the past in this database to stand for a week passing.
export KENES_STATE="$STATE"

export KENES_URL="http://127.0.0.1:$PORT"
export KENES_SCREENSHOTS="$OUT/screenshots"

if runs browser; then
  say "Browser tests in headless Chromium"
  node --test --test-concurrency=1 'tests/browser/*.test.mjs'
fi

if runs budgets; then
  say "Size budget"
  node scripts/size-budget.mjs

  say "Repeat-visit budget (with the service worker)"
  node scripts/repeat-visit.mjs

  say "Lighthouse (mobile defaults; printed, not enforced)"
  node scripts/lighthouse.mjs

  # Last: it writes 10,100 proposals into this run's database. Figures, not a pass or fail.
  say "Load figures (loopback, bounded; printed, not enforced)"
  node scripts/load.mjs
fi

say "Tests passed ($PART). Screenshots: test-output/screenshots"
