"""Membership periods: who belonged to which branch (and 党小组, as 预备/正式党员) from when to when.

A period is half-open, [start_date, end_date): a member transferred on 3 May belongs to the new
branch from 3 May and is no longer expected in the old one that day. An unknown start (None)
means "since before anything was recorded here" (an old roster without dates); an open end
(None) means "still there". Pure functions over plain values, shared by the client, the server
and the migration's tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import ValidationError
from .vocab import Label, MemberCategory

# Fixed namespace: the periods derived from a member's dates get the same ids on every PC and on
# the server, so two PCs that write them down both write the same records.
MEMBERSHIP_NAMESPACE = uuid.UUID("8d4f3b7a-2c61-4e0f-b5a9-7e1c3d9f6a24")


class StartReason(StrEnum):
    """How a period began."""

    JOINED = "joined"  # 入党（在本支部发展）
    BECAME_FORMAL = "became_formal"  # 转为正式党员
    TRANSFERRED_IN = "transferred_in"  # 组织关系转入
    GROUP_CHANGED = "group_changed"  # 调整党小组
    UNKNOWN = "unknown"  # 名册中没有日期：来源不详


class EndReason(StrEnum):
    """How a period ended; the last four are the ways a member leaves a branch."""

    BECAME_FORMAL = "became_formal"
    GROUP_CHANGED = "group_changed"
    TRANSFERRED_OUT = "transferred_out"  # 组织关系转出（转往他处）
    DIED = "died"  # 去世
    LEFT_PARTY = "left_party"  # 出党（开除党籍、除名、退党等）
    SUSPENDED = "suspended"  # 停止党籍


LEAVE_REASONS = (EndReason.TRANSFERRED_OUT, EndReason.DIED, EndReason.LEFT_PARTY, EndReason.SUSPENDED)

START_LABELS = {
    StartReason.JOINED: Label("入党", "Joined the Party"),
    StartReason.BECAME_FORMAL: Label("转为正式党员", "Became a full member"),
    StartReason.TRANSFERRED_IN: Label("组织关系转入", "Transferred in"),
    StartReason.GROUP_CHANGED: Label("调整党小组", "Moved to another party group"),
    StartReason.UNKNOWN: Label("来源不详", "Start not recorded"),
}

END_LABELS = {
    EndReason.BECAME_FORMAL: Label("转为正式党员", "Became a full member"),
    EndReason.GROUP_CHANGED: Label("调整党小组", "Moved to another party group"),
    EndReason.TRANSFERRED_OUT: Label("组织关系转出", "Transferred out"),
    EndReason.DIED: Label("去世", "Died"),
    EndReason.LEFT_PARTY: Label("出党", "Left the Party"),
    EndReason.SUSPENDED: Label("停止党籍", "Membership suspended"),
}

# What `ebranch members leave --reason` accepts besides the keys.
LEAVE_REASON_WORDS = {
    "转出": EndReason.TRANSFERRED_OUT, "组织关系转出": EndReason.TRANSFERRED_OUT,
    "去世": EndReason.DIED, "死亡": EndReason.DIED, "病故": EndReason.DIED,
    "出党": EndReason.LEFT_PARTY, "开除党籍": EndReason.LEFT_PARTY, "除名": EndReason.LEFT_PARTY,
    "退党": EndReason.LEFT_PARTY, "停止党籍": EndReason.SUSPENDED,
}


def parse_leave_reason(text: str) -> EndReason:
    """A leave reason from its key, its Chinese word or its English label."""
    value = (text or "").strip()
    if value in LEAVE_REASON_WORDS:
        return LEAVE_REASON_WORDS[value]
    for reason in LEAVE_REASONS:
        if value.lower() in (reason.value, END_LABELS[reason].en.lower()):
            return reason
    words = "、".join(["转出", "去世", "出党", "停止党籍"])
    raise ValidationError(
        f"离开原因无效：{value}（可用：{words}）",
        f"Invalid reason: {value} (use transferred_out, died, left_party or suspended)",
        "reason",
    )


@dataclass(frozen=True)
class Period:
    """One membership period as plain values (a stored record or one derived from dates)."""

    id: str
    member_id: str
    branch_id: str
    group_id: str | None
    category: str
    start_date: dt.date | None
    start_reason: str
    start_from: str = ""
    end_date: dt.date | None = None
    end_reason: str = ""
    end_to: str = ""
    derived: bool = False  # not stored: worked out from the member's joining dates

    def covers(self, day: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day < self.end_date
        )

    @property
    def open(self) -> bool:
        return self.end_date is None

    def fields(self) -> dict[str, Any]:
        """The record's fields (Python values), as the store and the wire model hold them."""
        return {
            "member_id": self.member_id, "branch_id": self.branch_id, "group_id": self.group_id,
            "category": self.category, "start_date": self.start_date,
            "start_reason": self.start_reason, "start_from": self.start_from,
            "end_date": self.end_date, "end_reason": self.end_reason, "end_to": self.end_to,
        }


@functools.lru_cache(maxsize=65_536)  # every roster works them out again; a uuid5 is a SHA-1
def derived_id(member_id: str, n: int) -> str:
    """The id of the n-th period derived from a member's dates (0: the first)."""
    return str(uuid.uuid5(MEMBERSHIP_NAMESPACE, f"{member_id}:initial:{n}"))


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def initial_periods(
    member_id: str,
    member: Mapping[str, Any],
    *,
    since: dt.date | None = None,
    since_from: str = "",
) -> list[Period]:
    """The periods a member's own dates describe, for a member with no recorded history.

    The member is taken to have belonged to their branch since joining the Party (`join_date`),
    or since `since` when they came by transfer from `since_from`; with neither date the start is
    unknown. A full member with a 转正 date after that start was probationary before it.
    """
    branch, group = member["branch_id"], member.get("group_id")
    if since is not None:
        start, reason = since, StartReason.TRANSFERRED_IN
    else:
        start = _date(member.get("join_date"))
        reason = StartReason.JOINED if start else StartReason.UNKNOWN
    full = _date(member.get("full_member_date"))
    formal = member.get("category") == MemberCategory.FORMAL
    common = {"member_id": member_id, "branch_id": branch, "group_id": group, "derived": True}
    if formal and full is not None and (start is None or full > start):
        return [
            Period(derived_id(member_id, 0), category=MemberCategory.PROBATIONARY.value,
                   start_date=start, start_reason=reason.value, start_from=since_from,
                   end_date=full, end_reason=EndReason.BECAME_FORMAL.value, **common),
            Period(derived_id(member_id, 1), category=MemberCategory.FORMAL.value, start_date=full,
                   start_reason=StartReason.BECAME_FORMAL.value, **common),
        ]
    category = MemberCategory.FORMAL if formal else MemberCategory.PROBATIONARY
    return [Period(derived_id(member_id, 0), category=category.value, start_date=start,
                   start_reason=reason.value, start_from=since_from, **common)]


def covering(periods: Iterable[Period], day: dt.date) -> Period | None:
    """The period that covers `day` (the latest-starting one, should records overlap)."""
    found = [p for p in periods if p.covers(day)]
    if not found:
        return None
    return max(found, key=lambda p: p.start_date or dt.date.min)


def branch_since(periods: Iterable[Period], branch_id: str, day: dt.date) -> tuple[bool, dt.date | None]:
    """Since when the member has belonged to `branch_id` without a break, as of `day`.

    Returns (in the branch on `day`, the start of that unbroken stay — None when unknown).
    Consecutive periods (转正, 调整党小组) continue the stay; a gap or another branch ends it.
    """
    own = sorted((p for p in periods if p.branch_id == branch_id),
                 key=lambda p: p.start_date or dt.date.min)
    current = next((p for p in reversed(own) if p.covers(day)), None)
    if current is None:
        return False, None
    start = current.start_date
    for p in reversed(own):
        if start is None:
            break
        if p.end_date == start and p is not current:
            start = p.start_date
    return True, start


def validate_membership(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The domain rules of one period record."""
    out = dict(fields)
    for name, zh, en in (("member_id", "党员", "Member"), ("branch_id", "党支部", "Branch")):
        if not fields.get(name):
            raise ValidationError(f"请填写{zh}", f"{en} is required", name)
    if fields.get("category") not in {c.value for c in MemberCategory}:
        raise ValidationError(f"人员类别取值无效：{fields.get('category')}",
                              f"Invalid member category: {fields.get('category')}", "category")
    start, end = _date(fields.get("start_date")), _date(fields.get("end_date"))
    start_reason, end_reason = fields.get("start_reason"), fields.get("end_reason") or ""
    if start_reason not in {r.value for r in StartReason}:
        raise ValidationError(f"开始方式无效：{start_reason}", f"Invalid start: {start_reason}",
                              "start_reason")
    if (start is None) != (start_reason == StartReason.UNKNOWN):
        raise ValidationError("只有来源不详的记录可以没有开始日期",
                              "Only a period of unknown start may lack its start date", "start_date")
    if end_reason and end_reason not in {r.value for r in EndReason}:
        raise ValidationError(f"结束原因无效：{end_reason}", f"Invalid end: {end_reason}",
                              "end_reason")
    if (end is None) != (not end_reason):
        raise ValidationError("结束日期和结束原因须同时填写",
                              "An end date needs its reason, and a reason its date", "end_reason")
    if start is not None and end is not None and end < start:
        raise ValidationError("结束日期不能早于开始日期", "The period ends before it starts",
                              "end_date")
    if start_reason == StartReason.TRANSFERRED_IN and not (fields.get("start_from") or "").strip():
        raise ValidationError("组织关系转入须填写从何处转入", "A transfer in needs the organization it came from",
                              "start_from")
    if end_reason == EndReason.TRANSFERRED_OUT and not (fields.get("end_to") or "").strip():
        raise ValidationError("组织关系转出须填写转往何处", "A transfer out needs the organization it went to",
                              "end_to")
    return out


def validate_roster(roster: Any) -> list[dict[str, Any]] | None:
    """A held meeting's fixed expected list: [{member_id, name, category, role}] or None."""
    if roster is None:
        return None
    if not isinstance(roster, list):
        raise ValidationError("应到名单格式不正确", "The expected list must be a list", "roster")
    seen: set[str] = set()
    out = []
    for entry in roster:
        if not isinstance(entry, dict) or not entry.get("member_id") or not isinstance(entry.get("name"), str):
            raise ValidationError("应到名单中的条目须有党员和姓名",
                                  "Each entry of the expected list needs a member and a name", "roster")
        if entry.get("category") not in {c.value for c in MemberCategory}:
            raise ValidationError("应到名单中的人员类别无效", "Invalid category in the expected list",
                                  "roster")
        if set(entry) - {"member_id", "name", "category", "role"}:
            raise ValidationError("应到名单中有未知字段", "Unknown keys in the expected list", "roster")
        if entry["member_id"] in seen:
            raise ValidationError("应到名单中有重复的党员", "A member appears twice in the expected list",
                                  "roster")
        if len(entry["name"]) > 64 or len(str(entry["member_id"])) > 36 or len(str(entry.get("role") or "")) > 16:
            raise ValidationError("应到名单中的条目过长", "An entry of the expected list is too long", "roster")
        seen.add(entry["member_id"])
        out.append({"member_id": str(entry["member_id"]), "name": entry["name"],
                    "category": entry["category"], "role": str(entry.get("role") or "")})
    return out
