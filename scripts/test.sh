#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, as CI does: client, GUI (offscreen), CLI,
# server on SQLite and on a throwaway PostgreSQL, then the installer bundle's self-test.
# Extra arguments go to pytest. Exits non-zero if anything fails.
#   EBRANCH_SKIP_BUNDLE=1   skip building the PyInstaller bundle (saves a few minutes)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh" test
venv=${EBRANCH_VENV:-$root/.venv}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
export PATH="$venv/bin:$PATH"

eval "$("$root/scripts/test-postgres.sh" start)"
export EBRANCH_TEST_PG_URL EBRANCH_REQUIRE_PG=1
trap '"$root/scripts/test-postgres.sh" stop >/dev/null 2>&1 || true' EXIT

status=0
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" || status=$?

if [ "${EBRANCH_SKIP_BUNDLE:-0}" != 1 ] && [ -x "$root/installer/ci-build-and-selftest.sh" ]; then
  VENV="$venv" "$root/installer/ci-build-and-selftest.sh" || status=$?
fi
exit $status
