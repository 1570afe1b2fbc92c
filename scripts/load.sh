#!/usr/bin/env bash
# Throughput and latency of the typical query (benches/queries/typical.vtql) through
# `vtql serve` with wrk, next to the same SQL run directly through the driver in the same
# run (exec/examples/direct.rs); optionally a soak.
#
#   scripts/load.sh                     # 30 s at 1, 8 and 32 connections, embedded SQLite demo
#   scripts/load.sh --duration 10 --soak 15
#   scripts/load.sh --soak 60 --no-levels
#   scripts/load.sh --db "$VTQL_PG_URL" # PostgreSQL (loaded with --load-demo)
#
# Options:
#   --duration S    seconds per connection level (default 30)
#   --levels "1 8 32"
#   --no-levels     skip the throughput levels (soak only)
#   --soak S        S seconds of constant load (8 connections): zero errors, server RSS
#                   sampled from /proc each second (growth < 10% after a warm-up of a
#                   quarter of the time, at most 10 s), and repeated paged walks of Contacts
#                   checked for lost or duplicated rows (scripts/walk.py)
#   --db URL        serve this database (with --load-demo) instead of the embedded demo
#   --query TEXT    another query instead of the typical one (e.g. a cheap one, to see the
#                   server's own cost per request)
#   --no-direct     skip the direct-driver measurement
#
# Release build (VTQL_BIN overrides). wrk from Debian (scripts/install-clients.sh). The exit
# status is 1 when any request failed, the soak found a problem or the server misbehaved;
# the throughput and latency targets are reported, not enforced (they depend on the machine).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/serve-lib.sh
source scripts/serve-lib.sh

DURATION=30
LEVELS="1 8 32"
SOAK=0
DB=""
DIRECT=1
while [ $# -gt 0 ]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --levels) LEVELS=$2; shift 2 ;;
    --no-levels) LEVELS=""; shift ;;
    --soak) SOAK=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --no-direct) DIRECT=0; shift ;;
    --query) QUERY_TEXT=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing (scripts/install-clients.sh)" >&2; exit 1; }

SERVE_DIR=$(mktemp -d -t vtql-load.XXXXXX)
trap 'serve_stop_all; rm -rf "$SERVE_DIR"' EXIT
KEY=load-test-key
QUERY=${QUERY_TEXT:-$(tr -d '\n' <benches/queries/typical.vtql)}
printf '%s\n' "$QUERY" >"$SERVE_DIR/query.vtql"
CORES=$(nproc)
failed=0
summary=()

echo "==> building (release)"
vtql_bin release
if [ "$DIRECT" = 1 ]; then
  cargo build -q --release -p vtql-exec --example direct
  DIRECT_BIN=$ROOT/target/release/examples/direct
fi

db_args=()
if [ -n "$DB" ]; then db_args=(--db "$DB" --load-demo); fi
VTQL_ACCESS_KEY=$KEY serve_start load "${db_args[@]}"
URL=${SERVE_URL[load]}
PID=${SERVE_PID[load]}
SESSION=$(serve_login "$URL" admin "$KEY")
TARGET="$URL/webservice.php?operation=query&sessionName=$SESSION&query=$(urlencode "$QUERY")"
# Warm up (connections, caches) and check the query answers.
curl -sS "$TARGET" | grep -q '"success":true' || { echo "the typical query fails:"; curl -sS "$TARGET"; exit 1; }
wrk -t1 -c4 -d2 -s scripts/wrk-query.lua "$TARGET" >/dev/null

echo "machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), wrk on the same machine"
echo "query: $QUERY"
# The scheme only: a URL may hold a password.
if [ -n "$DB" ]; then echo "engine: ${DB%%:*}"; else echo "engine: embedded SQLite demo"; fi

# wrk_json CONNS SECONDS: runs wrk, prints its JSON line (scripts/wrk-query.lua).
wrk_json() {
  local c=$1 d=$2 t=$(( $1 < CORES ? $1 : CORES ))
  wrk -t"$t" -c"$c" -d"$d"s --latency --timeout 10s -s scripts/wrk-query.lua "$TARGET" | grep '^{"requests"'
}
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

if [ -n "$LEVELS" ]; then
  printf '\n%-6s %10s %9s %9s %9s %8s %12s\n' conns 'req/s' 'p50 ms' 'p99 ms' 'max ms' errors 'server CPU/q'
  declare -A RPS=()
  for c in $LEVELS; do
    t0=$(cpu_ticks "$PID")
    line=$(wrk_json "$c" "$DURATION")
    t1=$(cpu_ticks "$PID")
    n=$(field "$line" requests)
    errors=$(( $(field "$line" failed) + $(field "$line" socket_errors) ))
    cpu_us=$(python3 -c "print(round(($t1 - $t0) * 1e6 / $(getconf CLK_TCK) / max($n, 1), 1))")
    RPS[$c]=$(field "$line" rps)
    printf '%-6s %10s %9s %9s %9s %8s %10s us\n' "$c" "${RPS[$c]}" "$(field "$line" p50_ms)" \
      "$(field "$line" p99_ms)" "$(field "$line" max_ms)" "$errors" "$cpu_us"
    echo "  wrk: $line" >>"$SERVE_DIR/wrk.jsonl"
    summary+=("c=$c: ${RPS[$c]} req/s, p50 $(field "$line" p50_ms) ms, p99 $(field "$line" p99_ms) ms, $errors errors, server CPU $cpu_us us/query")
    if [ "$errors" != 0 ]; then failed=1; fi
    if [ "$c" = 32 ]; then
      python3 - "$line" <<'EOF'
import json, sys
r = json.loads(sys.argv[1])
ok = lambda b: "met" if b else "MISSED"
print("  targets at 32 connections: >= 5000 req/s %s, p99 <= 25 ms %s, zero errors %s"
      % (ok(r["rps"] >= 5000), ok(r["p99_ms"] <= 25), ok(r["failed"] + r["socket_errors"] == 0)))
EOF
    fi
  done

  if [ "$DIRECT" = 1 ]; then
    echo
    echo "direct through the driver (same SQL, same engine, no HTTP, no service):"
    for t in 1 "$CORES"; do
      d=$("$DIRECT_BIN" --query "$SERVE_DIR/query.vtql" --threads "$t" --seconds "$(( DURATION < 10 ? DURATION : 10 ))" ${DB:+--db "$DB"})
      echo "  $d"
      DQPS[t]=$(field "$d" qps)
      DUS[t]=$(field "$d" us_per_query)
    done
    python3 - "${RPS[1]:-0}" "${RPS[32]:-${RPS[${LEVELS##* }]}}" "${DQPS[1]}" "${DQPS[$CORES]}" "${DUS[1]}" <<'EOF'
import sys
rps1, rpsn, d1, dn, dus1 = map(float, sys.argv[1:])
if rps1:
    print("  1 connection: %.0f us per query through the server, %.0f us direct: ratio %.2f" % (1e6 / rps1, dus1, (1e6 / rps1) / dus1))
if rpsn:
    print("  saturated: %.0f q/s through the server, %.0f q/s direct on every core: server time per query %.2fx direct (target <= 2x)" % (rpsn, dn, dn / rpsn))
EOF
  fi
fi

if [ "$SOAK" != 0 ]; then
  echo
  echo "==> soak: $SOAK s at 8 connections, RSS sampled each second, paged walks of Contacts"
  warm=$(( SOAK / 4 < 10 ? SOAK / 4 : 10 ))
  wrk_json 8 "$SOAK" >"$SERVE_DIR/soak.json" &
  wrk_pid=$!
  python3 scripts/walk.py "$URL" "$SESSION" Contacts "$(( SOAK - 1 ))" >"$SERVE_DIR/walk.json" &
  walk_pid=$!
  : >"$SERVE_DIR/rss"
  for s in $(seq 1 "$SOAK"); do
    sleep 1
    echo "$s $(rss_kib "$PID")" >>"$SERVE_DIR/rss"
  done
  wait "$wrk_pid" || true
  wait "$walk_pid" || true  # its JSON line says what went wrong
  soak=$(cat "$SERVE_DIR/soak.json")
  walk=$(cat "$SERVE_DIR/walk.json")
  echo "  wrk:  $soak"
  echo "  walk: $walk"
  if ! python3 - "$soak" "$walk" "$warm" "$SERVE_DIR/rss" <<'EOF'; then failed=1; fi
import json, sys
soak, walk, warm, rss_file = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rss = [tuple(map(int, l.split())) for l in open(rss_file) if l.strip()]
base = next((kib for s, kib in rss if s >= warm), rss[0][1])
peak = max(kib for s, kib in rss if s >= warm)
growth = (peak - base) * 100.0 / base
errors = soak["failed"] + soak["socket_errors"]
print("  %d requests, %.0f req/s, p99 %.2f ms, %d errors; RSS %.1f MiB after %d s warm-up, peak %.1f MiB (%+.1f%%), %.1f MiB at start; %d walks (%d pages), %d problems"
      % (soak["requests"], soak["rps"], soak["p99_ms"], errors, base / 1024, warm, peak / 1024, growth, rss[0][1] / 1024,
         walk["walks"], walk["pages"], walk["problems"]))
bad = []
if errors: bad.append("%d failed requests" % errors)
if growth >= 10: bad.append("RSS grew %.1f%%" % growth)
if walk["problems"] or not walk["walks"]: bad.append("paged walk: %s" % walk["first_problem"])
print("  RSS MiB every 5 s: " + " ".join("%.1f" % (kib / 1024) for s, kib in rss if s % 5 == 0))
print("  soak: " + ("PASS" if not bad else "FAIL: " + "; ".join(bad)))
sys.exit(1 if bad else 0)
EOF
  summary+=("soak $SOAK s: $(tail -n1 <<<"$soak")")
fi

if ! kill -0 "$PID" 2>/dev/null; then echo "the server died"; failed=1; fi
if serve_panicked load; then echo "the server log shows a panic"; failed=1; fi
outcomes=$(grep -o '"outcome":"[A-Z_a-z]*"' "$SERVE_DIR/load.log" | sort | uniq -c | tr '\n' ' ')
echo
echo "server log outcomes: $outcomes"
serve_stop load || failed=1
exit "$failed"
