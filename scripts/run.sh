#!/usr/bin/env bash
# Set everything up and run Tarjotin with the demo data at http://127.0.0.1:8000/
# (SQLite under var/ unless TARJOTIN_DATABASE_URL says otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m tarjotin demo --if-empty
exec .venv/bin/python -m tarjotin serve "$@"
