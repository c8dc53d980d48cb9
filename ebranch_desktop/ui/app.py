"""Entry point of the window program `ebranch-desktop`."""

from __future__ import annotations

import argparse
import gc
import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from .. import __version__
from ..paths import resolve_data_dir

log = logging.getLogger("ebranch")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ebranch-desktop", description="e支部 桌面版")
    parser.add_argument("--data-dir", help="工作区目录 / workspace folder")
    parser.add_argument("--demo", action="store_true", help="打开演示工作区 / open the demo workspace")
    parser.add_argument("--lang", choices=["zh", "en"], help="界面语言 / interface language")
    parser.add_argument("--version", action="version", version=f"ebranch-desktop {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="检查本程序能否正常运行后退出 / check this installation and exit")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def data_dir_for(args: argparse.Namespace, with_server: bool) -> Path:
    """The demo gets its own folder so it never mixes with a real workspace."""
    if args.demo and not args.data_dir:
        return resolve_data_dir(None) / ("demo" if with_server else "demo-offline")
    return resolve_data_dir(args.data_dir)


def setup_logging(data_dir: Path) -> None:
    """A rotating log in the workspace folder for support calls (never personal numbers)."""
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        logs / "ebranch.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def load_core_before_qt() -> None:
    """Import the core (SQLAlchemy, the services) before PySide6.

    PySide6's import hook reads the source of every module imported after it: a source install
    would pay ~0.1 s for it at every start (the bundle has no sources to read).
    """
    from ..services import meetings, members  # noqa: F401
    from ..store import workspace  # noqa: F401
    from ..sync import account  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:  # before any QApplication: the self-test picks the Qt platform itself
        from .self_test import run

        return run()
    load_core_before_qt()
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..store.schema import NewerSchemaError
    from ..store.workspace import Workspace
    from . import i18n, instance_guard, prefs, style
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("ebranch")
    app.setApplicationName("ebranch-desktop")
    app.setApplicationVersion(__version__)
    from PySide6.QtGui import QIcon

    from ..paths import resource

    app.setWindowIcon(QIcon(str(resource("icons", "ebranch.png"))))
    i18n.install(app, args.lang or prefs.LANGUAGE.get())
    style.apply(app, prefs.FONT_POINT_SIZE.get())

    demo_server = None
    if args.demo:
        from .. import demo_server
    with_server = demo_server is not None and demo_server.available()
    data_dir = data_dir_for(args, with_server)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        setup_logging(data_dir)
        guard = instance_guard.InstanceGuard(data_dir)
        if (code := instance_guard.claim(guard)) is not None:
            return code  # this workspace is open in another window, now in front
        from .update_actions import at_start  # a verified update waiting: offered before anything opens

        if (code := at_start(data_dir)) is not None:
            return code  # the new version was installed and started
        # Nothing is read yet: the workspace is encrypted and opens when someone signs in.
        workspace = Workspace(data_dir)
        workspace.vault()  # a damaged key file is said now, not at the first sign-in
        if args.demo and not with_server and not workspace.exists:
            from .. import local_demo  # the demo township's data: only loaded when made

            local_demo.create_local_demo(workspace)  # no server in this install: an offline demo
            workspace.lock()
    except NewerSchemaError as exc:
        QMessageBox.critical(None, "e支部", str(exc))
        return 2
    except Exception as exc:  # noqa: BLE001 - a damaged or unreadable file: say so, don't crash
        log.exception("cannot open workspace in %s", data_dir)
        QMessageBox.critical(
            None, "e支部",
            f"无法打开工作区 {data_dir}：{exc}\nCannot open the workspace in {data_dir}: {exc}",
        )
        return 1

    def excepthook(kind, value, tb) -> None:  # noqa: ANN001
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        QMessageBox.critical(
            None, "e支部",
            f"程序出现错误，已记录在日志中。已保存的数据不受影响。\n{value}\n"
            "An error occurred and was logged; saved data is not affected.",
        )

    sys.excepthook = excepthook
    # The demo server keeps its (plain) database beside the workspace folder, never inside it.
    server = demo_server.DemoServer(data_dir.parent / f"{data_dir.name}-server") if with_server else None
    window = MainWindow(workspace, demo_server=server)
    window.show()
    guard.activate_requested.connect(lambda: instance_guard.bring_to_front(window))
    guard.listen()
    window.start()
    # Everything loaded so far (modules, classes, Qt's wrappers: ~95,000 objects) lives as long
    # as the program; out of the collector's sight, a full collection takes ~1 ms instead of
    # ~60 ms, which came as a random hitch in whatever the user was doing.
    gc.freeze()
    code = app.exec()
    guard.release()
    workspace.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
