"""Child process of client_bench: runs the real `ebranch-desktop` entry point and reports when
the main window is first painted, then quits. Prints "shown <seconds since exec> <peak RSS MB>".
"""

from __future__ import annotations

import resource
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

START = float(sys.argv[1])  # the parent's clock when it started this process


class FirstPaint(QObject):
    """Quits the application at the first paint of the main window."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            elapsed = time.time() - START
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"shown {elapsed:.3f} {rss:.0f}", flush=True)
            QApplication.instance().removeEventFilter(self)
            QApplication.instance().quit()
        return False


app = QApplication(sys.argv[:1])
probe = FirstPaint()
app.installEventFilter(probe)
from ebranch_desktop.ui.app import main  # noqa: E402 - timed as part of start-up

sys.exit(main(sys.argv[2:]))
