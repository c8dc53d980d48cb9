"""Words and symbols for report results, shared by the window, printouts, exports and CLI.

Symbols are the √ × ○ — used on Chinese paper forms: every CJK font has them, and they carry
the meaning where colour cannot (black-and-white printers, colour-blind readers).
"""

from __future__ import annotations

from ..domain.vocab import MEETING_TYPE_LABELS, MeetingType
from .absence import FROM_ATTENDED, FROM_EXCLUDED, FROM_JOINED, FROM_RECORDS, AbsenceLine
from .compliance import GAP, MET, NOT_ASSESSED, PENDING, Cell, short_label
from .periods import Period

SYMBOL = {MET: "√", GAP: "×", PENDING: "○", NOT_ASSESSED: "—"}
STATUS_ZH = {MET: "达标", GAP: "未达标", PENDING: "本期未结束", NOT_ASSESSED: "本期不考核"}
EVERY_ZH = {"month": "每月", "quarter": "每季度", "year": "每年"}
MEASURED_FROM_ZH = {
    FROM_ATTENDED: "最后一次参加",
    FROM_JOINED: "入党或转入本支部日期",
    FROM_EXCLUDED: "批准不计应到之后",
    FROM_RECORDS: "本地最早记录",
}


def type_zh(meeting_type: str) -> str:
    return MEETING_TYPE_LABELS[MeetingType(meeting_type)].zh


def rule_zh(cell: Cell) -> str:
    """'每月1次（每个党小组）'."""
    per = "（每个党小组）" if cell.rule.per == "group" else ""
    return f"{EVERY_ZH[cell.rule.every]}{cell.rule.count}次{per}"


def missing_zh(cell: Cell, period: Period, limit: int | None = None) -> str:
    """'7月、9月', or per 党小组 '第一党小组：7月、9月；第二党小组：8月'."""
    by_group: dict[str, list[str]] = {}
    for mark in cell.missing:
        by_group.setdefault(mark.group, []).append(short_label(mark.slot, period))
    parts = []
    for group, labels in by_group.items():
        if limit is not None and len(labels) > limit:
            labels = labels[:limit] + [f"等{len(labels)}处"]
        parts.append(f"{group}：{'、'.join(labels)}" if group else "、".join(labels))
    return "；".join(parts)


def cell_text(cell: Cell, period: Period, limit: int | None = 4) -> str:
    """A matrix cell: '× 1/3\n缺 8月、9月', '√ 3/3', '○ 1/3', '— 已开0' (held/required)."""
    if cell.required is None:
        return f"{SYMBOL[NOT_ASSESSED]} 已开{cell.held}"
    text = f"{SYMBOL[cell.status]} {cell.held}/{cell.required}"
    if cell.status == GAP:
        text += f"\n缺 {missing_zh(cell, period, limit)}"
    return text


def level_zh(line: AbsenceLine, thresholds: tuple[int, ...]) -> str:
    """The warning band in words; the top band is the 党章 six-month rule."""
    if line.excluded:
        return "经批准不计应到"
    if line.level >= thresholds[-1]:
        return f"连续{thresholds[-1]}个月以上（党章：须核实是否自行脱党）"
    return f"连续{line.level}个月以上"


def level_short_zh(line: AbsenceLine, thresholds: tuple[int, ...]) -> str:
    """'× 满6个月', '△ 满5个月', '— 不计应到': symbol plus words, for narrow columns."""
    if line.excluded:
        return "— 不计应到"
    return f"{level_symbol(line, thresholds)} 满{line.level}个月"


def level_symbol(line: AbsenceLine, thresholds: tuple[int, ...]) -> str:
    if line.excluded:
        return "—"
    return "×" if line.level >= thresholds[-1] else ("△" if line.level > thresholds[0] else "○")


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"
