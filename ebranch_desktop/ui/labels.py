"""Names of domain values (meeting types, statuses …) in the interface language."""

from __future__ import annotations

from ..domain.vocab import (
    ATTENDANCE_LABELS,
    CATEGORY_LABELS,
    COMMITTEE_ROLES,
    EDUCATION_LABELS,
    ETHNICITY_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    MEETING_STATUS_LABELS,
    MEETING_TYPE_LABELS,
    MEMBERSHIP_STATUS_LABELS,
    Label,
)
from .i18n import current_language


def text(label: Label | None) -> str:
    return label.text(current_language()) if label else ""


def _lookup(table: dict, key: str | None) -> str:
    for member, label in table.items():
        if member.value == key:
            return text(label)
    return key or ""


def meeting_type(key: str) -> str:
    return _lookup(MEETING_TYPE_LABELS, key)


def meeting_status(key: str) -> str:
    return _lookup(MEETING_STATUS_LABELS, key)


def attendance(key: str | None) -> str:
    return _lookup(ATTENDANCE_LABELS, key)


def category(key: str) -> str:
    return _lookup(CATEGORY_LABELS, key)


def committee_role(stored: str) -> str:
    """Roles are stored in Chinese (书记 …), as on the national form; shown in the language."""
    return _by_chinese(COMMITTEE_ROLES, stored)


def education(stored: str) -> str:
    return _by_chinese(EDUCATION_LABELS, stored)


def ethnicity(stored: str) -> str:
    return _by_chinese(ETHNICITY_LABELS, stored)


def _by_chinese(vocabulary: tuple[Label, ...], stored: str | None) -> str:
    """The label whose Chinese is `stored`, in the interface language; unknown text as it is."""
    for label in vocabulary:
        if label.zh == stored:
            return text(label)
    return stored or ""


def gender(key: str) -> str:
    return _lookup(GENDER_LABELS, key)


def level(key: str) -> str:
    return _lookup(LEVEL_LABELS, key)


def membership_status(key: str) -> str:
    return _lookup(MEMBERSHIP_STATUS_LABELS, key)


def error_text(exc: Exception) -> str:
    """A user-facing message for a ValidationError (or any error) in the interface language."""
    from ..domain.errors import ValidationError

    if isinstance(exc, ValidationError):
        return exc.message(current_language())
    return str(exc)


def sync_state(state: str) -> str:
    """The sync column: a symbol and a word, never colour alone."""
    from PySide6.QtCore import QCoreApplication

    texts = {
        "synced": QCoreApplication.translate("SyncState", "已同步"),
        "pending": QCoreApplication.translate("SyncState", "待同步"),
        "conflict": "⚠ " + QCoreApplication.translate("SyncState", "冲突"),
        "rejected": "✘ " + QCoreApplication.translate("SyncState", "被拒绝"),
    }
    return texts.get(state, state)


# Punctuation between pieces the code joins: Chinese forms in Chinese, ASCII in English.
def colon() -> str:
    return ": " if current_language() == "en" else "："


def gap() -> str:
    """The wide space between items on one line ("应到 24 人　实到 18 人")."""
    return "   " if current_language() == "en" else "　"


def listing(items: list[str]) -> str:
    """'甲、乙、丙' / 'A, B, C'."""
    return (", " if current_language() == "en" else "、").join(items)


def titled(head: str, rest: str) -> str:
    """'支部党员大会：学习会' / 'Branch general meeting: 学习会'."""
    return f"{head}{colon()}{rest}"
