"""Fonts and the style sheet: large, readable text and generous click targets for older users."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QTableView, QWidget

from .readable_style import ReadableStyle

# The first family present wins; Windows PCs have YaHei/SimHei, Linux Noto/WenQuanYi.
CJK_FAMILIES = [
    "Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "SimHei", "PingFang SC",
]
MIN_ROW_HEIGHT = 40  # px: rows of tables are click targets too
FONT_SIZES = (14, 16, 20)  # pt: 标准 / 大 / 特大 (menu 设置 → 字体大小)
DEFAULT_FONT_SIZE = FONT_SIZES[0]
_OLDER_SIZES = {12: 14, 13: 16, 15: 20}  # the 标准/大/特大 of versions before 14/16/20


def font_size(value: object) -> int:
    """One of FONT_SIZES, for any saved value (older versions' sizes keep their step)."""
    try:
        wanted = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_FONT_SIZE
    wanted = _OLDER_SIZES.get(wanted, wanted)
    return min(FONT_SIZES, key=lambda size: (abs(size - wanted), size))


def apply(app: QApplication, point_size: int) -> int:
    """Set the interface font (one of FONT_SIZES) and the style sheet; returns the size used."""
    point_size = font_size(point_size)
    available = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in available] or [app.font().family()]
    font = QFont()
    font.setFamilies(families)
    font.setPointSize(point_size)
    app.setFont(font)
    if not isinstance(app.style(), ReadableStyle):
        app.setStyle(ReadableStyle())  # targets and colours: see ui/readable_style.py
    return point_size


def list_table(model: QAbstractItemModel) -> QTableView:
    """A read-only list of records: whole rows selected one at a time, tall rows, no row numbers."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)  # one line per record: a wrapped second line would be cut off
    on_font_change(table, lambda: table.verticalHeader().setDefaultSectionSize(row_height(table)))
    return table


def fit_or_scroll(view: QTableView, column: int, texts: Iterable[str]) -> None:
    """The column stretches over the room the others leave; where one of its texts needs more,
    it is that wide and the list scrolls sideways instead of cutting the text."""
    header = view.horizontalHeader()
    need = max(column_width(view, [t for t in texts if t], ""), header.sectionSizeFromContents(column).width())
    others = sum(view.columnWidth(c) for c in range(header.count()) if c != column and not header.isSectionHidden(c))
    # Change the header only when the answer changes: every change makes columns that size
    # to their contents ask each row again.
    if need <= view.viewport().width() - others:
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    else:
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        if view.columnWidth(column) != need:
            view.setColumnWidth(column, need)


def row_height(widget: QWidget) -> int:
    """Rows of lists: a click target of at least MIN_ROW_HEIGHT, taller for large fonts."""
    return max(MIN_ROW_HEIGHT, widget.fontMetrics().height() + 14)


def column_width(view: QAbstractItemView, texts: Iterable[str], header: str = "") -> int:
    """Width for a column whose cells show any of `texts` and whose header says `header`."""
    cells = max((view.fontMetrics().horizontalAdvance(t) for t in texts), default=0) + 24
    bold = QFont(view.font())
    bold.setBold(True)  # header sections are bold (ui/readable_style.py)
    head = QFontMetrics(bold).horizontalAdvance(header) + 28 if header else 0
    return max(cells, head)


class _Watcher(QObject):
    """Calls back (once the event has been handled) when the widget gets one of `events`."""

    def __init__(self, widget: QWidget, events: tuple[QEvent.Type, ...], callback: Callable[[], None]):
        super().__init__(widget)
        self._events = events
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # QApplication.setFont sends ApplicationFontChange before the widget takes the new
        # font: run the callback once the event has been handled.
        if event.type() in self._events:
            QTimer.singleShot(0, self, self._callback)  # not after the widget is gone
        return False


def on_font_change(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run `callback` now and again whenever the interface font changes."""
    _Watcher(widget, (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange), callback)
    callback()


def on_resize(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run `callback` after each resize of `widget`."""
    _Watcher(widget, (QEvent.Type.Resize,), callback)


class MessageLabel(QLabel):
    """A word-wrapped line for errors and notices that takes no room while it says nothing."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        self.setVisible(bool(text))
