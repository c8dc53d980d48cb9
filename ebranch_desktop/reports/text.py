"""Words and symbols for report results, shared by the window, printouts, exports and CLI.

Every function takes the language ("zh" or "en"; Chinese unless told): the window passes the
interface language, so report headers and cells are never half Chinese, half English.

Symbols are the √ × ○ — used on Chinese paper forms: every CJK font has them, and they carry
the meaning where colour cannot (black-and-white printers, colour-blind readers).
"""

from __future__ import annotations

from ..domain.vocab import CATEGORY_LABELS, MEETING_TYPE_LABELS, MeetingType, MemberCategory
from .absence import FROM_ATTENDED, FROM_EXCLUDED, FROM_JOINED, FROM_RECORDS, AbsenceLine
from .compliance import GAP, MET, NOT_ASSESSED, PENDING, Cell, short_label
from .periods import Period

SYMBOL = {MET: "√", GAP: "×", PENDING: "○", NOT_ASSESSED: "—"}
STATUS = {MET: ("达标", "met"), GAP: ("未达标", "gap"), PENDING: ("本期未结束", "period not over"),
          NOT_ASSESSED: ("本期不考核", "not assessed")}
EVERY = {"month": ("每月", "a month"), "quarter": ("每季度", "a quarter"), "year": ("每年", "a year")}
MEASURED_FROM = {
    FROM_ATTENDED: ("最后一次参加", "last attended"),
    FROM_JOINED: ("入党或转入本支部日期", "joined the Party or this branch"),
    FROM_EXCLUDED: ("批准不计应到之后", "end of approved exclusion"),
    FROM_RECORDS: ("本地最早记录", "earliest local record"),
}
# The Chinese words alone, as older callers (CLI, tests) use them.
STATUS_ZH = {k: v[0] for k, v in STATUS.items()}
EVERY_ZH = {k: v[0] for k, v in EVERY.items()}
MEASURED_FROM_ZH = {k: v[0] for k, v in MEASURED_FROM.items()}


def pick(lang: str, zh: str, en: str) -> str:
    """The text in `lang`: English for "en…", Chinese otherwise."""
    return en if lang.startswith("en") else zh


def status_text(status: str, lang: str = "zh") -> str:
    return pick(lang, *STATUS[status])


def measured_from_text(key: str, lang: str = "zh") -> str:
    return pick(lang, *MEASURED_FROM[key])


def type_text(meeting_type: str, lang: str = "zh") -> str:
    return MEETING_TYPE_LABELS[MeetingType(meeting_type)].text(lang)


def basis_text(rule, lang: str = "zh") -> str:  # noqa: ANN001 - a MeetingRule
    """Where a rule comes from, in English where the rules file gives it."""
    return rule.basis_en if lang.startswith("en") and rule.basis_en else rule.basis


def rules_name(report, lang: str = "zh") -> str:  # noqa: ANN001 - a ComplianceReport
    """The rules a compliance report was measured against, in English where given."""
    return report.rules_name_en if lang.startswith("en") and report.rules_name_en else report.rules_name


def category_text(category: str, lang: str = "zh") -> str:
    return CATEGORY_LABELS[MemberCategory(category)].text(lang)


def rule_text(cell: Cell, lang: str = "zh") -> str:
    """'每月1次（每个党小组）' / '1 a month (per party group)'."""
    every = pick(lang, *EVERY[cell.rule.every])
    if lang.startswith("en"):
        return f"{cell.rule.count} {every}" + (" (per party group)" if cell.rule.per == "group" else "")
    return f"{every}{cell.rule.count}次" + ("（每个党小组）" if cell.rule.per == "group" else "")


def missing_text(cell: Cell, period: Period, limit: int | None = None, lang: str = "zh") -> str:
    """'7月、9月' / 'Jul, Sep', or per 党小组 '第一党小组：7月、9月；第二党小组：8月'."""
    comma, colon, semicolon = (", ", ": ", "; ") if lang.startswith("en") else ("、", "：", "；")
    by_group: dict[str, list[str]] = {}
    for mark in cell.missing:
        by_group.setdefault(mark.group, []).append(short_label(mark.slot, period, lang))
    parts = []
    for group, labels in by_group.items():
        if limit is not None and len(labels) > limit:
            labels = labels[:limit] + [pick(lang, f"等{len(labels)}处", f"{len(labels)} in all")]
        parts.append(f"{group}{colon}{comma.join(labels)}" if group else comma.join(labels))
    return semicolon.join(parts)


def cell_text(cell: Cell, period: Period, limit: int | None = 4, lang: str = "zh") -> str:
    """A matrix cell: '× 1/3\\n缺 8月、9月', '√ 3/3', '○ 1/3', '— 已开0' (held/required)."""
    if cell.required is None:
        return f"{SYMBOL[NOT_ASSESSED]} " + pick(lang, f"已开{cell.held}", f"held {cell.held}")
    text = f"{SYMBOL[cell.status]} {cell.held}/{cell.required}"
    if cell.status == GAP:
        text += "\n" + pick(lang, "缺 ", "missing ") + missing_text(cell, period, limit, lang)
    return text


def pending_text(cell: Cell, period: Period, lang: str = "zh") -> str:
    comma = ", " if lang.startswith("en") else "、"
    return comma.join(m.text(period, lang) for m in cell.pending)


def level_text(line: AbsenceLine, thresholds: tuple[int, ...], lang: str = "zh") -> str:
    """The warning band in words; the top band is the 党章 six-month rule."""
    if line.excluded:
        return pick(lang, "经批准不计应到", "excluded with approval")
    if line.level >= thresholds[-1]:
        return pick(lang, f"连续{thresholds[-1]}个月以上（党章：须核实是否自行脱党）",
                    f"{thresholds[-1]}+ months in a row (Party Constitution: check for lapsed membership)")
    return pick(lang, f"连续{line.level}个月以上", f"{line.level}+ months in a row")


def level_short_text(line: AbsenceLine, thresholds: tuple[int, ...], lang: str = "zh") -> str:
    """'× 满6个月' / '× 6 months', '— 不计应到': symbol plus words, for narrow columns."""
    if line.excluded:
        return "— " + pick(lang, "不计应到", "excluded")
    return f"{level_symbol(line, thresholds)} " + pick(lang, f"满{line.level}个月", f"{line.level} months")


def level_symbol(line: AbsenceLine, thresholds: tuple[int, ...]) -> str:
    if line.excluded:
        return "—"
    return "×" if line.level >= thresholds[-1] else ("△" if line.level > thresholds[0] else "○")


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


# --- the Chinese-only names older callers use ------------------------------------------------

def type_zh(meeting_type: str) -> str:
    return type_text(meeting_type, "zh")


def rule_zh(cell: Cell) -> str:
    return rule_text(cell, "zh")


def missing_zh(cell: Cell, period: Period, limit: int | None = None) -> str:
    return missing_text(cell, period, limit, "zh")


def level_zh(line: AbsenceLine, thresholds: tuple[int, ...]) -> str:
    return level_text(line, thresholds, "zh")


def level_short_zh(line: AbsenceLine, thresholds: tuple[int, ...]) -> str:
    return level_short_text(line, thresholds, "zh")
