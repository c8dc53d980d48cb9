"""Take the README screenshots: run under Xvfb (see README), writes docs/images/*.png.

    xvfb-run -a -s "-screen 0 1440x900x24" python tools/screenshots.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ebranch_desktop.demo_server import DEMO_PASSWORD, DemoServer
from ebranch_desktop.store.workspace import open_workspace
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.ui import i18n, style
from ebranch_desktop.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def settle(app: QApplication, ms: int = 400) -> None:
    """Let layouts and paints finish before grabbing the screen."""
    done = []
    QTimer.singleShot(ms, lambda: done.append(True))
    while not done:
        app.processEvents()


def until(app: QApplication, condition, limit_ms: int = 60_000) -> None:  # noqa: ANN001
    waited = 0
    while not condition() and waited < limit_ms:
        settle(app, 100)
        waited += 100


def grab(app: QApplication, name: str) -> None:
    settle(app)
    app.primaryScreen().grabWindow(0).save(str(OUT / name))
    print("wrote", OUT / name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    style.apply(app, 13)
    data_dir = Path(args.data_dir or tempfile.mkdtemp())
    # The real demo: the local reference server, signed in as the township officer (青山镇).
    server = DemoServer(data_dir / "server")
    server.start()
    ws = open_workspace(data_dir / "workspace")
    accounts = Accounts(ws)
    session = accounts.sign_in(server.url, "qingshan", DEMO_PASSWORD)
    window = MainWindow(ws, accounts=accounts)
    window.resize(1420, 880)
    window.move(10, 10)
    window.show()
    window.sync.set_session(session)
    until(app, lambda: bool(window.tree.nodes) and window.sync.online and not window.sync.running)
    window.tree.select_org(window.tree._default_org())
    suffix = "" if args.lang == "zh" else f"-{args.lang}"
    grab(app, f"main-window{suffix}.png")
    # The reports tab: the township's compliance matrix and the monthly attendance chart.
    window.tabs.setCurrentWidget(window.reports)
    window.reports.compliance.picker.set_period("2026Q3")  # a finished quarter shows its gaps
    pages = ((window.reports.compliance, "reports-compliance"), (window.reports.attendance, "reports-attendance"))
    for page, name in pages:
        window.reports.tabs.setCurrentWidget(page)
        until(app, lambda p=page: p.task is not None and not p.task.running)
        grab(app, f"{name}{suffix}.png")
    window.tabs.setCurrentIndex(0)
    # The meeting editor on a held branch meeting, on its attendance page.
    model = window.meetings.model
    row = next(n for n in range(model.rowCount())
               if model.row_at(n).type == "branch_general" and model.row_at(n).status == "held")
    editor = window.open_meeting(model.row_at(row).id)
    editor.move(60, 40)
    editor.resize(1200, 820)
    editor.tabs.setCurrentIndex(1)
    grab(app, f"meeting-editor{suffix}.png")
    editor.tabs.setCurrentIndex(0)
    grab(app, f"meeting-editor-basic{suffix}.png")
    editor.close()
    window.close()
    ws.close()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
