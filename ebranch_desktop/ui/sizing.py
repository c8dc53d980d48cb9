"""Windows and dialogs sized to their content and kept on the screen they open on."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

# Room for the window frame the operating system adds (title bar and borders at 100-150 %).
FRAME = QSize(16, 48)


def available_area(widget: QWidget) -> QRect:
    """The part of the widget's screen not taken by the taskbar."""
    screen = widget.screen() if widget.screen() is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def usable_size(widget: QWidget) -> QSize:
    """The largest client area a window can have on its screen (frame subtracted)."""
    return available_area(widget).size() - FRAME


def fit_to_screen(widget: QWidget, width_share: float | None = None, height_share: float | None = None,
                  *, scrolled: QWidget | None = None, widest: int = 1600) -> None:
    """Resize to the content's size hint, or to a share of the screen for long content, never
    larger than the screen (scroll areas inside take the rest).

    `scrolled`: a page inside a scroll area whose whole size the dialog would like to show
    (a scroll area's own size hint is only a guess).
    """
    room = usable_size(widget)
    want = widget.sizeHint().expandedTo(widget.minimumSizeHint())
    if scrolled is not None:
        area = scrolled.parentWidget().parentWidget()  # viewport → QScrollArea
        extra = scrolled.sizeHint() - area.sizeHint()  # what the area's own hint leaves out
        want = want + QSize(max(extra.width(), 0) + 24, max(extra.height(), 0) + 8)
    if width_share is not None:  # a share of the screen, though not wider than `widest`
        want.setWidth(max(want.width(), min(int(room.width() * width_share), widest)))
    if height_share is not None:
        want.setHeight(max(want.height(), int(room.height() * height_share)))
    widget.resize(want.boundedTo(room))


def fit_main_window(window: QWidget, preferred: QSize) -> None:
    """The main window at `preferred` size, or maximized where the screen is smaller (a
    1366×768 laptop, or display scaling of 125-150 %); a saved size larger than the screen
    (moved from a bigger monitor) shrinks to it."""
    room = usable_size(window)
    if window.width() > room.width() or window.height() > room.height() or not window.testAttribute(
            Qt.WidgetAttribute.WA_Resized):
        window.resize(preferred.boundedTo(room))
    if preferred.width() > room.width() or preferred.height() > room.height():
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def scrolling(page: QWidget) -> QScrollArea:
    """`page` in a frameless scroll area: a form taller or wider than the window scrolls
    instead of pushing the window off the screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


def scrolling_layout(view: QWidget) -> QVBoxLayout:
    """A layout for `view`'s content inside a scroll area that fills `view`: when the window is
    smaller than the content's minimum (20 pt at 150 % on a laptop), the page scrolls as a
    whole instead of growing the window past the screen."""
    page = QWidget()
    outer = QVBoxLayout(view)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scrolling(page))
    return QVBoxLayout(page)
