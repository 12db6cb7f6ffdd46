#!/usr/bin/env bash
# Install what Tarjotin needs into .venv (and Debian packages, once features need them).
# Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

extras="${1:-}"  # "test" adds the test tools
python="${PYTHON:-python3}"

# Debian packages: Voikko and its Finnish dictionary for search, gettext to compile the
# interface translations; the test set-up adds Chromium for the browser tests.
apt_packages=(libvoikko1 voikko-fi gettext)
[ "$extras" = "test" ] && apt_packages+=(chromium fonts-dejavu-core)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-${extras:-run}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  # -qq: only errors; this machine's pip configuration warns about every package otherwise.
  # requirements.lock pins every package's version (scripts/lock.sh writes it).
  .venv/bin/python -m pip install -qq --upgrade pip
  .venv/bin/python -m pip install -qq -c requirements.lock -e ".${extras:+[$extras]}"
  touch "$stamp"
fi

# Front-end files from the npm registry, vendored as static files (no CDN at run time).
if [ ! -d node_modules ] || [ package.json -nt node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --silent --no-audit --no-fund
  touch node_modules
fi
vendor=tarjotin/web/static/vendor
mkdir -p "$vendor/leaflet"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/leaflet/"
cp -r node_modules/leaflet/dist/images "$vendor/leaflet/"

# Interface translations (.po -> .mo).
(cd tarjotin && ../.venv/bin/python -m django compilemessages --settings tarjotin.settings -v 0)
