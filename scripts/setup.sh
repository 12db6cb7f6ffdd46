#!/usr/bin/env bash
# Install what Tarjotin needs into .venv (and Debian packages, once features need them).
# Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

extras="${1:-}"  # "test" adds the test tools
python="${PYTHON:-python3}"

# Debian packages the project needs at run time: Voikko and its Finnish dictionary for search.
apt_packages=(libvoikko1 voikko-fi)
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
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # -qq: only errors; this machine's pip configuration warns about every package otherwise.
  .venv/bin/python -m pip install -qq --upgrade pip
  .venv/bin/python -m pip install -qq -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
