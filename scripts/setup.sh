#!/usr/bin/env bash
# Prepare this machine for ebranch-desktop: the system libraries Qt needs on a bare Debian/Ubuntu,
# CJK fonts, and a virtualenv with the project and its pinned dependencies.
#   scripts/setup.sh run    # enough to run the app
#   scripts/setup.sh test   # also what the test suite needs (PostgreSQL, poppler, binutils)
# Idempotent: a second run only checks. The venv is .venv/ unless EBRANCH_VENV says otherwise.
set -euo pipefail
profile=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${EBRANCH_VENV:-$root/.venv}

run_pkgs=(libegl1 libgl1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  libfontconfig1 libdbus-1-3 fonts-noto-cjk python3-venv)
test_pkgs=(poppler-utils postgresql binutils xvfb nginx)
pkgs=("${run_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}")

if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing system packages: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    # A mirror caught mid-sync fails one index; what we need usually still resolves.
    "${sudo_cmd[@]}" apt-get update -qq || echo "apt-get update reported errors; trying to install anyway" >&2
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
else
  echo "not a Debian-like system: install Qt's xcb libraries and a CJK font yourself" >&2
fi

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
extras="gui,server"
[ "$profile" = test ] && extras="gui,server,dev"
# Constraints pin every version; -e keeps the source tree live for development.
"$venv/bin/python" -m pip install -q -c "$root/requirements/lock.txt" -e "$root[$extras]" 2>&1 \
  | grep -v -E "is ignored|^$" || true
"$venv/bin/python" -c "import ebranch_desktop, PySide6" || { echo "setup failed" >&2; exit 1; }
echo "ready: $venv"
