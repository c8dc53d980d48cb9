"""报送 → 审核: a branch hands in a held meeting's record; the township approves or returns it.

Each act appends an entry to the meeting's review log and sets the state it leads to
(domain/review.py), in the caller's one write transaction, so it syncs as an edit of the meeting.
The server checks the same rules and who may act (docs/sync-protocol.md); the checks here give
the person a clear answer at once, offline too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..domain import review
from ..domain.errors import ValidationError
from ..store.models import Attendance, LocalUser, Meeting, Organization, Photo, Setting
from .meetings import get_meeting

ROLE_NAMES = {"secretary": ("党支部书记", "branch secretary"), "township": ("乡镇（街道）党委", "township officer")}


@dataclass(frozen=True)
class ReviewItem:
    """One line of the review list."""

    id: str
    branch_id: str
    branch_name: str
    type: str
    start: dt.datetime
    topic: str
    review: str
    review_comment: str
    handed_in_by: str
    handed_in_at: str
    photos: int


def role_of(session: Session) -> str | None:
    """The role of the person writing (their local account), None when the workspace has no
    account for them (code that opened it with a key): the server still judges their acts."""
    actor = session.info.get("actor")
    user = session.get(LocalUser, actor) if actor else None
    return user.role if user else None


def _check_role(session: Session, action: str) -> None:
    needed = review.TRANSITIONS[action][2]
    role = role_of(session)
    if role is None or role == needed:
        return
    zh, en = ROLE_NAMES[needed]
    if action == review.SUBMIT:
        raise ValidationError(f"只有{zh}可以报送本支部的会议记录", f"Only the {en} can hand in a branch's record",
                              "review")
    raise ValidationError(f"只有{zh}可以审核、退回或重新打开会议记录",
                          f"Only a {en} can approve, return or reopen a record", "review")


def _act(session: Session, meeting: Meeting, action: str, comment: str = "", seen: int | None = None) -> Meeting:
    entry: dict = {"action": action, "by": session.info.get("actor", "") or "?",
                   "at": dt.datetime.now().isoformat(timespec="seconds"), "comment": comment.strip()}
    if action == review.APPROVE:
        entry["seen"] = seen or 0
    review.check_entry(entry)
    state = review.step(review.State(meeting.review, meeting.review_comment), entry)
    meeting.review_log = [*(meeting.review_log or []), entry]
    meeting.review = state.review
    meeting.review_comment = state.comment
    session.flush()
    return meeting


def submit(session: Session, meeting_id: str, note: str = "") -> Meeting:
    """报送: the branch hands in a held meeting's record, with an optional note."""
    meeting = get_meeting(session, meeting_id)
    _check_role(session, review.SUBMIT)
    if meeting.status != "held":
        raise ValidationError("只有已召开的会议可以报送", "Only a held meeting can be handed in", "status")
    if meeting.review == review.SUBMITTED:
        raise ValidationError("该会议记录已报送，正在等待审核", "This record was handed in and awaits review",
                              "review")
    review.refuse_if_approved(meeting.review)
    return _act(session, meeting, review.SUBMIT, note)


def _awaiting(session: Session, meeting_id: str, action: str) -> Meeting:
    meeting = get_meeting(session, meeting_id)
    _check_role(session, action)
    wanted = review.TRANSITIONS[action][0]
    if meeting.review not in wanted:
        if action == review.REOPEN:
            raise ValidationError("只有已审核通过的会议记录可以重新打开", "Only an approved record can be reopened",
                                  "review")
        raise ValidationError("该会议记录未报送或已处理，不在待审核之列",
                              "This record is not waiting for review (not handed in, or already decided)",
                              "review")
    return meeting


SERVER_URL_SETTING = "sync.server_url"  # sync/local_state.SERVER_URL: set once bound to a server


def _children_seen(session: Session, meeting_id: str) -> int:
    """The newest server version among the meeting's marks and photos here; refuses while any
    of them has edits this PC has not sent (sync first: an approval covers what the server has).
    A workspace bound to no server (the offline demo) has nothing to wait for."""
    setting = session.get(Setting, SERVER_URL_SETTING)
    bound = bool(setting and setting.value)
    newest = 0
    for model in (Attendance, Photo):
        pending, top = session.execute(
            select(func.count().filter(model.dirty > 0), func.max(model.rev)).where(model.meeting_id == meeting_id)
        ).one()
        if pending and bound:
            raise ValidationError(
                "此会议有尚未同步的出席登记或照片修改，请先同步，再审核",
                "This meeting has attendance or photo changes not yet synced; sync first, then review",
                "review",
            )
        newest = max(newest, top or 0)
    return newest


def approve(session: Session, meeting_id: str) -> Meeting:
    """审核通过: the record as it stands here (its marks and photos up to the newest version this
    PC holds) is approved and becomes read-only. If the branch changed it meanwhile, the server
    answers with a conflict instead of approving what the township has not seen."""
    meeting = _awaiting(session, meeting_id, review.APPROVE)
    return _act(session, meeting, review.APPROVE, seen=_children_seen(session, meeting_id))


def return_record(session: Session, meeting_id: str, comment: str) -> Meeting:
    """退回修改: sent back to the branch with a comment."""
    if not comment.strip():
        raise ValidationError("退回须填写意见", "Returning needs a comment", "comment")
    meeting = _awaiting(session, meeting_id, review.RETURN)
    return _act(session, meeting, review.RETURN, comment)


def reopen(session: Session, meeting_id: str, reason: str) -> Meeting:
    """重新打开: an approved record goes back to the branch for changes, with the reason."""
    if not reason.strip():
        raise ValidationError("重新打开须填写原因", "Reopening needs a reason", "reason")
    meeting = _awaiting(session, meeting_id, review.REOPEN)
    return _act(session, meeting, review.REOPEN, reason)


def waiting_for(session: Session, role: str | None = None) -> list[ReviewItem]:
    """What awaits the caller: a township's records handed in (its backlog), a branch's records
    returned to it. `role` defaults to the writing person's."""
    role = role or role_of(session) or "township"
    state = review.RETURNED if role == "secretary" else review.SUBMITTED
    return _items(session, Meeting.review == state)


def under_review(session: Session) -> list[ReviewItem]:
    """Every record that was handed in (any state but none), newest first."""
    return _items(session, Meeting.review != review.NONE)


def _items(session: Session, condition) -> list[ReviewItem]:  # noqa: ANN001 - a SQL condition
    photos = (select(Photo.meeting_id, func.count().label("n")).where(Photo.deleted.is_(False))
              .group_by(Photo.meeting_id).subquery())
    rows = session.execute(
        select(Meeting, Organization.name, photos.c.n)
        .join(Organization, Organization.id == Meeting.branch_id, isouter=True)
        .join(photos, photos.c.meeting_id == Meeting.id, isouter=True)
        .where(Meeting.deleted.is_(False), or_(condition))
        .order_by(Meeting.start.desc(), Meeting.id)
    ).all()
    out = []
    for meeting, branch_name, n in rows:
        handed = next((e for e in reversed(meeting.review_log or []) if e.get("action") == review.SUBMIT), {})
        out.append(ReviewItem(meeting.id, meeting.branch_id, branch_name or "", meeting.type, meeting.start,
                              meeting.topic, meeting.review, meeting.review_comment, handed.get("by", ""),
                              handed.get("at", ""), int(n or 0)))
    return out


def history(meeting: Meeting) -> list[dict]:
    """The acts of the review, oldest first: who, when, what, with what comment."""
    return [dict(e) for e in (meeting.review_log or [])]
