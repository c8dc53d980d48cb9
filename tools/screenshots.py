"""Take the README screenshots on a 1366×768 laptop screen: run under Xvfb, writes docs/images/*.png.

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshots.py                 # 14 pt, 100 %
    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshots.py --font 20 --scale 1.5
    xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshots.py --lang en

The default (14 pt, 100 %, Chinese) writes the names the README shows (main-window.png …);
other sizes and languages add a suffix (main-window-20pt-150.png, main-window-en.png).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def settle(app, ms: int = 400) -> None:  # noqa: ANN001 - a QApplication
    """Let layouts and paints finish before grabbing the screen."""
    from PySide6.QtCore import QTimer

    done = []
    QTimer.singleShot(ms, lambda: done.append(True))
    while not done:
        app.processEvents()


def until(app, condition, limit_ms: int = 60_000) -> None:  # noqa: ANN001
    waited = 0
    while not condition() and waited < limit_ms:
        settle(app, 100)
        waited += 100


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--font", type=int, default=14, help="14, 16 or 20 pt")
    parser.add_argument("--scale", default="1", help="display scaling: 1, 1.25 or 1.5")
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = args.scale  # read once, when the application starts

    from PySide6.QtWidgets import QApplication

    from ebranch_desktop.demo_server import DEMO_PASSWORD, DemoServer
    from ebranch_desktop.store.workspace import open_workspace
    from ebranch_desktop.sync.account import Accounts
    from ebranch_desktop.ui import i18n, style
    from ebranch_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    i18n.install(app, args.lang)
    style.apply(app, args.font)
    suffix = "" if (args.font, float(args.scale)) == (14, 1.0) else f"-{args.font}pt-{round(float(args.scale) * 100)}"
    suffix += "" if args.lang == "zh" else f"-{args.lang}"

    def grab(name: str) -> None:
        settle(app)
        # Xvfb has no window manager to keep a maximized window at the screen's size.
        window.setGeometry(app.primaryScreen().availableGeometry())
        settle(app)
        path = OUT / f"{name}{suffix}.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        print("wrote", path)

    data_dir = Path(args.data_dir or tempfile.mkdtemp())
    # The real demo: the local reference server, signed in as the township officer (青山镇).
    server = DemoServer(data_dir / "server")
    server.start()
    ws = open_workspace(data_dir / "workspace")
    accounts = Accounts(ws)
    session = accounts.sign_in(server.url, "qingshan", DEMO_PASSWORD)
    window = MainWindow(ws, accounts=accounts)
    window.show()
    window.sync.set_session(session)
    until(app, lambda: bool(window.tree.nodes) and window.sync.online and not window.sync.running)
    window.tree.select_org(window.tree._default_org())
    grab("main-window")
    # The reports tab: the township's compliance matrix and the monthly attendance chart.
    window.tabs.setCurrentWidget(window.reports)
    window.reports.compliance.picker.set_period("2026Q3")  # a finished quarter shows its gaps
    pages = ((window.reports.compliance, "reports-compliance"), (window.reports.attendance, "reports-attendance"))
    for page, name in pages:
        window.reports.tabs.setCurrentWidget(page)
        until(app, lambda p=page: p.task is not None and not p.task.running)
        grab(name)
    window.tabs.setCurrentIndex(0)
    # The meeting editor on a held branch meeting: its attendance page, then its form.
    model = window.meetings.model
    window.meetings.set_range("all")
    row = next(n for n in range(model.rowCount())
               if model.row_at(n).type == "branch_general" and model.row_at(n).status == "held")
    editor = window.open_meeting(model.row_at(row).id)
    editor.move(0, 0)
    editor.tabs.setCurrentIndex(1)
    grab("meeting-editor")
    editor.tabs.setCurrentIndex(0)
    grab("meeting-editor-basic")
    editor.close()
    # A conflict: the topic and minutes changed here and on the server.
    meeting_id = model.row_at(row).id
    make_conflict(ws, meeting_id)
    dialog = window.show_conflicts()
    dialog.move(0, 0)
    grab("conflict-dialog")
    dialog.close()
    window.close()
    ws.close()
    server.stop()
    return 0


def make_conflict(ws, meeting_id: str) -> None:  # noqa: ANN001 - a Workspace
    """Edit a synced meeting here and record the server's different edit, as a pull would."""
    from ebranch_desktop.services import meetings
    from ebranch_desktop.store.models import Meeting
    from ebranch_desktop.store.records import row_fields
    from ebranch_desktop.sync import wire
    from ebranch_desktop.sync.apply import record_conflict

    with ws.read() as s:
        row = s.get(Meeting, meeting_id)
        theirs = dict(row_fields(row))
        rev = row.rev or 1
    minutes = theirs.get("minutes") or ""
    with ws.write("sec001") as s:
        meetings.update_meeting(s, meeting_id, {"topic": theirs["topic"] + "（村里补充）",
                                                "minutes": minutes + "会后由村委会牵头落实。"})
    theirs.update(topic=theirs["topic"] + "（镇里修改）", minutes=minutes + "会后报镇党委审批后实施。",
                  place="镇党群服务中心")
    record = wire.Record(table="meetings", id=meeting_id, rev=rev + 1, updated_by="qingshan",
                         updated_at="2026-05-02T09:30:00", fields=theirs)
    with ws.write("sec001") as s:
        record_conflict(s, s.get(Meeting, meeting_id), record, ["topic", "minutes"])


if __name__ == "__main__":
    sys.exit(main())
