#!/usr/bin/env bash
# Back up Tarjotin's PostgreSQL database to one file (custom format, compressed):
#   scripts/backup.sh postgres://user@host:5432/tarjotin /backups/tarjotin-$(date +%F).dump
# The search indexes are not backed up: every node rebuilds its own from the database.
set -euo pipefail
url="${1:?database URL}"
file="${2:?backup file}"
pg_dump --format=custom --no-owner --no-privileges --file="$file" "$url"
echo "backed up to $file ($(du -h "$file" | cut -f1))"
