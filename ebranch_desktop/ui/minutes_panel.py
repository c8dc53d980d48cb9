"""The "minutes" page of the meeting editor: agenda, speech notes, minutes, resolutions and votes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class MinutesPanel(QWidget):
    """Edits the record of what was said and decided; `values()` gives the service fields."""

    COL_TEXT, COL_FOR, COL_AGAINST, COL_ABSTAIN = range(4)
    FIELDS = ("agenda", "speech_notes", "minutes", "resolutions")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.agenda_edit = QPlainTextEdit()
        self.agenda_edit.setPlaceholderText(self.tr("每行一个议题"))
        self.agenda_edit.setMaximumHeight(110)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(self.tr("发言人：发言要点"))
        self.minutes_edit = QPlainTextEdit()
        self.minutes_edit.setPlaceholderText(self.tr("会议记录正文"))
        self.resolutions = QTableWidget(0, 4)
        self.resolutions.setHorizontalHeaderLabels(
            [self.tr("决议内容"), self.tr("同意"), self.tr("反对"), self.tr("弃权")]
        )
        self.resolutions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.resolutions.horizontalHeader().setSectionResizeMode(
            self.COL_TEXT, QHeaderView.ResizeMode.Stretch
        )
        self.resolutions.verticalHeader().setVisible(False)
        # A long resolution wraps onto more lines; its row grows with it (at 20 pt, two lines).
        self.resolutions.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.resolutions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.resolutions.setMaximumHeight(180)
        add = QPushButton(self.tr("添加决议"))
        remove = QPushButton(self.tr("删除所选决议"))
        add.clicked.connect(lambda: self._add_resolution({"text": "", "for": 0, "against": 0, "abstain": 0}))
        remove.clicked.connect(self._remove_resolution)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("议题")))
        layout.addWidget(self.agenda_edit)
        layout.addWidget(QLabel(self.tr("发言要点")))
        layout.addWidget(self.notes_edit, 1)
        layout.addWidget(QLabel(self.tr("会议记录")))
        layout.addWidget(self.minutes_edit, 1)
        layout.addWidget(QLabel(self.tr("决议及表决情况")))
        layout.addWidget(self.resolutions)
        layout.addLayout(buttons)
        self.widgets = {"agenda": self.agenda_edit, "speech_notes": self.notes_edit,
                        "minutes": self.minutes_edit, "resolutions": self.resolutions}

    def _spin(self, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 9999)
        spin.setValue(int(value or 0))
        return spin

    def _add_resolution(self, res: dict[str, Any]) -> None:
        row = self.resolutions.rowCount()
        self.resolutions.insertRow(row)
        self.resolutions.setItem(row, self.COL_TEXT, QTableWidgetItem(str(res.get("text", ""))))
        for col, key in ((self.COL_FOR, "for"), (self.COL_AGAINST, "against"), (self.COL_ABSTAIN, "abstain")):
            self.resolutions.setCellWidget(row, col, self._spin(res.get(key, 0)))

    def _remove_resolution(self) -> None:
        for index in sorted({i.row() for i in self.resolutions.selectedIndexes()}, reverse=True):
            self.resolutions.removeRow(index)

    def load(self, fields: dict[str, Any]) -> None:
        self.agenda_edit.setPlainText("\n".join(fields.get("agenda") or []))
        self.notes_edit.setPlainText(fields.get("speech_notes") or "")
        self.minutes_edit.setPlainText(fields.get("minutes") or "")
        self.resolutions.setRowCount(0)
        for res in fields.get("resolutions") or []:
            self._add_resolution(res)

    def values(self) -> dict[str, Any]:
        resolutions = []
        for row in range(self.resolutions.rowCount()):
            item = self.resolutions.item(row, self.COL_TEXT)
            counts = [self.resolutions.cellWidget(row, c).value()
                      for c in (self.COL_FOR, self.COL_AGAINST, self.COL_ABSTAIN)]
            resolutions.append({"text": item.text() if item else "",
                                "for": counts[0], "against": counts[1], "abstain": counts[2]})
        return self.values_of({
            "agenda": self.agenda_edit.toPlainText().splitlines(),
            "speech_notes": self.notes_edit.toPlainText(),
            "minutes": self.minutes_edit.toPlainText(),
            "resolutions": resolutions,
        })

    @staticmethod
    def values_of(fields: dict[str, Any]) -> dict[str, Any]:
        """The service fields as this page would give them back after loading `fields`
        (the editor's answer while the page has not been shown)."""
        resolutions = []
        for res in fields.get("resolutions") or []:
            text = str(res.get("text", "")).strip()
            counts = [int(res.get(key) or 0) for key in ("for", "against", "abstain")]
            if text or any(counts):
                resolutions.append({"text": text, "for": counts[0], "against": counts[1], "abstain": counts[2]})
        return {
            "agenda": [line.strip() for line in fields.get("agenda") or [] if line.strip()],
            "speech_notes": (fields.get("speech_notes") or "").strip(),
            "minutes": (fields.get("minutes") or "").strip(),
            "resolutions": resolutions,
        }
