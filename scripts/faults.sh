#!/usr/bin/env bash
# Faults against `vtql serve` (scripts/faults.py does the work): PostgreSQL stopped and
# restarted mid-load, clients resetting mid-response, slow-loris connections, N sessions,
# requests over the size limits, malformed percent-encoding, wrong methods, unknown
# operations, forged and expired sessions, wrong access keys; then the server must still be
# alive, never have panicked, and have logged no secret.
#
#   scripts/faults.sh                 # 10,000 sessions
#   scripts/faults.sh --sessions 2000
#
# It starts its own PostgreSQL (in a temp dir, on a free port; .ci/databases.sh start-pg)
# so that stopping it disturbs nobody, and two servers: one on that database (with a
# 64 KiB body limit), one on the embedded demo with --session-idle 1 for expiry. Every
# server and the database are stopped on exit. Release build (VTQL_BIN overrides).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/serve-lib.sh
source scripts/serve-lib.sh

SESSIONS=10000
while [ $# -gt 0 ]; do
  case $1 in
    --sessions) SESSIONS=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

SERVE_DIR=$(mktemp -d -t vtql-faults.XXXXXX)
# PostgreSQL runs as user postgres: it must reach its data directory.
chmod 755 "$SERVE_DIR"
export VTQL_DB_DIR=$SERVE_DIR/db
VTQL_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export VTQL_PG_PORT
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  serve_stop_all
  bash .ci/databases.sh stop >/dev/null 2>&1 || true
  rm -rf "$SERVE_DIR"
}
trap cleanup EXIT
KEY=faults-test-key
MAX_BODY=65536

echo "==> building (release) and starting PostgreSQL on port $VTQL_PG_PORT"
vtql_bin release
bash .ci/databases.sh start-pg
PG_URL=postgres://postgres@127.0.0.1:$VTQL_PG_PORT/vtql

VTQL_ACCESS_KEY=$KEY serve_start faults --db "$PG_URL" --load-demo --max-body-bytes "$MAX_BODY"
VTQL_ACCESS_KEY=$KEY serve_start idle --session-idle 1
PID=${SERVE_PID[faults]}

failed=0
python3 scripts/faults.py --url "${SERVE_URL[faults]}" --key "$KEY" \
  --idle-url "${SERVE_URL[idle]}" --sessions "$SESSIONS" --max-body "$MAX_BODY" \
  --db-stop "bash .ci/databases.sh pg-stop" --db-start "bash .ci/databases.sh pg-start" \
  --log "$SERVE_DIR/faults.log" || failed=1

if ! kill -0 "$PID" 2>/dev/null; then echo "FAIL the server died"; failed=1; fi
for s in faults idle; do
  if serve_panicked "$s"; then echo "FAIL the $s server's log shows a panic"; failed=1; fi
done
echo "server log outcomes: $(grep -o '"outcome":"[A-Z_a-z]*"' "$SERVE_DIR/faults.log" | sort | uniq -c | sort -rn | tr -s ' \n' ' ')"
echo "server RSS after the faults: $(( $(rss_kib "$PID") / 1024 )) MiB"
serve_stop faults || { echo "FAIL the server did not stop cleanly"; failed=1; }
serve_stop idle || failed=1
if [ "$failed" != 0 ]; then
  mkdir -p /tmp/vtql-faults-logs
  cp "$SERVE_DIR"/*.log /tmp/vtql-faults-logs/ 2>/dev/null || true
  echo "faults: FAILED (server logs in /tmp/vtql-faults-logs)"
fi
exit "$failed"
