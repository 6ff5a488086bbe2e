#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a throwaway PostgreSQL cluster on 127.0.0.1,
# started here and stopped (and deleted) when the command ends, however it ends.
#   scripts/with-postgres.sh <command...>
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
DIR=$(mktemp -d /tmp/cc-pg.XXXXXX)
PORT=${PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c fsync=off -c max_connections=200" start >/dev/null
as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE ROLE app LOGIN SUPERUSER PASSWORD 'app'" \
  -c "CREATE DATABASE app OWNER app"
export DATABASE_URL="postgresql://app:app@127.0.0.1:$PORT/app"
echo "PostgreSQL on 127.0.0.1:$PORT (throwaway cluster in $DIR)" >&2
"$@"
