#!/usr/bin/env bash
# Set up (if needed) and open the app on the demo workspace: a township with three village
# branches and two years of meetings. Extra arguments go to ebranch-desktop.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" run
venv=${EBRANCH_VENV:-$root/.venv}
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "没有图形界面（DISPLAY 未设置）。在服务器上可用：xvfb-run scripts/run-demo.sh" >&2
  echo "No display (DISPLAY is not set). On a server try: xvfb-run scripts/run-demo.sh" >&2
  exit 1
fi
exec "$venv/bin/ebranch-desktop" --demo "$@"
