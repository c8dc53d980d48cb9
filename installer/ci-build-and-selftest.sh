#!/usr/bin/env bash
# CI: build the one-folder bundle with PyInstaller, then prove it works: every bundled library
# resolves, the built GUI passes --self-test offscreen, and the portable tests run on a copy.
# Usage: installer/ci-build-and-selftest.sh   (python: $VENV/bin/python, else $PYTHON, else python3)
# Output goes to build/ci-bundle/ (git-ignored). Exits non-zero on any failure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${VENV:+$VENV/bin/python}
PY=${PY:-${PYTHON:-python3}}
OUT=${EBRANCH_CI_BUNDLE_OUT:-$ROOT/build/ci-bundle}
BUNDLE=$OUT/dist/ebranch-desktop
start=$SECONDS
step() { printf '\n== %s (%ss)\n' "$*" "$((SECONDS - start))"; }

command -v objdump >/dev/null || { echo "PyInstaller needs objdump: apt-get install -y binutils" >&2; exit 1; }

step "build the one-folder bundle and the portable zip"
rm -rf "$OUT/dist"
"$PY" "$ROOT/installer/build.py" --dist "$OUT/dist" --work "$OUT/work" --portable

step "every library the bundle ships can find the libraries it needs inside the bundle"
# System libraries a Linux plugin may want (GTK theme, xcb-cursor) are not our concern; a
# Qt/Python library missing means the spec trimmed or forgot something.
missing=$(find "$BUNDLE/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 \
  | LD_LIBRARY_PATH="$BUNDLE/_internal" xargs -0 ldd 2>/dev/null \
  | grep -E '^\s*lib(Qt6|pyside6|shiboken6|python3|icu)[^ ]* => not found' | sort -u || true)
if [ -n "$missing" ]; then echo "libraries missing from the bundle:"; echo "$missing"; exit 1; fi
echo "ok"

step "the built GUI's --self-test, offscreen, with an empty home"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
HOME=$home QT_QPA_PLATFORM=offscreen timeout 300 "$BUNDLE/ebranch-desktop" --self-test
HOME=$home timeout 60 "$BUNDLE/ebranch" --version

step "the built CLI as the Windows workflow runs it: demo, JSON, GBK console, sync against ebranch-server"
# (the keyring is not expected here: a CI machine has no Secret Service; Windows must keep the token)
HOME=$home "$PY" "$ROOT/installer/frozen_cli_check.py" --bundle "$BUNDLE" --server "$(dirname "$(command -v "$PY")")/ebranch-server"

step "portable tests on a copy of the bundle"
EBRANCH_BUNDLE_DIR=$BUNDLE EBRANCH_PORTABLE_ZIP=$(ls "$OUT"/dist/ebranch-desktop-*-portable.zip) \
  "$PY" -m pytest -q -p no:cacheprovider "$ROOT/tests/installer"

du -sh "$BUNDLE" "$OUT"/dist/*.zip
step "bundle built and checked"
