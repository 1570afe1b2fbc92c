#!/usr/bin/env bash
# Runs the real third-party clients (vtigerpy, node-vtiger), unchanged, against `vtql serve`
# on each engine, then the scale-out test (three servers, one database) on PostgreSQL and
# MariaDB. Every server started here is stopped on exit, failure included.
#
#   scripts/clients.sh                  # sqlite, pg and mysql, then scale-out on pg and mysql
#   VTQL_ENGINES="sqlite" scripts/clients.sh
#
# Environment:
#   VTQL_PG_URL, VTQL_MYSQL_URL   the databases (.ci/databases.sh env); --load-demo loads them
#   VTQL_ENGINES                  engines to run (default "sqlite pg mysql"); a listed engine
#                                 whose URL is unset is an error
#   VTQL_CLIENTS_PYTHON           a python with vtigerpy and requests (default python3)
#   VTQL_CLIENTS_NODE_PATH        a node_modules directory holding node-vtiger
#                                 (scripts/install-clients.sh installs both)
#   VTQL_BIN                      a built vtql (default: build target/debug/vtql)
#   VTQL_PROFILE                  debug (default) or release, when VTQL_BIN is unset
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/serve-lib.sh
source scripts/serve-lib.sh

ENGINES=${VTQL_ENGINES:-sqlite pg mysql}
PY=${VTQL_CLIENTS_PYTHON:-python3}
NODE_PATH=${VTQL_CLIENTS_NODE_PATH:-${NODE_PATH:-}}
export NODE_PATH

SERVE_DIR=$(mktemp -d -t vtql-clients.XXXXXX)
trap 'serve_stop_all; rm -rf "$SERVE_DIR"' EXIT
# The logs of a failed run are worth keeping: copied here on failure.
KEEP_LOGS=${VTQL_CLIENTS_LOGS:-/tmp/vtql-clients-logs}

export VTQL_USER=admin
export VTQL_ACCESS_KEY=clients-admin-key
export VTQL_LIMITED_USER=reader
export VTQL_LIMITED_KEY=clients-reader-key
USERS=tests/clients/users.json

"$PY" -c 'import vtigerpy.core, requests' 2>/dev/null || {
  echo "vtigerpy or requests is missing for $PY (scripts/install-clients.sh)" >&2
  exit 1
}
node -e 'require("node-vtiger")' 2>/dev/null || {
  echo "node-vtiger is not found (NODE_PATH=$NODE_PATH; scripts/install-clients.sh)" >&2
  exit 1
}

echo "==> building vtql and the expected values"
vtql_bin "${VTQL_PROFILE:-debug}"
export VTQL_FACTS=$SERVE_DIR/facts.json
cargo run -q --example demo_facts >"$VTQL_FACTS"

results=()
failed=0

fail_logs() {
  mkdir -p "$KEEP_LOGS"
  cp "$SERVE_DIR"/*.log "$KEEP_LOGS"/ 2>/dev/null || true
  echo "server logs kept in $KEEP_LOGS" >&2
}

# db_args ENGINE: sets `args` to the --db option of ENGINE.
db_args() {
  case $1 in
    sqlite) args=() ;;
    pg) args=(--db "${VTQL_PG_URL:?VTQL_PG_URL is unset}") ;;
    mysql) args=(--db "${VTQL_MYSQL_URL:?VTQL_MYSQL_URL is unset}") ;;
    *) echo "unknown engine $1" >&2; return 1 ;;
  esac
}

run_client() {
  local engine=$1 client=$2
  shift 2
  local t0=$SECONDS log=$SERVE_DIR/$engine-$client.out
  if "$@" >"$log" 2>&1; then
    results+=("$(printf '%-8s %-12s ok      %3d checks  %3d s' "$engine" "$client" "$(grep -c '^ok ' "$log")" $((SECONDS - t0)))")
  else
    failed=1
    results+=("$(printf '%-8s %-12s FAILED  %3d checks failed' "$engine" "$client" "$(grep -c '^FAIL' "$log")")")
    cp "$log" "$SERVE_DIR/$engine-$client.log"
  fi
  sed "s/^/  [$engine $client] /" "$log"
}

for engine in $ENGINES; do
  echo "==> $engine: vtql serve with both clients"
  t0=$SECONDS
  db_args "$engine"
  if [ "$engine" != sqlite ]; then args+=(--load-demo); fi
  serve_start "$engine" "${args[@]}" --users "$USERS"
  export VTQL_URL=${SERVE_URL[$engine]}
  echo "   started in $((SECONDS - t0)) s"
  run_client "$engine" vtigerpy "$PY" tests/clients/vtigerpy_test.py
  run_client "$engine" node-vtiger node tests/clients/node_vtiger_test.js
  if serve_panicked "$engine"; then
    failed=1
    results+=("$engine  server log shows a panic")
  fi
  if ! serve_stop "$engine"; then
    failed=1
    results+=("$engine  server did not stop cleanly on SIGTERM")
  fi
done

# Scale-out: three processes on one database share challenges and sessions.
for engine in $ENGINES; do
  [ "$engine" = sqlite ] && continue
  echo "==> $engine: scale-out over three vtql serve processes"
  db_args "$engine"
  serve_start "$engine-a" "${args[@]}" --load-demo --users "$USERS"
  serve_start "$engine-b" "${args[@]}" --users "$USERS"
  serve_start "$engine-c" "${args[@]}" --users "$USERS"
  run_client "$engine" scale-out "$PY" tests/clients/scale_out.py \
    "${SERVE_URL[$engine-a]}" "${SERVE_URL[$engine-b]}" "${SERVE_URL[$engine-c]}"
  for s in a b c; do
    if serve_panicked "$engine-$s"; then failed=1; results+=("$engine-$s  server log shows a panic"); fi
    serve_stop "$engine-$s" || { failed=1; results+=("$engine-$s  server did not stop cleanly"); }
  done
done

echo
echo "==> summary"
printf '%s\n' "${results[@]}"
if [ "$failed" != 0 ]; then
  fail_logs
  exit 1
fi
