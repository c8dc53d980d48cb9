#!/usr/bin/env bash
# Prepare this machine for ebranch-desktop: the system libraries Qt needs on a bare Debian/Ubuntu,
# CJK fonts, and a virtualenv with the project and its pinned dependencies.
#   scripts/setup.sh run    # enough to run the app
#   scripts/setup.sh test   # also what the test suite needs (PostgreSQL, poppler, binutils, osslsigncode)
# Idempotent and quick once set up: the venv keeps a stamp of what was installed into it (a hash
# of requirements/lock.txt, pyproject.toml, the extras and this source folder); while the stamp
# matches, pip is not run at all. EBRANCH_SETUP_FORCE=1 reinstalls anyway. The venv is .venv/
# unless EBRANCH_VENV says otherwise. pip's own output goes to <venv>/setup-pip.log and is shown
# only when the install fails.
set -euo pipefail
profile=${1:-run}
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${EBRANCH_VENV:-$root/.venv}

run_pkgs=(libegl1 libgl1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  libfontconfig1 libdbus-1-3 fonts-noto-cjk python3-venv)
# osslsigncode: installer/sign.py and its tests; nginx: the sample deployment's config check
test_pkgs=(poppler-utils postgresql binutils xvfb osslsigncode nginx)
pkgs=("${run_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}")

if command -v dpkg-query >/dev/null 2>&1; then
  # One dpkg-query for all packages (one per package cost a noticeable part of a second).
  installed=" $(dpkg-query -W -f='${Package}:${Status}\n' "${pkgs[@]}" 2>/dev/null \
    | awk -F: '$2 == "install ok installed" {printf "%s ", $1}')"
  missing=()
  for p in "${pkgs[@]}"; do
    [[ "$installed" == *" $p "* ]] || missing+=("$p")
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

extras="gui,server"
[ "$profile" = test ] && extras="gui,server,dev"
stamp=$venv/.ebranch-setup-stamp
# What the venv must match: the pins, the project's metadata (dependencies, entry points), and
# the source folder the editable install points at (a venv shared between worktrees).
want=$(cat "$root/requirements/lock.txt" "$root/pyproject.toml" | sha256sum | cut -c1-64)" $root"
have=""
[ -f "$stamp" ] && have=$(cat "$stamp")
# The test profile installs everything the run profile does, so its stamp serves both.
if [ "${EBRANCH_SETUP_FORCE:-0}" != 1 ] && [ -x "$venv/bin/python" ] \
  && { [ "$have" = "$want test" ] || { [ "$profile" = run ] && [ "$have" = "$want run" ]; }; }; then
  echo "ready: $venv"
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
rm -f "$stamp"
log=$venv/setup-pip.log
echo "installing Python packages into $venv (pinned by requirements/lock.txt; log: $log)"
# Constraints pin every version; -e keeps the source tree live for development. The build
# backend's notes (setuptools' editable-install banner) stay in the log, not on the console.
if ! { "$venv/bin/python" -m pip install --upgrade pip \
       && "$venv/bin/python" -m pip install -c "$root/requirements/lock.txt" -e "$root[$extras]"; } \
     >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "setup failed: pip could not install the packages (full log: $log)" >&2
  exit 1
fi
"$venv/bin/python" -c "import ebranch_desktop, PySide6" || { echo "setup failed" >&2; exit 1; }
echo "$want $profile" >"$stamp"
echo "ready: $venv"
