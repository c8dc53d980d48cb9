"""Validation of each synced record's fields: the same checks in the client and the server.

Each function takes the record's fields as Python values (dates as date objects), raises
ValidationError with a Chinese and English message on the first problem, and returns the
normalized fields (e.g. an upper-cased, 15→18 upgraded ID number).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from .errors import ValidationError
from .idnumber import check_consistency, parse_id_number
from .membership import validate_membership, validate_roster
from .review import validate_review
from .vocab import (
    APPRAISAL_GRADES,
    AttendanceStatus,
    Gender,
    Level,
    MeetingStatus,
    MeetingType,
    MemberCategory,
    MembershipStatus,
    OrgLifeForm,
)

_PHONE = re.compile(r"^[0-9+\- ]{5,20}$")
MAX_VOTES = 100_000  # far above any branch; keeps a count storable and printable


def _required(fields: Mapping[str, Any], name: str, zh: str, en: str) -> str:
    value = (fields.get(name) or "").strip() if isinstance(fields.get(name), str) else fields.get(name)
    if not value:
        raise ValidationError(f"请填写{zh}", f"{en} is required", name)
    return value


@cache
def _values(enum: type) -> frozenset[str]:
    return frozenset(m.value for m in enum)


def _choice(fields: Mapping[str, Any], name: str, enum: type, zh: str, en: str) -> str:
    value = fields.get(name)
    if value not in _values(enum):
        raise ValidationError(f"{zh}取值无效：{value}", f"Invalid {en}: {value}", name)
    return value


def _max_len(fields: Mapping[str, Any], name: str, limit: int, zh: str, en: str) -> None:
    value = fields.get(name)
    if isinstance(value, str) and len(value) > limit:
        raise ValidationError(
            f"{zh}过长（最多{limit}字）", f"{en} is too long (at most {limit} characters)", name
        )


def validate_organization(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    out["code"] = _required(fields, "code", "组织代码", "Organization code")
    out["name"] = _required(fields, "name", "组织名称", "Organization name")
    _choice(fields, "level", Level, "组织层级", "organization level")
    if fields.get("level") != Level.PROVINCE and not fields.get("parent_id"):
        raise ValidationError("请指定上级组织", "A parent organization is required", "parent_id")
    return out


def validate_party_group(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    _required(fields, "branch_id", "所在党支部", "Branch")
    out["name"] = _required(fields, "name", "党小组名称", "Party group name")
    return out


def validate_member(fields: Mapping[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    out = dict(fields)
    out["name"] = _required(fields, "name", "姓名", "Name")
    _max_len(fields, "name", 64, "姓名", "Name")
    _required(fields, "branch_id", "所在党支部", "Branch")
    info = parse_id_number(fields.get("id_number") or "", today=today)
    out["id_number"] = info.number
    out["gender"] = fields.get("gender") or info.gender
    out["birth_date"] = fields.get("birth_date") or info.birth_date
    _choice(out, "gender", Gender, "性别", "sex")
    check_consistency(info, gender=out["gender"], birth_date=out["birth_date"])
    _choice(fields, "category", MemberCategory, "人员类别", "member category")
    _choice(
        {"membership_status": fields.get("membership_status") or "normal"},
        "membership_status", MembershipStatus, "党籍状态", "membership status",
    )
    join, full = fields.get("join_date"), fields.get("full_member_date")
    if join and join < info.birth_date + dt.timedelta(days=18 * 365):
        raise ValidationError(
            "入党日期早于年满18周岁，请核对", "Joined the Party before turning 18; please check",
            "join_date",
        )
    if join and join > (today or dt.date.today()):
        raise ValidationError("入党日期不能晚于今天", "The joining date is in the future", "join_date")
    if full and join and full < join:
        raise ValidationError(
            "转正日期不能早于入党日期", "Full membership cannot precede joining", "full_member_date"
        )
    phone = (fields.get("phone") or "").strip()
    if phone and not _PHONE.match(phone):
        raise ValidationError(
            f"联系电话格式不正确：{phone}", f"Invalid phone number: {phone}", "phone"
        )
    out["phone"] = phone
    if fields.get("lost_contact") and not fields.get("lost_contact_date"):
        raise ValidationError(
            "失联党员须填写失联日期", "A lost-contact member needs the date contact was lost",
            "lost_contact_date",
        )
    if fields.get("mobile") and not (fields.get("mobile_destination") or "").strip():
        raise ValidationError(
            "流动党员须填写外出流向", "A mobile member needs the destination", "mobile_destination"
        )
    return out


def validate_meeting(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    _required(fields, "branch_id", "所属党支部", "Branch")
    _choice(fields, "type", MeetingType, "会议类型", "meeting type")
    _choice(fields, "status", MeetingStatus, "会议状态", "meeting status")
    out["topic"] = _required(fields, "topic", "会议主题", "Topic")
    _max_len(fields, "topic", 200, "会议主题", "Topic")
    start, end = fields.get("start"), fields.get("end")
    if not start:
        raise ValidationError("请填写会议开始时间", "The start time is required", "start")
    if end and end < start:
        raise ValidationError("结束时间不能早于开始时间", "The end is before the start", "end")
    if fields.get("status") == MeetingStatus.CANCELLED and not (
        fields.get("cancel_reason") or ""
    ).strip():
        raise ValidationError(
            "取消会议须填写原因", "A cancelled meeting needs a reason", "cancel_reason"
        )
    form = fields.get("org_life_form") or ""
    if form and form not in _values(OrgLifeForm):
        raise ValidationError(
            f"组织生活会形式无效：{form}", f"Invalid form of the meeting: {form}", "org_life_form"
        )
    agenda = fields.get("agenda") or []
    if not isinstance(agenda, list) or not all(isinstance(a, str) for a in agenda):
        raise ValidationError("议题格式不正确", "Agenda items must be texts", "agenda")
    for res in fields.get("resolutions") or []:
        if not isinstance(res, dict) or not str(res.get("text", "")).strip():
            raise ValidationError("决议内容不能为空", "A resolution needs its text", "resolutions")
        for key in ("for", "against", "abstain"):
            value = res.get(key, 0)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_VOTES:
                raise ValidationError(
                    "表决票数须为非负整数", "Vote counts must be whole numbers ≥ 0", "resolutions"
                )
    for obs in fields.get("observers") or []:
        if not isinstance(obs, dict) or not str(obs.get("name", "")).strip():
            raise ValidationError("列席人员须填写姓名", "An observer needs a name", "observers")
    if "roster" in fields:
        out["roster"] = validate_roster(fields.get("roster"))
    validate_review(fields)
    return out


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def validate_photo(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    _required(fields, "meeting_id", "会议", "Meeting")
    if fields.get("kind", "photo") not in ("photo", "sign_in_sheet"):
        raise ValidationError("照片类型无效", "Invalid photo kind", "kind")
    for name in ("sha256", "thumb_sha256"):
        if not isinstance(fields.get(name), str) or not _SHA256.match(fields[name]):
            raise ValidationError("照片文件的校验值不正确", "Invalid photo checksum", name)
    for name in ("size", "width", "height", "thumb_size"):
        value = fields.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValidationError("照片尺寸不正确", "Invalid photo size", name)
    _max_len(fields, "caption", 200, "照片说明", "Caption")
    return out


def validate_attendance(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    _required(fields, "meeting_id", "会议", "Meeting")
    _required(fields, "member_id", "党员", "Member")
    _choice(fields, "status", AttendanceStatus, "出席情况", "attendance status")
    if fields.get("status") == AttendanceStatus.LEAVE and not (fields.get("reason") or "").strip():
        raise ValidationError("请假须填写原因", "Leave needs a reason", "reason")
    if fields.get("excluded") and not (fields.get("exclusion_reason") or "").strip():
        raise ValidationError(
            "不计入应到人数须填写原因（经上级党组织同意）",
            "Excluding a member from the expected count needs the approved reason",
            "exclusion_reason",
        )
    grade = fields.get("grade") or ""
    if grade and grade not in APPRAISAL_GRADES:
        raise ValidationError(f"评议等次无效：{grade}", f"Invalid appraisal grade: {grade}", "grade")
    return out


def validate_audit_event(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    _required(fields, "branch_id", "党支部", "Branch")
    if fields.get("action") not in ("show_id_number", "print_full", "export_full"):
        raise ValidationError("审计事件类型无效", "Invalid audit action", "action")
    if not fields.get("occurred_at"):
        raise ValidationError("审计事件缺少时间", "An audit event needs its time", "occurred_at")
    return out


VALIDATORS = {
    "organizations": validate_organization,
    "party_groups": validate_party_group,
    "members": validate_member,
    "memberships": validate_membership,
    "meetings": validate_meeting,
    "attendance": validate_attendance,
    "photos": validate_photo,
    "audit_events": validate_audit_event,
}
