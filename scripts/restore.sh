#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database, then let each web node
# rebuild its search index (python -m tarjotin rebuild_search_index, or just start it):
#   createdb tarjotin_restored && scripts/restore.sh /backups/tarjotin.dump postgres://…/tarjotin_restored
set -euo pipefail
file="${1:?backup file}"
url="${2:?database URL of an empty database}"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$file"
echo "restored $file into $url"
