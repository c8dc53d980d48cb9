"""The township's review on the server: who may act, and an approved record stays as approved.

Checked on every pushed meeting, attendance row and photo, after the 3-way merge (which already
turns an approval meeting a concurrent edit of the meeting itself into a conflict,
domain/review.approval_clash). What is checked here, against the stored version:
- the review log only grows, and each new act is the caller's own and of their role: a branch
  secretary hands in; a township officer approves, returns, reopens;
- an approved meeting (and its marks and photos) does not change until it is reopened, and a
  meeting under review is not deleted;
- an approval covers the marks and photos as the server holds them: if any changed after the
  newest version the approving PC had seen (`seen`), the approval is a conflict for the township.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from ebranch_desktop.domain import review
from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.domain.merge import Version

from .placement import Placer
from .records import Current
from .scope import Caller
from .tables import records

CHILDREN = ("attendance", "photos")
ROLE_TEXT = {"secretary": ("党支部书记", "a branch secretary"), "township": ("乡镇（街道）党委", "a township officer")}


def _read_only() -> ValidationError:
    return ValidationError(
        "该会议记录已审核通过，不能修改；如需更改，请乡镇（街道）党委重新打开",
        "This meeting's record was approved and is read-only; the township must reopen it first", "review")


def judge(conn: Connection, caller: Caller, placer: Placer, tbl: str, rid: str, target: Version,
          current: Current | None) -> list[str]:
    """Raise ValidationError (the change is rejected) or return the fields of a conflict (the
    approval met changed marks or photos); [] when the change may be written."""
    if tbl in CHILDREN:
        for meeting_id in {target.fields.get("meeting_id"), current.fields.get("meeting_id") if current else None}:
            meeting = placer.record("meetings", meeting_id) if meeting_id else None
            if meeting is not None and meeting.fields.get("review") == review.APPROVED:
                raise _read_only()
        return []
    if tbl != "meetings":
        return []
    old = current.fields if current is not None else {}
    new = target.fields
    old_log, new_log = old.get("review_log") or [], new.get("review_log") or []
    if new_log[:len(old_log)] != old_log:
        raise ValidationError("审核记录只能追加，不能修改或删除", "The review log can only grow", "review_log")
    appended = new_log[len(old_log):]
    for entry in appended:
        needed = review.TRANSITIONS[entry["action"]][2]
        if entry.get("by") != caller.username:
            raise ValidationError("审核记录的操作人必须是登录的用户本人",
                                  "A review act must be made by the signed-in user", "review_log")
        if caller.role != needed:
            zh, en = ROLE_TEXT[needed]
            raise ValidationError(f"只有{zh}可以{_act_zh(entry['action'])}",
                                  f"Only {en} may {entry['action']} a record", "review")
    was = old.get("review") or review.NONE
    if was == review.APPROVED and (target.deleted or review.content_changed(old, new)):
        raise _read_only()
    if target.deleted and not (current is not None and current.deleted) and was != review.NONE:
        raise ValidationError("已报送审核的会议不能删除", "A meeting handed in for review cannot be deleted",
                              "deleted")
    approvals = [e for e in appended if e["action"] == review.APPROVE]
    if approvals:
        newest = conn.execute(
            select(func.max(records.c.rev)).where(records.c.owner_id == rid, records.c.tbl.in_(CHILDREN))
        ).scalar() or 0
        if newest > approvals[-1].get("seen", 0):
            return list(review.REVIEW_FIELDS)
    return []


def _act_zh(action: str) -> str:
    return {"submit": "报送会议记录", "approve": "审核通过会议记录", "return": "退回会议记录",
            "reopen": "重新打开会议记录"}[action]
