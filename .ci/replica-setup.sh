#!/usr/bin/env bash
# A streaming hot standby of the CI PostgreSQL (127.0.0.1:5432) on 127.0.0.1:5433, for the read-replica
# test (tests/integration/replica.test.ts, TEST_DATABASE_READ_URL). Idempotent and fast on a second run:
# an existing standby that is streaming is left alone; a broken one is dropped and made again.
# Needs root (or the postgres user) on a Debian-style PostgreSQL 15 (pg_createcluster, pg_ctlcluster).
set -euo pipefail
VERSION="${PG_VERSION:-15}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
PORT="${REPLICA_PORT:-5433}"
NAME="${REPLICA_CLUSTER:-replica}"
PGBIN="/usr/lib/postgresql/$VERSION/bin"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
q() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atqc "$2"; }

# 1. The primary: WAL for a standby, a replication line in pg_hba (trust on loopback, as the CI cluster).
hba=$(q "$PRIMARY_PORT" "SHOW hba_file")
reload=0
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$hba"
  reload=1
fi
if [ "$(q "$PRIMARY_PORT" "SHOW wal_level")" = minimal ] || [ "$(q "$PRIMARY_PORT" "SHOW max_wal_senders")" = 0 ]; then
  q "$PRIMARY_PORT" "ALTER SYSTEM SET wal_level = replica" >/dev/null
  q "$PRIMARY_PORT" "ALTER SYSTEM SET max_wal_senders = 10" >/dev/null
  main=$(q "$PRIMARY_PORT" "SHOW cluster_name" | sed 's#.*/##'); main=${main:-main}
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$main" restart
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$PRIMARY_PORT" -q && break; sleep 1; done
elif [ "$reload" = 1 ]; then
  q "$PRIMARY_PORT" "SELECT pg_reload_conf()" >/dev/null
fi

# 2. Already there and streaming?
streaming() {
  [ "$(q "$PORT" "SELECT pg_is_in_recovery()" 2>/dev/null)" = t ] \
    && [ "$(q "$PORT" "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'" 2>/dev/null)" = 1 ]
}
if pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -qx "$VERSION $NAME"; then
  if ! pg_isready -h 127.0.0.1 -p "$PORT" -q; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start || true
    for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p "$PORT" -q && break; sleep 0.5; done
  fi
  for _ in $(seq 1 20); do streaming && { echo "== replica: $NAME on $PORT is streaming"; exit 0; }; sleep 0.5; done
  echo "== replica: $NAME on $PORT is not a streaming standby: making it again"
  pg_dropcluster --stop "$VERSION" "$NAME"
fi

# 3. A new cluster, its data directory replaced by a base backup of the primary (-R: standby.signal +
#    primary_conninfo), started as a hot standby.
echo "== replica: pg_createcluster $VERSION $NAME -p $PORT, pg_basebackup -R from 127.0.0.1:$PRIMARY_PORT"
pg_createcluster "$VERSION" "$NAME" -p "$PORT" >/dev/null
data="/var/lib/postgresql/$VERSION/$NAME"
conf="/etc/postgresql/$VERSION/$NAME"
mkdir -p "$data"; find "$data" -mindepth 1 -delete; chown postgres:postgres "$data"; chmod 700 "$data"
as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast
# The standby's own settings live in /etc (Debian layout): trust on loopback, hot standby, fast feedback.
cp "/etc/postgresql/$VERSION/main/pg_hba.conf" "$conf/pg_hba.conf" 2>/dev/null || true
chown postgres:postgres "$conf/pg_hba.conf"
cat >"$conf/conf.d/lifecircle-replica.conf" <<CONF
hot_standby = on
hot_standby_feedback = on
wal_receiver_status_interval = 1s
max_standby_streaming_delay = 30s
CONF
chown postgres:postgres "$conf/conf.d/lifecircle-replica.conf"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$PORT" -q && break; sleep 0.5; done
for _ in $(seq 1 30); do streaming && { echo "== replica: $NAME on $PORT is streaming"; exit 0; }; sleep 0.5; done
echo "== replica: $NAME on $PORT did not start streaming" >&2
exit 1
