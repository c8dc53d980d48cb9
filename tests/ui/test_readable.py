"""Every window and dialog at 14/16/20 pt and 100/125/150 % display scaling on a 1366×768
laptop: no label, button, header, field or cell is cut, no window is larger than the screen,
and the English interface shows no Chinese outside people's names and places.

Each scale runs `tests/support/window_audit.py` in its own process (Qt reads QT_SCALE_FACTOR
when the application starts) on Qt's offscreen screen of 1366×728 (768 less the taskbar).
The checks themselves are proved to fail on deliberately cut widgets below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableView, QTabWidget, QVBoxLayout, QWidget
from readable import Allowed, Problem, chinese_texts, cut_texts, window_problems

AUDIT = Path(__file__).resolve().parents[1] / "support" / "window_audit.py"
LAPTOP = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 728,
                       "logicalDpi": 96, "logicalBpi": 96, "dpr": 1}]}
WINDOWS_PER_FONT = 30  # scenes the audit checks at each font size (main window tabs, editors, dialogs)


def audit(tmp_path: Path, scale: str, lang: str) -> dict:
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps(LAPTOP))
    out = tmp_path / "audit.json"
    env = os.environ | {"QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    subprocess.run([sys.executable, str(AUDIT), "--lang", lang, "--fonts", "14,16,20", "--out", str(out)],
                   env=env, check=True, timeout=900, capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scale", ["1", "1.25", "1.5"])
def test_every_window_is_readable(tmp_path, scale, lang):
    result = audit(tmp_path, scale, lang)
    print(f"{lang} at {scale}: {len(result['checked'])} windows checked; {json.dumps(result['figures'])}")
    problems = [Problem(**p) for p in result["problems"]]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(str(p) for p in problems[:40])
    for font in (14, 16, 20):
        assert sum(name.startswith(f"{font}pt ") for name in result["checked"]) >= WINDOWS_PER_FONT
    if scale == "1" and lang == "zh":
        # A 1366×768 laptop at the default size shows at least 15 members of the sheet.
        assert result["figures"]["attendance_rows_visible"]["14"] >= 15


# --- the checks can fail --------------------------------------------------------------------------

@pytest.fixture
def page(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    layout = QVBoxLayout(widget)
    widget.resize(600, 700)
    widget.show()
    return widget, layout


def test_a_cut_label_button_combo_and_tab_are_found(qtbot, page):
    widget, layout = page
    label = QLabel("未登记的全部记为出席，请核对")
    label.setFixedWidth(60)
    button = QPushButton("Mark everyone unmarked as present")
    button.setFixedWidth(80)
    combo = QComboBox()
    combo.addItems(["支部委员会会议", "党课"])
    combo.setFixedWidth(70)
    tabs = QTabWidget()
    tabs.setFixedWidth(150)
    for name in ("会议落实情况", "缺勤预警", "出席统计"):
        tabs.addTab(QWidget(), name)
    wrapped = QLabel("公民身份号码校验位错误，请核对是否输错")
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)
    on_end = QLabel("✔ 已达到表决人数")  # whole, but one character a line: standing on end
    on_end.setWordWrap(True)
    on_end.setFixedSize(on_end.fontMetrics().horizontalAdvance("中") + 4, 400)
    whole = QLabel("出席")
    for w in (label, button, combo, tabs, wrapped, on_end, whole):
        layout.addWidget(w)
    qtbot.waitUntil(lambda: whole.isVisible() and tabs.tabBar().isVisible())
    found = {(p.kind, p.text) for p in cut_texts(widget, "proof")}
    assert ("label-width", "未登记的全部记为出席，请核对") in found
    assert ("button", "Mark everyone unmarked as present") in found
    assert ("combo-item", "支部委员会会议") in found
    assert any(kind == "tabs" for kind, _ in found)
    assert ("label-height", "公民身份号码校验位错误，请核对是否输错") in found
    assert ("label-squeezed", "✔ 已达到表决人数") in found
    assert not any(text == "出席" for _, text in found)  # a label with room is not reported


def test_a_narrow_header_and_cell_are_found(qtbot, page):
    widget, layout = page
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["公民身份号码", "原因 / 备注"])
    model.setData(model.index(0, 0), "欧阳春燕")
    model.setData(model.index(0, 1), "外出务工")
    table = QTableView()
    table.setModel(model)
    table.setWordWrap(False)
    table.setColumnWidth(0, 40)  # the header's minimum is about 60 px: less than either text
    table.setColumnWidth(1, 200)
    layout.addWidget(table)
    qtbot.waitUntil(lambda: table.isVisible() and table.horizontalHeader().isVisible())
    found = {(p.kind, p.text) for p in cut_texts(widget, "proof")}
    assert ("header", "公民身份号码") in found
    assert ("cell", "欧阳春燕") in found
    assert ("cell", "外出务工") not in found and ("header", "原因 / 备注") not in found
    model.setData(model.index(0, 0), "欧阳春燕", 3)  # the whole name on hover: a list may cut it
    assert ("cell", "欧阳春燕") not in {(p.kind, p.text) for p in cut_texts(widget, "proof")}


def test_a_window_larger_than_the_screen_is_found(qtbot, page):
    widget, _layout = page
    widget.setMinimumSize(1400, 300)
    kinds = {p.kind for p in window_problems(widget, "proof", QSize(1350, 680))}
    assert kinds == {"window-minimum", "window-size"}
    widget.setMinimumSize(0, 0)
    widget.resize(600, 400)
    assert window_problems(widget, "proof", QSize(1350, 680)) == []


def test_chinese_in_the_english_interface_is_found_except_names_and_places(qtbot, page):
    widget, layout = page
    labels = [QLabel(text) for text in ("Secretary: 高志", "Place: 村党员活动室", "Category: 正式党员", "Total：24")]
    for label in labels:
        layout.addWidget(label)
    qtbot.waitUntil(lambda: all(label.isVisible() for label in labels))
    allowed = Allowed(["高志", "村党员活动室"])
    found = {p.text for p in chinese_texts(widget, "proof", allowed)}
    assert found == {"Category: 正式党员", "Total：24"}  # a vocabulary word, a Chinese colon
