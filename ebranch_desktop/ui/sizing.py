"""Windows and dialogs sized to their content and kept on the screen they open on."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the window frame the operating system adds (title bar and borders at 100-150 %).
FRAME = QSize(16, 48)


def available_area(widget: QWidget) -> QRect:
    """The part of the widget's screen not taken by the taskbar."""
    screen = widget.screen() if widget.screen() is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def usable_size(widget: QWidget) -> QSize:
    """The largest client area a window can have on its screen (frame subtracted)."""
    return available_area(widget).size() - FRAME


def fit_to_screen(widget: QWidget, width_share: float | None = None, height_share: float | None = None) -> None:
    """Resize to the content's size hint, or to a share of the screen for long content, never
    larger than the screen (scroll areas inside take the rest)."""
    room = usable_size(widget)
    want = widget.sizeHint().expandedTo(widget.minimumSizeHint())
    if width_share is not None:
        want.setWidth(max(want.width(), int(room.width() * width_share)))
    if height_share is not None:
        want.setHeight(max(want.height(), int(room.height() * height_share)))
    widget.resize(want.boundedTo(room))
