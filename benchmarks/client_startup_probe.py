"""Child process of client_bench: runs the real `ebranch-desktop` entry point and reports when
the main window is first painted, then quits. Prints "shown <seconds since exec> <peak RSS MB>".

Nothing is imported ahead of the program: the paint watcher is attached when the program itself
imports its main window, so the start-up does the same imports, in the same order, as a user's.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import time

from peak_memory import peak_rss_mb  # beside this script; stdlib only: the program still imports first

START = float(sys.argv[1])  # the parent's clock when it started this process
WATCHED = "ebranch_desktop.ui.main_window"


def report_first_paint(main_window_module) -> None:  # noqa: ANN001
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and isinstance(obj, main_window_module.MainWindow):
                elapsed = time.time() - START
                rss = peak_rss_mb()
                print(f"shown {elapsed:.3f} {rss:.0f}", flush=True)
                QApplication.instance().removeEventFilter(self)
                QApplication.instance().quit()
            return False

    show = main_window_module.MainWindow.show
    watcher = FirstPaint()

    def show_and_watch(window) -> None:  # noqa: ANN001
        QApplication.instance().installEventFilter(watcher)
        show(window)

    main_window_module.MainWindow.show = show_and_watch


class WatchMainWindow(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Lets the real import run, then hooks the window's show()."""

    def find_spec(self, name, path, target=None):  # noqa: ANN001, ANN201
        if name != WATCHED:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module) -> None:  # noqa: ANN001
            original_exec(module)
            report_first_paint(module)

        loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, WatchMainWindow())
from ebranch_desktop.ui.app import main  # noqa: E402 - timed as part of start-up

sys.exit(main(sys.argv[2:]))
