"""Conflicts side by side: the original, this PC's and the server's value of each field, in full,
with who changed each and when and what changed marked; resolve field by field or take a side.

Records the server refused are listed too, with the server's reason, so nothing waits unseen.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import ValidationError
from ..domain.vocab import FIELD_LABELS
from ..services import conflicts
from ..services.conflicts import ConflictView, FieldDiff
from ..store import changes
from ..store.workspace import Workspace
from . import labels
from .field_text import field_text, marked
from .flow_layout import FlowLayout
from .sizing import fit_to_screen, scrolling_layout
from .style import MessageLabel
from .tasks import run_write

TABLE_NAMES = {  # translated where shown (tr), listed here for lupdate
    "meetings": QT_TRANSLATE_NOOP("ConflictDialog", "会议"),
    "members": QT_TRANSLATE_NOOP("ConflictDialog", "党员"),
    "attendance": QT_TRANSLATE_NOOP("ConflictDialog", "出席登记"),
    "organizations": QT_TRANSLATE_NOOP("ConflictDialog", "组织"),
    "party_groups": QT_TRANSLATE_NOOP("ConflictDialog", "党小组"),
}
CONFLICT_ROW = "#fff7dd"  # a field changed on both sides


def _time(value: dt.datetime | str | None) -> str:
    if value is None:
        return ""
    text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value).replace("T", " ")
    return text[:16]


class ConflictDialog(QDialog):
    """Lists open conflicts; resolving one removes it from the list."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.setWindowTitle(self.tr("处理同步冲突"))
        self.items: list[ConflictView] = []
        self.names: dict[str, str] = {}
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_conflict)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setObjectName("conflictTitle")
        # The values in an HTML table: long text wraps inside its cell and the view scrolls, so
        # nothing is ever cut, at any font size or window width.
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.choice_area = QWidget()
        self.choice_form = QFormLayout(self.choice_area)
        self.choice_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.message = MessageLabel()
        self.message.setObjectName("errorLabel")
        self.take_mine = QPushButton(self.tr("全部保留本机"))
        self.take_theirs = QPushButton(self.tr("全部采用服务器"))
        self.apply_choice = QPushButton(self.tr("按所选处理"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.take_mine.clicked.connect(lambda: self._resolve(take="mine"))
        self.take_theirs.clicked.connect(lambda: self._resolve(take="theirs"))
        self.apply_choice.clicked.connect(lambda: self._resolve(take=None))
        self.close_button.clicked.connect(self.accept)
        self.groups: dict[str, QButtonGroup] = {}
        self.values: dict[str, tuple[str, str, str]] = {}  # field → (原来, 本机, 服务器) as shown
        self.rejected_label = QLabel()
        self.rejected_label.setWordWrap(True)
        self.rejected_label.setObjectName("errorLabel")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.choice_area)
        right_layout.addWidget(self.message)
        buttons = FlowLayout()
        for b in (self.take_mine, self.take_theirs, self.apply_choice, self.close_button):
            buttons.addWidget(b)
        right_layout.addLayout(buttons)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        hint = QLabel(self.tr("同一条记录在本机和服务器上都被修改了。请逐项选择保留哪一方；"
                              "只在一方修改的字段已自动合并。处理结果会在下次同步时上传。"))
        hint.setWordWrap(True)
        hint.setObjectName("hintLabel")
        legend = QLabel(self.tr("黄底加下划线的是与“原来”相比改动或新增的内容。"))
        legend.setWordWrap(True)
        legend.setObjectName("hintLabel")
        layout = scrolling_layout(self)  # at 20 pt and 150 % the whole dialog may scroll
        layout.addWidget(hint)
        layout.addWidget(legend)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.rejected_label)
        self.reload()
        fit_to_screen(self, 0.92, 0.9)
        self.splitter.setSizes([self.width() // 5, self.width() * 4 // 5])

    def reload(self) -> None:
        with self.ws.read() as s:
            self.items = conflicts.open_conflicts(s)
            rejected = conflicts.rejected_records(s)
            self.names = conflicts.reference_names(s, self.items)
        lines = [self.tr("被服务器拒绝的记录（修改后会重新上传）：")] if rejected else []
        english = labels.current_language() == "en"
        lines += ["· " + labels.titled(f"{self.tr(TABLE_NAMES.get(r.table, r.table))} {r.title}",
                                       r.message_en if english else r.message) for r in rejected]
        self.rejected_label.setText("\n".join(lines))
        self.rejected_label.setVisible(bool(rejected))
        self.list.clear()
        for c in self.items:
            self.list.addItem(QListWidgetItem(labels.titled(self.tr(TABLE_NAMES.get(c.table, c.table)), c.title)))
        if self.items:
            self.list.setCurrentRow(0)
        else:
            self.title.setText(self.tr("没有待处理的冲突。"))
            self._show_conflict(-1)
        for b in (self.take_mine, self.take_theirs, self.apply_choice):
            b.setEnabled(bool(self.items))

    def current(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    # --- showing one conflict ----------------------------------------------------------------
    def _clear(self) -> None:
        while self.choice_form.rowCount():
            self.choice_form.removeRow(0)
        self.groups.clear()
        self.values.clear()
        self.view.clear()

    def _show_conflict(self, row: int) -> None:
        self.message.setText("")
        self._clear()
        if not 0 <= row < len(self.items):
            self.choice_area.hide()
            return
        c = self.items[row]
        self.title.setText(labels.titled(self.tr(TABLE_NAMES.get(c.table, c.table)), c.title))
        mine_who = self.tr("%1 修改于 %2").replace("%1", c.mine_by or self.tr("本机用户")).replace(
            "%2", _time(c.mine_at) or self.tr("时间不详"))
        theirs_who = self.tr("%1 修改于 %2").replace("%1", c.theirs_by or self.tr("其他设备")).replace(
            "%2", _time(c.theirs_at) or self.tr("时间不详（%1 同步时发现）").replace("%1", _time(c.detected_at)))
        heads = [(self.tr("项目"), ""), (self.tr("原来"), self.tr("上次同步时的内容")),
                 (self.tr("本机"), mine_who), (self.tr("服务器"), theirs_who)]
        rows = ["<tr>" + "".join(
            f"<th width='{w}%' align='left'>{html.escape(h)}<br><span style='font-weight:normal;color:#555555'>"
            f"{html.escape(who)}</span></th>" for (h, who), w in zip(heads, (13, 29, 29, 29), strict=True)) + "</tr>"]
        diffs = [f for f in c.fields if f.conflicting] + [
            f for f in c.fields if not f.conflicting and (f.mine != f.base or f.theirs != f.base)]
        rows += [self._field_row(c, f) for f in diffs]
        self.view.setHtml("<table width='100%' border='1' cellspacing='0' cellpadding='6' "
                          "style='border-collapse:collapse;border-color:#c9d3df'>" + "".join(rows) + "</table>")
        self.choice_area.setVisible(bool(self.groups))

    def _field_row(self, c: ConflictView, f: FieldDiff) -> str:
        """The field's three values in full; a choice under the view if it conflicts."""
        base, mine, theirs = (field_text(c.table, f.name, v, self.names) for v in (f.base, f.mine, f.theirs))
        shown = (marked(base, None), marked(mine, base if f.base is not None else theirs),
                 marked(theirs, base if f.base is not None else mine))
        self.values[f.name] = shown
        name = html.escape(labels.text(FIELD_LABELS.get(f.name)) or f.name)
        if f.conflicting:
            self._add_choice(f.name)
            both = html.escape(self.tr("两边都改了"))
            head = f"<td style='background-color:{CONFLICT_ROW}'><b>⚠ {name}</b><br>{both}</td>"
            cells = "".join(f"<td style='background-color:{CONFLICT_ROW}'>{v}</td>" for v in shown)
        else:
            side = self.tr("本机") if f.mine != f.base else self.tr("服务器")
            note = html.escape(self.tr("只有%1改了，已自动合并").replace("%1", side))
            head = f"<td><b>{name}</b><br><span style='color:#555555'>{note}</span></td>"
            cells = "".join(f"<td>{v}</td>" for v in shown)
        return f"<tr>{head}{cells}</tr>"

    def _add_choice(self, field: str) -> None:
        group = QButtonGroup(self.choice_area)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for text in (self.tr("用本机的"), self.tr("用服务器的")):
            button = QRadioButton(text)
            group.addButton(button)
            line.addWidget(button)
        line.addStretch(1)
        self.groups[field] = group
        self.choice_form.addRow("⚠ " + (labels.text(FIELD_LABELS.get(field)) or field) + labels.colon(), row)

    # --- resolving -----------------------------------------------------------------------------
    def choose(self, field: str, side: str) -> None:
        """Pick a side for one conflicting field (what a click on its radio button does)."""
        buttons = self.groups[field].buttons()
        (buttons[0] if side == "mine" else buttons[1]).setChecked(True)

    def _choices(self) -> dict[str, str]:
        out = {}
        for name, group in self.groups.items():
            checked = group.checkedButton()
            if checked is not None:
                out[name] = "mine" if checked is group.buttons()[0] else "theirs"
        return out

    def _resolve(self, take: str | None) -> None:
        c = self.current()
        if c is None:
            return
        choices = {} if take else self._choices()
        actor = self.ws.actor

        def failed(exc: Exception) -> None:
            self.message.setText(self._message(exc) if isinstance(exc, ValidationError) else labels.error_text(exc))

        run_write(self, self.ws, lambda s: conflicts.resolve(s, c.id, actor=actor, take=take, choices=choices),
                  origin=changes.CONFLICT, on_done=lambda _r: self.reload(), on_error=failed)

    def _message(self, exc: ValidationError) -> str:
        """Name undecided fields as the forms do, not by their internal names."""
        if exc.field == "field":
            undecided = [labels.text(FIELD_LABELS.get(n)) or n for n in self.groups if n not in self._choices()]
            if undecided:
                return self.tr("请为每个冲突项目选择保留哪一方：%1").replace("%1", labels.listing(undecided))
        return labels.error_text(exc)
