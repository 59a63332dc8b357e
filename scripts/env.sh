# Sourced by the other scripts: puts the pinned tools first on PATH and keeps every build and
# wrangler run offline. Nothing here downloads anything.
KENES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KENES_ROOT
# Node 22 (from npm, for wrangler) and binaryen's wasm-opt come before the system's.
export PATH="$KENES_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# worker-build: use these instead of downloading its own.
export WASM_BINDGEN_BIN="wasm-bindgen"
export WASM_OPT_BIN="$KENES_ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$KENES_ROOT/node_modules/@esbuild/linux-x64/bin/esbuild"
# Trunk: fail instead of downloading a tool whose version does not match.
export TRUNK_OFFLINE=true
# wrangler: no update checks, no metrics, no request.cf download.
export CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_SEND_METRICS=false
export WRANGLER_LOG="${WRANGLER_LOG:-warn}"
export NO_UPDATE_NOTIFIER=1
# The build reports its commit through GET /api/health.
KENES_COMMIT="$(git -C "$KENES_ROOT" rev-parse --short HEAD 2>/dev/null || echo local)"
export KENES_COMMIT

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Applies the D1 migrations to the local database kept in $1.
migrate_local() {
  CI=1 wrangler d1 migrations apply DB --local --persist-to "$1" >/dev/null
}

# Starts `wrangler dev` in local mode on port $1 with its state in $2, logging to $3 (further
# arguments go to wrangler), and waits until GET /api/health answers. Sets WRANGLER_PID.
start_wrangler() {
  local port="$1" state="$2" log="$3"
  shift 3
  wrangler dev --local --ip 127.0.0.1 --port "$port" --persist-to "$state" \
    --show-interactive-dev-session=false --var DEMO_DATA:enabled "$@" >"$log" 2>&1 &
  WRANGLER_PID=$!
  local waited=0
  until curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do
    if ! kill -0 "$WRANGLER_PID" 2>/dev/null; then
      echo "wrangler dev stopped while starting; its log ($log):" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    if [ "$waited" -ge 600 ]; then
      echo "wrangler dev did not answer within 5 minutes; its log ($log):" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

stop_wrangler() {
  if [ -n "${WRANGLER_PID:-}" ] && kill -0 "$WRANGLER_PID" 2>/dev/null; then
    kill "$WRANGLER_PID" 2>/dev/null || true
    # workerd is wrangler's child: make sure it goes too.
    pkill -P "$WRANGLER_PID" 2>/dev/null || true
    wait "$WRANGLER_PID" 2>/dev/null || true
  fi
}

# A fingerprint of the files under the given paths (tracked or new, ignored ones left out) and of
# the toolchain, so that a build whose inputs have not changed can be skipped: the optimiser
# alone takes about a minute per build.
fingerprint() {
  {
    git -C "$KENES_ROOT" ls-files -z -co --exclude-standard -- "$@" | sort -z |
      (cd "$KENES_ROOT" && xargs -0 sha256sum 2>/dev/null) || true
    rustc -V
  } | sha256sum | cut -d' ' -f1
}

# Whether the build named $1 was last made from inputs with fingerprint $2 and its output $3 is
# still there; `built NAME FINGERPRINT` records a finished build.
STAMPS="$KENES_ROOT/target/kenes-builds"
up_to_date() {
  [ -e "$3" ] && [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]
}
built() {
  mkdir -p "$STAMPS"
  printf '%s\n' "$2" >"$STAMPS/$1"
}
