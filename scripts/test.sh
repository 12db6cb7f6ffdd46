#!/usr/bin/env bash
# Run the whole test suite: lint, the OpenAPI check and pytest.
# On SQLite by default; set TARJOTIN_DATABASE_URL=postgres://... to run it on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m tarjotin spectacular --validate --fail-on-warn --file /dev/null
status=0
.venv/bin/pytest -p no:cacheprovider --create-db "$@" || status=$?
if [ "$status" -eq 5 ]; then
  # pytest's "no tests collected": here that means the suite went missing, not that all is well.
  echo "pytest collected no tests; the test suite is missing or mis-configured." >&2
  exit 1
fi
exit "$status"
