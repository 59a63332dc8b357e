#!/usr/bin/env bash
# Schemathesis over GET /api/openapi.json: every operation with at least 50 generated requests,
# as the public, as a council member and as a programme manager, against a wrangler dev of its
# own (a fresh database with the demo data, so that what the fuzzer changes reaches no other
# test). Any answer that is a server error, has a status the document does not list, or a body
# that does not match the document fails the step. Sourced by test.sh; $OUT is its output folder.
FUZZ_STATE="$(mktemp -d)"
FUZZ_PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
FUZZ_URL="http://127.0.0.1:$FUZZ_PORT"
migrate_local "$FUZZ_STATE"
start_wrangler "$FUZZ_PORT" "$FUZZ_STATE" "$OUT/wrangler-fuzz.log"
SESSIONS="$(KENES_URL="$FUZZ_URL" KENES_STATE="$FUZZ_STATE" node tests/fuzz/sessions.mjs)"
fuzz_as() {
  local who="$1" cookie="$2"
  say "Fuzzing the API as $who (schemathesis)"
  local auth=()
  [ -n "$cookie" ] && auth=(-H "Cookie: $cookie")
  # Signing out would end the session the rest of the run acts in.
  "$KENES_ROOT/.venv/bin/schemathesis" --no-color run "$FUZZ_URL/api/openapi.json" --url "$FUZZ_URL" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance \
    --max-examples "${KENES_FUZZ_EXAMPLES:-50}" --workers 2 --seed 2026 \
    --exclude-operation-id sign_out --generation-database none \
    --report junit --report-junit-path "$OUT/fuzz-$who.xml" \
    -H "Origin: $FUZZ_URL" "${auth[@]}"
}
fuzz_status=0
fuzz_as public "" || fuzz_status=1
fuzz_as member "$(node -e 'console.log(JSON.parse(process.argv[1]).member)' "$SESSIONS")" || fuzz_status=1
fuzz_as manager "$(node -e 'console.log(JSON.parse(process.argv[1]).manager)' "$SESSIONS")" || fuzz_status=1
stop_wrangler
rm -rf "$FUZZ_STATE"
[ "$fuzz_status" -eq 0 ]
