#!/usr/bin/env bash
# scripts/devenv.sh up|down|env
#
# up:   builds and installs the extension, starts (idempotently) a throwaway
#       PostgreSQL cluster on a private port with pg_cron preloaded (when it is
#       installed for that PostgreSQL), builds and
#       starts the TDS test server on a PostgreSQL backend database, and prints
#       `export` lines:  eval "$(scripts/devenv.sh up)"
#       When MSSQL_TEST_HOST is set, no test server is started: the MSSQL_*
#       variables then name that real SQL Server (MSSQL_TEST_PORT, _USER,
#       _PASSWORD, _DATABASE).
#       MSSQL_UPSERT_PRIVATE_PG=1 runs a private copy of PostgreSQL's installation
#       under the environment directory and installs the extension there, so two
#       checkouts can be tested side by side without overwriting each other's
#       installed extension. MSSQL_UPSERT_SKIP_EXTENSION=1 builds and installs
#       nothing of the extension (test-server work). PG_CONFIG=<prefix>/bin/pg_config
#       picks the PostgreSQL installation (default: the pg_config on PATH,
#       Debian's PostgreSQL 15).
# down: stops everything `up` started and removes the temp directory.
# env:  prints the export lines of a running environment.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEVENV_DIR=${MSSQL_UPSERT_DEVENV_DIR:-/tmp/mssql_upsert_fdw_devenv}
PG_PORT=${MSSQL_UPSERT_PG_PORT:-55432}
TDS_PORT=${MSSQL_UPSERT_TDS_PORT:-51433}
BUILD_DIR=${MSSQL_UPSERT_BUILD_DIR:-$ROOT/build}
export PG_CONFIG=${PG_CONFIG:-pg_config}
SYSTEM_PG_BIN=$("$PG_CONFIG" --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
PRIVATE_PG_ROOT=
if [[ "${MSSQL_UPSERT_PRIVATE_PG:-0}" == 1 ]]; then
  PRIVATE_PG_ROOT=$DEVENV_DIR/pgroot
  PG_BIN=$PRIVATE_PG_ROOT$SYSTEM_PG_BIN
else
  PG_BIN=$SYSTEM_PG_BIN
fi
PG_DATA=$DEVENV_DIR/pgdata
OS_USER=postgres # PostgreSQL refuses to run as root
TEST_DATABASE=mssql_upsert_test
BACKEND_DATABASE=tds_backend
TDS_USER=sa
TDS_PASSWORD='Devenv_Passw0rd!'
TDS_DATABASE=testdb

log() { echo "devenv: $*" >&2; }

as_os_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

# A relocated copy of the PostgreSQL installation: PostgreSQL finds its share
# and lib directories relative to its own binary, so the copy serves the
# extension installed into it with DESTDIR and nothing else sees that.
prepare_private_postgres() {
  [[ -x "$PG_BIN/postgres" ]] && return 0
  local sharedir
  sharedir=$("$PG_CONFIG" --sharedir)
  log "copying the PostgreSQL installation to $PRIVATE_PG_ROOT"
  for dir in "$(dirname "$SYSTEM_PG_BIN")" "$sharedir"; do
    mkdir -p "$PRIVATE_PG_ROOT$(dirname "$dir")"
    cp -a "$dir" "$PRIVATE_PG_ROOT$(dirname "$dir")/"
  done
}

build_and_install() {
  [[ -n "$PRIVATE_PG_ROOT" ]] && prepare_private_postgres
  if [[ "${MSSQL_UPSERT_SKIP_EXTENSION:-0}" != 1 ]]; then
    log "building the extension"
    local install_args=()
    [[ -n "$PRIVATE_PG_ROOT" ]] && install_args=(DESTDIR="$PRIVATE_PG_ROOT")
    if ! { make -C "$ROOT" -j2 && make -C "$ROOT" install "${install_args[@]}"; } >"$DEVENV_DIR/build.log" 2>&1; then
      tail -n 40 "$DEVENV_DIR/build.log" >&2
      log "build failed (full log: $DEVENV_DIR/build.log)"
      exit 1
    fi
  fi
  if [[ -z "${MSSQL_TEST_HOST:-}" && -f "$ROOT/test/tds_server/server/main.cpp" ]]; then
    log "building the TDS test server"
    if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
           cmake --build "$BUILD_DIR" --target tds_test_server -j2; } >>"$DEVENV_DIR/build.log" 2>&1; then
      tail -n 40 "$DEVENV_DIR/build.log" >&2
      log "TDS test server build failed (full log: $DEVENV_DIR/build.log)"
      exit 1
    fi
  fi
}

start_postgres() {
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "creating cluster in $PG_DATA (port $PG_PORT)"
    as_os_user "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >"$DEVENV_DIR/initdb.log" 2>&1
    cat >>"$PG_DATA/postgresql.conf" <<CONF
port = $PG_PORT
listen_addresses = 'localhost'
unix_socket_directories = '$DEVENV_DIR'
max_worker_processes = 16
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    if [[ -f "$("$PG_CONFIG" --pkglibdir)/pg_cron.so" ]]; then
      cat >>"$PG_DATA/postgresql.conf" <<CONF
cron.database_name = '$TEST_DATABASE'
cron.host = '$DEVENV_DIR'
cron.use_background_workers = on
CONF
    else
      log "pg_cron is not installed for $("$PG_CONFIG" --version): its tests will be skipped"
    fi
  fi
  # pg_cron (when installed) and the extension itself (for the progress view's
  # shared memory) are preloaded; the list is rewritten at each start.
  local libdir preload=()
  libdir=$PRIVATE_PG_ROOT$("$PG_CONFIG" --pkglibdir)
  [[ -f "$libdir/pg_cron.so" ]] && preload+=(pg_cron)
  [[ -f "$libdir/mssql_upsert_fdw.so" ]] && preload+=(mssql_upsert_fdw)
  local setting
  setting="shared_preload_libraries = '$(IFS=,; echo "${preload[*]}")'"
  grep -q "^include_if_exists = 'devenv_preload.conf'" "$PG_DATA/postgresql.conf" ||
    echo "include_if_exists = 'devenv_preload.conf'" >>"$PG_DATA/postgresql.conf"
  local changed=0
  [[ "$(cat "$PG_DATA/devenv_preload.conf" 2>/dev/null)" == "$setting" ]] || changed=1
  echo "$setting" >"$PG_DATA/devenv_preload.conf"
  [[ $(id -u) -eq 0 ]] && chown "$OS_USER" "$PG_DATA/devenv_preload.conf"
  # A preloaded library is the build the postmaster loaded at start: another
  # build (by content: make install touches the file anyway), or another list,
  # needs a restart.
  local build_sum=none
  [[ -f "$libdir/mssql_upsert_fdw.so" ]] && build_sum=$(md5sum <"$libdir/mssql_upsert_fdw.so")
  if as_os_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 &&
     { [[ $changed == 1 ]] || [[ "$(cat "$DEVENV_DIR/preloaded.md5" 2>/dev/null)" != "$build_sum" ]]; }; then
    log "restarting PostgreSQL for the preloaded libraries"
    as_os_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$DEVENV_DIR/postgres.log" -m fast -w -t 60 restart >/dev/null
  fi
  echo "$build_sum" >"$DEVENV_DIR/preloaded.md5"
  if ! as_os_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL"
    as_os_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$DEVENV_DIR/postgres.log" -w -t 60 start >/dev/null
  fi
  for database in "$TEST_DATABASE" "$BACKEND_DATABASE"; do
    if [[ -z $(psql_admin postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
      psql_admin postgres -qc "CREATE DATABASE $database" >/dev/null
    fi
  done
}

psql_admin() {
  local database=$1
  shift
  psql -X -h "$DEVENV_DIR" -p "$PG_PORT" -U postgres -d "$database" -v ON_ERROR_STOP=1 "$@"
}

tds_server_running() {
  [[ -f "$DEVENV_DIR/tds_server.pid" ]] && kill -0 "$(cat "$DEVENV_DIR/tds_server.pid")" 2>/dev/null
}

start_tds_server() {
  [[ -n "${MSSQL_TEST_HOST:-}" ]] && return 0
  local binary=$BUILD_DIR/test/tds_server/tds_test_server
  if [[ ! -x "$binary" ]]; then
    log "no TDS test server binary; MSSQL-side tests will be skipped"
    return 0
  fi
  tds_server_running && return 0
  log "starting the TDS test server on 127.0.0.1:$TDS_PORT"
  : >"$DEVENV_DIR/tds_server.out"
  "$binary" --listen "127.0.0.1:$TDS_PORT" \
    --backend "host=$DEVENV_DIR port=$PG_PORT dbname=$BACKEND_DATABASE user=postgres" \
    --user "$TDS_USER" --password "$TDS_PASSWORD" --database "$TDS_DATABASE" \
    --log "$DEVENV_DIR/tds_server.log" >"$DEVENV_DIR/tds_server.out" 2>&1 &
  echo $! >"$DEVENV_DIR/tds_server.pid"
  for _ in $(seq 1 100); do
    grep -q "listening on" "$DEVENV_DIR/tds_server.out" && return 0
    kill -0 "$(cat "$DEVENV_DIR/tds_server.pid")" 2>/dev/null || break
    sleep 0.1
  done
  cat "$DEVENV_DIR/tds_server.out" >&2
  log "the TDS test server did not start"
  exit 1
}

print_env() {
  echo "export PGHOST='$DEVENV_DIR' PGPORT='$PG_PORT' PGUSER='postgres' PGDATABASE='$TEST_DATABASE'"
  echo "export MSSQL_UPSERT_DEVENV_DIR='$DEVENV_DIR'"
  if [[ -n "${MSSQL_TEST_HOST:-}" ]]; then
    echo "export MSSQL_HOST='$MSSQL_TEST_HOST' MSSQL_PORT='${MSSQL_TEST_PORT:-1433}'" \
      "MSSQL_USER='${MSSQL_TEST_USER:-sa}' MSSQL_PASSWORD='${MSSQL_TEST_PASSWORD:-}'" \
      "MSSQL_DATABASE='${MSSQL_TEST_DATABASE:-master}' MSSQL_IS_TEST_SERVER=0"
  elif tds_server_running; then
    echo "export MSSQL_HOST='127.0.0.1' MSSQL_PORT='$TDS_PORT' MSSQL_USER='$TDS_USER'" \
      "MSSQL_PASSWORD='$TDS_PASSWORD' MSSQL_DATABASE='$TDS_DATABASE' MSSQL_IS_TEST_SERVER=1"
  else
    echo "unset MSSQL_HOST MSSQL_PORT MSSQL_USER MSSQL_PASSWORD MSSQL_DATABASE MSSQL_IS_TEST_SERVER"
  fi
}

up() {
  "$ROOT/scripts/install_deps.sh"
  mkdir -p "$DEVENV_DIR"
  [[ $(id -u) -eq 0 ]] && chown "$OS_USER" "$DEVENV_DIR"
  build_and_install
  start_postgres
  start_tds_server
  print_env
}

down() {
  if tds_server_running; then
    log "stopping the TDS test server"
    kill "$(cat "$DEVENV_DIR/tds_server.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do tds_server_running || break; sleep 0.1; done
    tds_server_running && kill -9 "$(cat "$DEVENV_DIR/tds_server.pid")" 2>/dev/null || true
  fi
  if [[ -f "$PG_DATA/PG_VERSION" ]] && as_os_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    log "stopping PostgreSQL"
    as_os_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
  rm -rf "$DEVENV_DIR"
}

case "${1:-}" in
up) up ;;
down) down ;;
env) print_env ;;
*)
  echo "usage: $0 up|down|env" >&2
  exit 2
  ;;
esac
