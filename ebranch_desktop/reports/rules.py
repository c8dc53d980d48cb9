"""Required meeting frequencies, read and validated from the replaceable rules file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.vocab import MeetingType
from ..paths import resource
from .periods import UNITS

RULES_FORMAT = 1
PER_VALUES = ("branch", "group")


@dataclass(frozen=True)
class MeetingRule:
    """At least `count` held meetings of `type` every `every` (per branch or per 党小组)."""

    type: str
    every: str
    count: int
    per: str = "branch"
    basis: str = ""
    basis_en: str = ""  # optional: shown in the English interface where given


@dataclass(frozen=True)
class Rules:
    """The whole rules file."""

    name: str
    meetings: tuple[MeetingRule, ...]
    absence_warnings: tuple[int, ...]  # ascending, e.g. (3, 5, 6); the last is the 党章 limit
    source: str
    name_en: str = ""

    def rule(self, meeting_type: str) -> MeetingRule | None:
        return next((r for r in self.meetings if r.type == meeting_type), None)


class RulesError(ValidationError):
    """The rules file is missing or malformed; the message names the file and the problem."""


def default_rules_path() -> Path:
    return resource("rules", "meeting_rules.json")


def _fail(path: Path, zh: str, en: str) -> RulesError:
    return RulesError(f"会议规则文件 {path} 有误：{zh}", f"Meeting rules file {path}: {en}", "rules")


def parse_rules(data: object, path: Path) -> Rules:
    """Check the decoded JSON and build Rules; every problem is reported in plain words."""
    if not isinstance(data, dict):
        raise _fail(path, "顶层应为 JSON 对象", "the top level must be a JSON object")
    if data.get("format") != RULES_FORMAT:
        raise _fail(path, f"format 应为 {RULES_FORMAT}", f"format must be {RULES_FORMAT}")
    meetings = data.get("meetings")
    if not isinstance(meetings, dict) or not meetings:
        raise _fail(path, "缺少 meetings", "'meetings' is missing or empty")
    known = {t.value for t in MeetingType}
    rules = []
    for key, spec in meetings.items():
        if key not in known:
            raise _fail(path, f"未知会议类型 {key}（可用：{'、'.join(sorted(known))}）",
                        f"unknown meeting type {key!r}")
        if not isinstance(spec, dict):
            raise _fail(path, f"{key} 应为对象", f"{key} must be an object")
        every, count, per = spec.get("every"), spec.get("count"), spec.get("per", "branch")
        if every not in UNITS:
            raise _fail(path, f"{key}.every 应为 month、quarter 或 year，而不是 {every!r}",
                        f"{key}.every must be month, quarter or year, not {every!r}")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise _fail(path, f"{key}.count 应为正整数", f"{key}.count must be a positive integer")
        if per not in PER_VALUES:
            raise _fail(path, f"{key}.per 应为 branch 或 group", f"{key}.per must be branch or group")
        rules.append(MeetingRule(key, every, count, per, str(spec.get("basis", "")), str(spec.get("basis_en", ""))))
    warnings = data.get("absence_warnings_months", [3, 5, 6])
    if (
        not isinstance(warnings, list) or not warnings
        or not all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in warnings)
        or warnings != sorted(set(warnings))
    ):
        raise _fail(path, "absence_warnings_months 应为递增的正整数列表，如 [3, 5, 6]",
                    "absence_warnings_months must be ascending positive integers, e.g. [3, 5, 6]")
    order = [t.value for t in MeetingType]
    rules.sort(key=lambda r: order.index(r.type))
    return Rules(str(data.get("name", "")), tuple(rules), tuple(warnings), str(path), str(data.get("name_en", "")))


def load_rules(path: Path | str | None = None) -> Rules:
    """Read the rules file (default: the bundled one) or raise RulesError saying what is wrong."""
    path = Path(path) if path else default_rules_path()
    return _load(path, path.stat().st_mtime_ns if path.exists() else 0)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int) -> Rules:
    # Cached per modification time: a replaced file is read again without a restart.
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _fail(path, f"无法读取（{exc.strerror}）", f"cannot be read ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, f"第{exc.lineno}行第{exc.colno}列 JSON 格式错误：{exc.msg}",
                    f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    return parse_rules(data, path)
