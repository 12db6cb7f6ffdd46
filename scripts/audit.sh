#!/usr/bin/env bash
# Audit the installed Python dependencies for known vulnerabilities (pip-audit).
# Exit 0: none found. Exit 1: vulnerabilities (listed). Exit 3: no advisory database could be
# reached (pip-audit needs pypi.org's JSON API or api.osv.dev; a machine that reaches only a
# package mirror cannot audit) — said plainly, never reported as a pass.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip install -q "pip-audit>=2.7,<3" >/dev/null 2>&1 || { echo "audit: pip-audit could not be installed" >&2; exit 3; }
out="$(.venv/bin/pip-audit --skip-editable --progress-spinner off 2>&1)"
status=$?
unaudited="$(grep -c 'could not be audited' <<<"$out")"
if [ "$unaudited" -gt 0 ]; then
  # pip-audit then still says "No known vulnerabilities found": about packages it never checked.
  echo "audit: NOT RUN — $unaudited packages could not be checked: no advisory database" \
       "(pypi.org JSON API) is reachable from this machine." >&2
  exit 3
fi
echo "$out"
exit $status
