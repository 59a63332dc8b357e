#!/usr/bin/env bash
# Runs the API test files, each against a wrangler dev of its own with a fresh local database:
# no file sees another's records or spends another's rate limits, and a file passes alone as it
# does among the others. One at a time unless KENES_API_JOBS says more. One file, for the inner loop:
#   bash scripts/api-tests.sh tests/api/funding.test.mjs
# Run after scripts/build.sh (scripts/test.sh does both). Each file's output is printed whole
# when it ends; the servers' logs are in test-output/wrangler-api-<file>.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"

OUT="$KENES_ROOT/test-output"
mkdir -p "$OUT"
JOBS="${KENES_API_JOBS:-1}"
# A bootstrap token, as an operator would set with `wrangler secret put`, for its tests.
KENES_BOOTSTRAP_TOKEN="${KENES_BOOTSTRAP_TOKEN:-test-bootstrap-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')}"
export KENES_BOOTSTRAP_TOKEN

FILES=("$@")
[ "${#FILES[@]}" -gt 0 ] || FILES=(tests/api/*.test.mjs)

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

one_file() {
  local file="$1" name state port rc=0
  name="$(basename "$file" .test.mjs)"
  state="$(mktemp -d)"
  migrate_local "$state"
  # A free port can be taken by another server between asking and binding: tried three times.
  local started=""
  for _ in 1 2 3; do
    port="$(free_port)"
    # --test-scheduled lets the tests run the cron trigger through /__scheduled.
    # ROUND_TRIPS_SHOWN: each answer tells its round trips to the database (tests/api/loads).
    if start_wrangler "$port" "$state" "$OUT/wrangler-api-$name.log" \
      --var "BOOTSTRAP_TOKEN:$KENES_BOOTSTRAP_TOKEN" --var ROUND_TRIPS_SHOWN:yes --test-scheduled; then
      started=yes
      break
    fi
  done
  if [ -z "$started" ]; then
    rm -rf "$state"
    echo "not ok: $file (wrangler dev did not start)"
    return 1
  fi
  # The tests move a vote's deadline into the past in this database to stand for a week passing.
  KENES_URL="http://127.0.0.1:$port" KENES_STATE="$state" node --test "$file" \
    >"$OUT/api-$name.txt" 2>&1 || rc=$?
  stop_wrangler
  rm -rf "$state"
  cat "$OUT/api-$name.txt"
  return "$rc"
}

failed=()
running=0
declare -A file_of
for file in "${FILES[@]}"; do
  one_file "$file" &
  file_of[$!]="$file"
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    done_pid=""
    wait -n -p done_pid || failed+=("${file_of[$done_pid]}")
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  done_pid=""
  wait -n -p done_pid || failed+=("${file_of[$done_pid]}")
  running=$((running - 1))
done

pass=0
fail=0
for file in "${FILES[@]}"; do
  name="$(basename "$file" .test.mjs)"
  pass=$((pass + $(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$OUT/api-$name.txt" | tail -n 1)))
  fail=$((fail + $(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$OUT/api-$name.txt" | tail -n 1)))
done
echo "API tests: $pass passed, $fail failed, in ${#FILES[@]} files, each on a server and database of its own"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Failed: ${failed[*]}" >&2
  exit 1
fi
