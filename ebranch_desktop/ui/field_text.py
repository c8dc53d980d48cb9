"""Stored field values (canonical JSON) as a person reads them on the forms, in the interface
language, and a side-by-side difference marked in HTML."""

from __future__ import annotations

import difflib
import html
import re
from typing import Any

from PySide6.QtCore import QCoreApplication

from ..domain.merge import DELETED
from . import labels


def _when(value: str) -> str:
    """'2026-12-05T09:00:00' → '2026-12-05 09:00'."""
    return value.replace("T", " ")[:16] if "T" in value else value


def field_text(table: str, field: str, value: Any, names: dict[str, str] | None = None) -> str:
    """One value as the user would read it; "" for an empty value."""
    if field == DELETED:
        if value:
            return QCoreApplication.translate("FieldText", "已删除")
        return QCoreApplication.translate("FieldText", "未删除")
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return QCoreApplication.translate("FieldText", "是") if value else QCoreApplication.translate("FieldText", "否")
    if field.endswith("_id") and isinstance(value, str):
        return (names or {}).get(value, value)
    if isinstance(value, str):
        words = {
            "type": labels.meeting_type, "org_life_form": labels.meeting_type,
            "status": labels.attendance if table == "attendance" else labels.meeting_status,
            "gender": labels.gender, "category": labels.category, "level": labels.level,
            "membership_status": labels.membership_status, "committee_role": labels.committee_role,
            "education": labels.education, "ethnicity": labels.ethnicity,
        }
        return words[field](value) if field in words else _when(value)
    if field == "agenda" and isinstance(value, list):
        return "\n".join(f"{n}. {item}" for n, item in enumerate(value, 1))
    if field == "resolutions" and isinstance(value, list):
        return "\n".join(
            QCoreApplication.translate("FieldText", "%1（同意 %2，反对 %3，弃权 %4）")
            .replace("%1", str(r.get("text", "")))
            .replace("%2", str(r.get("for", 0))).replace("%3", str(r.get("against", 0)))
            .replace("%4", str(r.get("abstain", 0)))
            for r in value if isinstance(r, dict))
    if field == "observers" and isinstance(value, list):
        return "\n".join(f"{o.get('name', '')}（{o.get('role', '')}）" if o.get("role") else str(o.get("name", ""))
                         for o in value if isinstance(o, dict))
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


_CLAUSE = re.compile(r"[^，。；：、！？,.;:!?\s]*[，。；：、！？,.;:!?\s]*")


def _clauses(text: str) -> list[str]:
    """Text cut after punctuation and spaces: differences are marked clause by clause, which
    reads better in Chinese than character by character."""
    return [part for part in _CLAUSE.findall(text) if part]


def marked(text: str, reference: str | None) -> str:
    """`text` as HTML, whole, with the clauses that differ from `reference` on a yellow ground
    and underlined (never colour alone)."""
    if not text and reference:
        return "<i>" + _html(QCoreApplication.translate("FieldText", "（已清空）")) + "</i>"
    if not text:
        return "<i>" + _html(QCoreApplication.translate("FieldText", "（空）")) + "</i>"
    if reference is None or reference == text:
        return _html(text)
    ours, theirs = _clauses(reference), _clauses(text)
    out = []
    for op, _a1, _a2, b1, b2 in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        part = _html("".join(theirs[b1:b2]))
        if op == "equal":
            out.append(part)
        elif op in ("insert", "replace"):
            out.append(f"<u style='background-color:#ffe08a'>{part}</u>")
    return "".join(out)
