# shellcheck shell=bash disable=SC2034  # SERVE_URL is read by the scripts that source this
# Helpers for scripts that run `vtql serve` (sourced by clients.sh, load.sh and faults.sh).
#
#   vtql_bin debug|release     builds the vtql command, sets VTQL_BIN (unless already set)
#   serve_start NAME ARGS...   starts `$VTQL_BIN serve --listen 127.0.0.1:0 ARGS...` in the
#                              background, logs to $SERVE_DIR/NAME.log, waits until it prints
#                              its address; sets SERVE_PID[NAME] and SERVE_URL[NAME]
#                              (http://127.0.0.1:PORT, without /webservice.php)
#   serve_stop NAME            SIGTERM, waits for a graceful exit (SIGKILL after 15 s);
#                              returns 1 if the server did not exit 0
#   serve_stop_all             stops every server still running (for traps)
#   serve_panicked NAME        true if the log shows a panic
#
# Needs SERVE_DIR (a scratch directory). Every server listens on 127.0.0.1 on a port the
# kernel picks (no race on a "free" port).

declare -gA SERVE_PID=() SERVE_URL=()

vtql_bin() {
  local profile=${1:-debug}
  if [ -n "${VTQL_BIN:-}" ]; then return 0; fi
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  if [ "$profile" = release ]; then
    (cd "$root" && cargo build -q -p vtql-cli --release)
    VTQL_BIN=$root/target/release/vtql
  else
    (cd "$root" && cargo build -q -p vtql-cli)
    VTQL_BIN=$root/target/debug/vtql
  fi
  export VTQL_BIN
}

serve_start() {
  local name=$1
  shift
  local log=${SERVE_DIR:?}/$name.log
  "$VTQL_BIN" serve --listen 127.0.0.1:0 "$@" >"$log" 2>&1 </dev/null &
  local pid=$!
  SERVE_PID[$name]=$pid
  # --load-demo on MariaDB takes some seconds; a debug build more.
  local i addr=""
  for i in $(seq 1 1200); do
    addr=$(grep -o -m1 'listening on http://[^/]*' "$log" 2>/dev/null | sed 's|listening on ||' || true)
    if [ -n "$addr" ]; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "vtql serve ($name) exited before listening:" >&2
      tail -n 20 "$log" >&2
      unset "SERVE_PID[$name]"
      return 1
    fi
    sleep 0.1
  done
  if [ -z "$addr" ]; then
    echo "vtql serve ($name) did not print its address within 120 s" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
  SERVE_URL[$name]=$addr
  echo "[serve] $name: pid $pid at $addr" >&2
}

serve_stop() {
  local name=$1 pid=${SERVE_PID[$1]:-}
  [ -n "$pid" ] || return 0
  unset "SERVE_PID[$name]"
  kill -TERM "$pid" 2>/dev/null || return 0
  local i
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "vtql serve ($name) did not stop within 15 s of SIGTERM: killed" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 1
  fi
  local rc=0
  wait "$pid" 2>/dev/null || rc=$?
  if [ "$rc" != 0 ]; then
    echo "vtql serve ($name) exited with status $rc" >&2
    return 1
  fi
}

serve_stop_all() {
  local name
  for name in "${!SERVE_PID[@]}"; do serve_stop "$name" || true; done
}

serve_panicked() {
  grep -q -i 'panick' "$SERVE_DIR/$1.log"
}

# serve_login URL USER KEY: prints a session name (getchallenge, then login with
# md5(token + key)), with curl; fails when either step does not succeed.
serve_login() {
  local url=$1 user=$2 key=$3 token proof
  token=$(curl -sS --max-time 10 "$url/webservice.php?operation=getchallenge&username=$user" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["token"])') || return 1
  proof=$(printf '%s%s' "$token" "$key" | md5sum | cut -d' ' -f1)
  curl -sS --max-time 10 --data-urlencode operation=login --data-urlencode "username=$user" \
    --data-urlencode "accessKey=$proof" "$url/webservice.php" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["sessionName"])'
}

# urlencode TEXT: TEXT percent-encoded for a query string.
urlencode() {
  python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

# rss_kib PID: the resident set size of PID in KiB.
rss_kib() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

# cpu_ticks PID: user + system CPU time of PID in clock ticks.
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}
