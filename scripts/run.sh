#!/usr/bin/env bash
# The run command: installs what is missing, builds the app and the worker (release), applies the
# migrations to the local D1 database, loads the demo data if the database is empty, and serves
# everything on http://127.0.0.1:8787 until you press Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KENES_ROOT"

PORT="${KENES_PORT:-8787}"
STATE="$KENES_ROOT/.wrangler/state"
LOG="$KENES_ROOT/.wrangler/dev.log"

"$KENES_ROOT/scripts/setup.sh"
"$KENES_ROOT/scripts/build.sh"

if curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then
  echo "Something already answers on port $PORT (an earlier run?). Stop it, or set KENES_PORT." >&2
  exit 1
fi

mkdir -p "$STATE"
say "Applying database migrations (local D1 in .wrangler/state)"
migrate_local "$STATE"

say "Starting wrangler dev"
trap stop_wrangler EXIT INT TERM
start_wrangler "$PORT" "$STATE" "$LOG"

say "Loading demo data (only into an empty database)"
DEMO="$(curl -fsS -X POST -H "Origin: http://127.0.0.1:$PORT" "http://127.0.0.1:$PORT/api/demo")"

cat <<EOT

  Kenes is running at  http://127.0.0.1:$PORT/
  API health:          http://127.0.0.1:$PORT/api/health
  API description:     http://127.0.0.1:$PORT/api/openapi.json

  Demo data: the KPO Karachaganak, Talas and Torangy-2023 programmes with their councils,
  and the Torangy-2023 projects. Public pages need no sign-in. Demo sign-in:
EOT
node -e '
  for (const a of JSON.parse(process.argv[1]).accounts)
    console.log(`    ${a.programme} (${a.role}): phone ${a.phone}, password ${a.password}`);
' "$DEMO"
cat <<EOT

  Server log: .wrangler/dev.log. Press Ctrl-C to stop.

EOT
wait "$WRANGLER_PID"
