#!/bin/sh
# Dump the ebranch-server database in pg_dump's custom format and keep $KEEP_DAYS days of dumps.
# Environment (from /etc/ebranch/backup.env): PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSFILE
# (libpq's variables), BACKUP_DIR (default /var/backups/ebranch), KEEP_DAYS (default 35).
# The escrow key is NOT in these dumps: back /etc/ebranch/escrow.key up separately.
set -eu
dir=${BACKUP_DIR:-/var/backups/ebranch}
keep=${KEEP_DAYS:-35}
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
mkdir -p "$dir"
tmp="$dir/.ebranch-$stamp.dump.partial"
pg_dump --format=custom --compress=6 --no-owner --file="$tmp"
pg_restore --list "$tmp" >/dev/null   # a dump that cannot be listed is no backup
mv "$tmp" "$dir/ebranch-$stamp.dump"
find "$dir" -maxdepth 1 -name 'ebranch-*.dump' -mtime +"$keep" -delete
echo "backup written: $dir/ebranch-$stamp.dump"
