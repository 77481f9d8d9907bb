#!/bin/bash
# Point-in-time recovery drill for the documented pgBackRest setup (deploy/pgbackrest/), on this machine: a throwaway
# PostgreSQL cluster in /tmp with WAL archiving through pgBackRest to a local (posix) repository, encrypted as in
# production; a full backup, a gift, a mistake (every gift deleted), then a restore to the moment before the mistake.
# Prints the timings and ends with one key=value line. Needs Debian's postgresql and pgbackrest
# (apt-get install postgresql pgbackrest); run as root (the cluster runs as postgres) or as postgres.
#     bash scripts/pitr_drill.sh
set -euo pipefail
R=/tmp/pitr-drill; rm -rf $R; mkdir -p $R/repo $R/log $R/spool
B=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1); P=${PITR_PORT:-55432}
export PGBACKREST_REPO1_CIPHER_PASS=pitr-drill-not-a-secret
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres $R; as() { runuser -u postgres -- env PGBACKREST_REPO1_CIPHER_PASS="$PGBACKREST_REPO1_CIPHER_PASS" "$@"; }; else as() { "$@"; }; fi
now() { date +%s.%N; }
cleanup() { as $B/pg_ctl -D $R/data -m immediate -w stop >/dev/null 2>&1 || true; rm -rf $R; }
trap cleanup EXIT
cat > $R/pgbackrest.conf <<CONF
[global]
repo1-path=$R/repo
repo1-cipher-type=aes-256-cbc
repo1-retention-full=4
repo1-retention-full-type=count
process-max=2
compress-type=zst
start-fast=y
archive-async=y
spool-path=$R/spool
log-path=$R/log
lock-path=$R
log-level-console=warn
[fundraising]
pg1-path=$R/data
pg1-port=$P
pg1-socket-path=$R
CONF
[ "$(id -u)" = 0 ] && chown postgres $R/pgbackrest.conf
as $B/initdb -D $R/data -U postgres --auth=trust >/dev/null
cat >> $R/data/postgresql.auto.conf <<CONF
port = $P
unix_socket_directories = '$R'
listen_addresses = ''
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$R/pgbackrest.conf --stanza=fundraising archive-push %p'
archive_timeout = 60
CONF
sql() { as $B/psql -h $R -p $P -U postgres -qAtc "$1"; }
as $B/pg_ctl -D $R/data -l $R/pg.log -w start >/dev/null
PB="pgbackrest --config=$R/pgbackrest.conf --stanza=fundraising"
as $PB stanza-create
as $PB check
sql "CREATE TABLE gifts (id int, amount numeric); INSERT INTO gifts VALUES (1, 25.00)"
t0=$(now); as $PB --type=full backup; backup_s=$(echo "$(now) - $t0" | bc)
sql "INSERT INTO gifts VALUES (2, 50.00)"   # a gift after the backup: only the archived WAL has it
sleep 1.5; target=$(sql "SELECT now()"); sleep 1.5
sql "DELETE FROM gifts"                     # the mistake
sql "SELECT pg_switch_wal()" >/dev/null; sleep 3
as $B/pg_ctl -D $R/data -m fast -w stop >/dev/null
t0=$(now)
as $PB --delta --type=time "--target=$target" --target-action=promote restore
as $B/pg_ctl -D $R/data -l $R/pg.log -w start >/dev/null
until [ "$(sql 'SELECT pg_is_in_recovery()')" = "f" ]; do sleep 0.2; done
restore_s=$(echo "$(now) - $t0" | bc)
rows=$(sql "SELECT array_agg(id ORDER BY id) FROM gifts")
echo "pgBackRest $(pgbackrest version | cut -d' ' -f2), PostgreSQL $(sql 'SHOW server_version')"
echo "full backup ${backup_s}s; restore to $target + WAL replay + promote ${restore_s}s; gifts after recovery: $rows"
ok=0; [ "$rows" = "{1,2}" ] && ok=1
echo "pitr backup_s=$(printf %.2f "$backup_s") restore_s=$(printf %.2f "$restore_s") gifts_recovered=$ok"
[ $ok = 1 ]
