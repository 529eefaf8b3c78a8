# Sourced by .ci/run: start a throwaway PostgreSQL cluster on 127.0.0.1 (Debian's package) and
# export REVIEW_PIPELINE_TEST_PG_URL for tests/test_db.py; the cluster is removed on exit.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
  apt-get update && apt-get install -y --no-install-recommends postgresql
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PG_BIN=${PG_BIN:-$(dirname "$(command -v pg_ctl)")}
PG_TMP=$(mktemp -d /tmp/rp-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PG_TMP"
  pg_as() { runuser -u postgres -- "$@"; }
else
  pg_as() { "$@"; }
fi
pg_as "$PG_BIN/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1
pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_TMP -c fsync=off" start >/dev/null
pg_stop() { pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_TMP"; }
trap pg_stop EXIT
export REVIEW_PIPELINE_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL test server: $REVIEW_PIPELINE_TEST_PG_URL"
