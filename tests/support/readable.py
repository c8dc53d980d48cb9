"""What a user cannot read whole: text cut by the space it was given, windows larger than the
screen, and (in the English interface) Chinese outside people's names and places.

Each check compares the width a text needs in the font it is drawn with (QFontMetrics, or the
size hint Qt computes from it) with the width the widget actually has. The window audit
(`window_audit.py`) runs these over every window and dialog; `test_readable.py` proves each
check fails on a deliberately narrow widget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtGui import QFont, QFontMetrics, Qt, QTextDocument  # QtGui's Qt has mightBeRichText
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTextEdit,
    QToolButton,
    QTreeView,
    QWidget,
)

SLACK = 1  # px of rounding between a size hint and a laid-out size
SQUEEZED_CHARS = 6  # a word-wrapped label narrower than this many characters a line is squeezed
MAX_ROWS = 400  # rows of a list checked (lists load pages of 200)
CELL_PADDING = 6  # the item delegate's text margins (PM_FocusFrameHMargin + 1 on each side)
CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")


@dataclass(frozen=True)
class Problem:
    """One thing a user cannot read whole."""

    window: str
    widget: str
    kind: str
    text: str
    need: int = 0
    have: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        room = f" needs {self.need}px, has {self.have}px" if self.need or self.have else ""
        return f"[{self.window}] {self.kind} {self.widget}: {self.text!r}{room}"


def describe(widget: QWidget) -> str:
    """Class names from the window down, with object names where set (for the report)."""
    parts = []
    w: QWidget | None = widget
    while w is not None and len(parts) < 4:
        parts.append(type(w).__name__ + (f"#{w.objectName()}" if w.objectName() else ""))
        w = w.parentWidget()
    return " < ".join(parts)


def plain(text: str) -> str:
    """Rich text as the user reads it; '&' mnemonics removed."""
    if Qt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return re.sub(r"&(.)", r"\1", text)


def shown(top: QWidget) -> Iterator[QWidget]:
    """The widgets of `top` a user can see (on the current tab page, not hidden)."""
    for w in top.findChildren(QWidget):
        if w.isVisibleTo(top) and w.window() is top and not isinstance(w, QMenu):
            yield w


# --- does it fit? --------------------------------------------------------------------------------

def window_problems(top: QWidget, name: str, room: QSize) -> list[Problem]:
    """A window larger than the screen's usable area has parts the user cannot reach."""
    out = []
    need = top.minimumSizeHint().expandedTo(top.minimumSize())
    for kind, size in (("window-minimum", need), ("window-size", top.size())):
        if size.width() > room.width() or size.height() > room.height():
            out.append(Problem(name, describe(top), kind,
                               f"{top.windowTitle()}: {size.width()}×{size.height()} on {room.width()}×{room.height()}",
                               max(size.width() - room.width(), size.height() - room.height()), 0))
    return out


def label_problems(label: QLabel, name: str) -> list[Problem]:
    text = label.text()
    if not text.strip():
        return []
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text))
    if label.wordWrap() or rich:
        one_line = max(label.fontMetrics().horizontalAdvance(line) for line in plain(text).split("\n"))
        readable = min(one_line, label.fontMetrics().horizontalAdvance("中") * SQUEEZED_CHARS)
        if label.wordWrap() and label.contentsRect().width() < readable - SLACK:
            # Whole, but a few characters a line (or one, standing on end): not readable.
            return [Problem(name, describe(label), "label-squeezed", plain(text), readable,
                            label.contentsRect().width())]
        need_h = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        if need_h > label.height() + SLACK:
            return [Problem(name, describe(label), "label-height", plain(text), need_h, label.height())]
        need_w = label.minimumSizeHint().width()
        if need_w > label.width() + SLACK:
            return [Problem(name, describe(label), "label-width", plain(text), need_w, label.width())]
        return []
    need = label.sizeHint()
    if need.width() > label.width() + SLACK:
        return [Problem(name, describe(label), "label-width", plain(text), need.width(), label.width())]
    lines = plain(text).count("\n") + 1
    need_h = label.fontMetrics().lineSpacing() * lines
    if need_h > label.contentsRect().height() + SLACK:
        return [Problem(name, describe(label), "label-height", plain(text), need_h, label.height())]
    return []


def button_problems(button: QAbstractButton, name: str) -> list[Problem]:
    if not button.text().strip() or (isinstance(button, QToolButton) and
                                      button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly):
        return []
    need = button.sizeHint().width()
    if need > button.width() + SLACK:
        return [Problem(name, describe(button), "button", plain(button.text()), need, button.width())]
    return []


def combo_problems(combo: QComboBox, name: str) -> list[Problem]:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    have = field.width() - (4 if combo.isEditable() else 0)
    metrics = combo.fontMetrics()
    texts = [combo.itemText(i) for i in range(combo.count())]
    if combo.isEditable():
        texts.append(combo.currentText())
    out = []
    for text in texts:
        need = metrics.horizontalAdvance(text)
        if need > have + SLACK:
            out.append(Problem(name, describe(combo), "combo-item", text, need, have))
    return out


def line_edit_problems(edit: QLineEdit, name: str) -> list[Problem]:
    """Placeholders, and the values of date/number fields and read-only fields, shown whole."""
    in_spin = isinstance(edit.parentWidget(), QAbstractSpinBox)
    in_combo = isinstance(edit.parentWidget(), QComboBox)
    text = edit.text() if (in_spin or edit.isReadOnly()) else ("" if edit.text() else edit.placeholderText())
    if not text or in_combo:
        return []
    margins = edit.textMargins()
    frame = 0 if in_spin else 2 * edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    have = edit.width() - frame - 4 - margins.left() - margins.right()
    if edit.isClearButtonEnabled() and edit.text():
        have -= edit.height()
    need = edit.fontMetrics().horizontalAdvance(text)
    if need > have + SLACK:
        return [Problem(name, describe(edit), "field-text", text, need, have)]
    return []


def tab_bar_problems(bar: QTabBar, name: str) -> list[Problem]:
    """Tabs elided or pushed out of sight behind scroll arrows."""
    need = sum(bar.tabSizeHint(i).width() for i in range(bar.count()) if bar.isTabVisible(i))
    if bar.shape() in (QTabBar.Shape.RoundedNorth, QTabBar.Shape.RoundedSouth) and need > bar.width() + SLACK:
        texts = " | ".join(bar.tabText(i) for i in range(bar.count()))
        return [Problem(name, describe(bar), "tabs", plain(texts), need, bar.width())]
    return []


def header_problems(header: QHeaderView, name: str) -> list[Problem]:
    if header.orientation() != Qt.Orientation.Horizontal or header.model() is None:
        return []
    out = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = header.model().headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        need = header.sectionSizeFromContents(section).width()  # bold, padded, sort arrow: as drawn
        have = header.sectionSize(section)
        if need > have + SLACK:
            out.append(Problem(name, describe(header), "header", str(text), need, have))
    return out


def _cell_font(view: QAbstractItemView, index: QModelIndex) -> QFont:
    font = index.data(Qt.ItemDataRole.FontRole)
    return font if isinstance(font, QFont) else view.font()


def item_view_problems(view: QAbstractItemView, name: str) -> list[Problem]:
    """Every cell's text in the width (and, where rows wrap, the height) it has.

    A cell of free text may be cut in a list only where its tooltip shows the whole of it.
    """
    model = view.model()
    if model is None or isinstance(view, QHeaderView):
        return []
    out: list[Problem] = []
    for index, _depth in _indexes(view, model):
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None or str(text).strip() == "" or view.indexWidget(index) is not None:
            continue
        text = str(text)
        metrics = QFontMetrics(_cell_font(view, index))
        rect = view.visualRect(index)
        width = _cell_width(view, index, rect.width())
        wrap = view.wordWrap() if isinstance(view, QTableView | QListView) else False
        if wrap and isinstance(view, QListView) and view.isWrapping():
            wrap = False
        if wrap:
            need_h = metrics.boundingRect(0, 0, max(width - CELL_PADDING, 1), 100000,
                                          int(Qt.TextFlag.TextWordWrap), text).height()
            height = _cell_height(view, index, rect.height())
            if need_h > height + SLACK and not _whole_in_tooltip(index, text):
                out.append(Problem(name, describe(view), "cell-height", text, need_h, height))
            continue
        need = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + CELL_PADDING
        if _has_decoration(index):
            need += view.iconSize().width() if view.iconSize().isValid() else 16
        if need > width + SLACK and not _whole_in_tooltip(index, text):
            out.append(Problem(name, describe(view), "cell", text, need, width))
        lines = text.count("\n") + 1
        if lines > 1:
            need_h = metrics.lineSpacing() * lines
            height = _cell_height(view, index, rect.height())
            if need_h > height + SLACK and not _whole_in_tooltip(index, text):
                out.append(Problem(name, describe(view), "cell-height", text, need_h, height))
    return out


def _indexes(view: QAbstractItemView, model) -> Iterator[tuple[QModelIndex, int]]:  # noqa: ANN001
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # list models hide the argument
        columns = 1
    seen = 0

    def walk(parent: QModelIndex, depth: int) -> Iterator[tuple[QModelIndex, int]]:
        nonlocal seen
        for row in range(model.rowCount(parent)):
            if seen >= MAX_ROWS:
                return
            seen += 1
            if isinstance(view, QTableView) and view.isRowHidden(row):
                continue
            for col in range(columns):
                if isinstance(view, QTableView | QTreeView) and view.isColumnHidden(col):
                    continue
                index = model.index(row, col, parent)
                yield index, depth
            if isinstance(view, QTreeView) and model.hasChildren(model.index(row, 0, parent)):
                yield from walk(model.index(row, 0, parent), depth + 1)

    yield from walk(QModelIndex(), 0)


def _cell_width(view: QAbstractItemView, index: QModelIndex, visual: int) -> int:
    if isinstance(view, QTableView):
        return view.columnWidth(index.column())
    if isinstance(view, QTreeView):
        width = view.columnWidth(index.column())
        if index.column() == 0:
            depth = 0
            parent = index.parent()
            while parent.isValid():
                depth += 1
                parent = parent.parent()
            width -= view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        return width
    return visual if visual > 0 else view.viewport().width()


def _cell_height(view: QAbstractItemView, index: QModelIndex, visual: int) -> int:
    if isinstance(view, QTableView):
        return view.rowHeight(index.row())
    return visual if visual > 0 else view.sizeHintForIndex(index).height()


def _has_decoration(index: QModelIndex) -> bool:
    return index.data(Qt.ItemDataRole.DecorationRole) is not None


def _whole_in_tooltip(index: QModelIndex, text: str) -> bool:
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    return isinstance(tip, str) and text in tip


def group_box_problems(box: QGroupBox, name: str) -> list[Problem]:
    need = box.fontMetrics().horizontalAdvance(plain(box.title())) + 24
    if box.title() and need > box.width() + SLACK:
        return [Problem(name, describe(box), "group-title", box.title(), need, box.width())]
    return []


def menu_bar_problems(bar: QMenuBar, name: str) -> list[Problem]:
    """Menus pushed behind the » extension button."""
    out = []
    for action in bar.actions():
        if not action.isVisible():
            continue
        geometry = bar.actionGeometry(action)
        if geometry.isEmpty() or not bar.rect().contains(geometry):
            out.append(Problem(name, describe(bar), "menu", plain(action.text()), geometry.width(), bar.width()))
    return out


def cut_texts(top: QWidget, name: str) -> list[Problem]:
    """Every cut text in `top` as laid out now."""
    out: list[Problem] = []
    for w in shown(top):
        if isinstance(w, QCalendarWidget) or isinstance(w.parentWidget(), QCalendarWidget):
            continue
        if isinstance(w, QLabel):
            out += label_problems(w, name)
        elif isinstance(w, QAbstractButton):
            out += button_problems(w, name)
        elif isinstance(w, QComboBox):
            out += combo_problems(w, name)
        elif isinstance(w, QLineEdit):
            out += line_edit_problems(w, name)
        elif isinstance(w, QTabBar):
            out += tab_bar_problems(w, name)
        elif isinstance(w, QHeaderView):
            out += header_problems(w, name)
        elif isinstance(w, QAbstractItemView):
            out += item_view_problems(w, name)
        elif isinstance(w, QGroupBox):
            out += group_box_problems(w, name)
        elif isinstance(w, QMenuBar):
            out += menu_bar_problems(w, name)
    if isinstance(top, QMainWindow):
        out += menu_bar_problems(top.menuBar(), name)
    return out


# --- one language at a time -----------------------------------------------------------------------

def visible_texts(top: QWidget) -> Iterator[tuple[QWidget, str]]:
    """Every text a user can read in `top`: titles, labels, buttons, tabs, lists, tooltips, menus."""
    yield top, top.windowTitle()
    for w in [top, *shown(top)]:
        if w.toolTip():
            yield w, plain(w.toolTip())
        if isinstance(w, QLabel):
            yield w, plain(w.text())
        elif isinstance(w, QAbstractButton):
            yield w, plain(w.text())
        elif isinstance(w, QGroupBox):
            yield w, w.title()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield w, plain(w.tabText(i))
                yield w, w.tabToolTip(i)
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield w, w.itemText(i)
        elif isinstance(w, QLineEdit):
            yield w, w.placeholderText()
            if w.isReadOnly() or isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
                yield w, w.text()
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            yield w, w.toPlainText()
            yield w, w.placeholderText()
        elif isinstance(w, QHeaderView) and w.model() is not None:
            for section in range(w.count()):
                yield w, str(w.model().headerData(section, w.orientation(), Qt.ItemDataRole.DisplayRole) or "")
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            for index, _depth in _indexes(w, w.model()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        yield w, value
        elif isinstance(w, QMenuBar):
            yield from _menu_texts(w)
        elif isinstance(w, QAbstractScrollArea):
            continue
    if isinstance(top, QMainWindow):
        yield from _menu_texts(top.menuBar())


def _menu_texts(bar: QMenuBar | QMenu) -> Iterator[tuple[QWidget, str]]:
    for action in bar.actions():
        yield bar, plain(action.text())
        if action.toolTip() and action.toolTip() != action.text():
            yield bar, plain(action.toolTip())
        if action.menu() is not None:
            yield from _menu_texts(action.menu())


class Allowed:
    """Texts that stay Chinese in the English interface: what people typed (names of people,
    branches and places, topics, reasons, minutes) and each language's name in itself."""

    def __init__(self, texts: Iterable[str]):
        words = sorted({t for t in texts if t and CJK.search(t)}, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(w) for w in words)) if words else None

    def strip(self, text: str) -> str:
        return self._pattern.sub(" ", text) if self._pattern else text


def chinese_texts(top: QWidget, name: str, allowed: Allowed) -> list[Problem]:
    """Chinese characters (and Chinese punctuation) outside the allowed data, once per text."""
    out, seen = [], set()
    for widget, text in visible_texts(top):
        if not text or text in seen:
            continue
        seen.add(text)
        rest = allowed.strip(text)
        if CJK.search(rest):
            out.append(Problem(name, describe(widget), "chinese", text))
    return out
