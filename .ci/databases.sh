#!/usr/bin/env bash
# Throwaway PostgreSQL and MariaDB servers for the SQL backend tests (tests/sql_*.rs).
#
#   .ci/databases.sh install   # install MariaDB from Debian if missing (needs root)
#   .ci/databases.sh start     # (re)init + start both on 127.0.0.1 in $VTQL_DB_DIR (default
#                              # /tmp/vtql-db; ports $VTQL_PG_PORT / $VTQL_MYSQL_PORT), db `vtql`
#   .ci/databases.sh env       # print the `export VTQL_PG_URL=... VTQL_MYSQL_URL=...` lines
#   .ci/databases.sh stop      # stop both and delete $VTQL_DB_DIR
#   .ci/databases.sh start-pg  # (re)init + start PostgreSQL alone (scripts/faults.sh)
#   .ci/databases.sh pg-stop   # stop PostgreSQL, keep its data (an outage)
#   .ci/databases.sh pg-start  # start it again on the kept data
#
# Typical use:  .ci/databases.sh start && eval "$(.ci/databases.sh env)" && cargo test --test sql_engines
# PostgreSQL 15 is expected on PATH (initdb, pg_ctl, psql); as root it runs as user `postgres`.
# The PostgreSQL cluster uses the C.UTF-8 locale: code-point order and Unicode lower().
set -euo pipefail

DIR=${VTQL_DB_DIR:-/tmp/vtql-db}
PG_PORT=${VTQL_PG_PORT:-55432}
MY_PORT=${VTQL_MYSQL_PORT:-53306}
PG_DATA=$DIR/pg/data
MY_DATA=$DIR/my/data
MY_SOCK=$DIR/my/mysqld.sock
MY_PID=$DIR/my/mysqld.pid

log() { echo "[databases] $*" >&2; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  if command -v mariadbd >/dev/null 2>&1; then
    log "mariadb already installed: $(mariadbd --version)"
    return
  fi
  log "installing mariadb-server from Debian"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 \
    mariadb-server >/dev/null
}

# Starts PostgreSQL on the data directory as it is.
run_pg() {
  as_pg pg_ctl -D "$PG_DATA" -l "$DIR/pg/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DIR/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
}

start_pg() {
  mkdir -p "$DIR/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$DIR/pg"; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    as_pg initdb -D "$PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/pg/initdb.log"
  fi
  run_pg
  psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS vtql" -c "CREATE DATABASE vtql" >/dev/null
  log "postgresql ready on 127.0.0.1:$PG_PORT"
}

start_my() {
  mkdir -p "$DIR/my"
  local as_root=()
  if [ "$(id -u)" = 0 ]; then as_root=(--user=root); fi
  if [ ! -d "$MY_DATA/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$MY_DATA" "${as_root[@]}" \
      --auth-root-authentication-method=normal --skip-test-db >"$DIR/my/install.log" 2>&1
  fi
  mariadbd --no-defaults "${as_root[@]}" --datadir="$MY_DATA" --socket="$MY_SOCK" \
    --port="$MY_PORT" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$MY_PID" \
    --log-error="$DIR/my/error.log" --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_nopad_bin \
    </dev/null >>"$DIR/my/stdout.log" 2>&1 &
  for _ in $(seq 1 100); do
    if mariadb-admin --socket="$MY_SOCK" -uroot ping >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  mariadb --socket="$MY_SOCK" -uroot -e "
    DROP DATABASE IF EXISTS vtql;
    CREATE DATABASE vtql CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin;
    CREATE USER IF NOT EXISTS 'vtql'@'127.0.0.1' IDENTIFIED BY 'vtql';
    GRANT ALL ON vtql.* TO 'vtql'@'127.0.0.1';"
  log "mariadb ready on 127.0.0.1:$MY_PORT"
}

stop() {
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    as_pg pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null || true
  fi
  if [ -f "$MY_PID" ]; then
    local pid
    pid=$(cat "$MY_PID")
    mariadb-admin --socket="$MY_SOCK" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$DIR"
  log "stopped"
}

env_lines() {
  echo "export VTQL_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/vtql"
  echo "export VTQL_MYSQL_URL=mysql://vtql:vtql@127.0.0.1:$MY_PORT/vtql"
}

case "${1:-}" in
  install) install ;;
  start) stop 2>/dev/null; start_pg; start_my ;;
  stop) stop ;;
  start-pg) stop 2>/dev/null; start_pg ;;
  pg-stop) as_pg pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null ;;
  pg-start) run_pg ;;
  env) env_lines ;;
  *) echo "usage: $0 install|start|stop|env|start-pg|pg-stop|pg-start" >&2; exit 2 ;;
esac
