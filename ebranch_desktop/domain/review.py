"""The township's review of a held meeting's record (报送 → 审核): states, acts and their log.

A meeting's review lives in three fields of the meeting record: `review_log`, the list of acts
(who handed it in, approved, returned or reopened it, when, with what comment), and `review` /
`review_comment`, the state and comment those acts lead to (kept beside the log so lists and
reports can filter in SQL). The log only grows; the state is always the one its acts imply
(`replay`), which every client and the server check (`validate_review`).

Kept in the meeting record, not in records of their own: an approval then travels with the very
version of the record it approves, and the shared 3-way merge can see an approval meet a
concurrent edit of the same record (`approval_clash`), on the server's push and on a PC's pull
alike (docs/decisions.md "Review in the meeting record").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ValidationError

NONE, SUBMITTED, APPROVED, RETURNED = "none", "submitted", "approved", "returned"
STATES = (NONE, SUBMITTED, APPROVED, RETURNED)

SUBMIT, APPROVE, RETURN, REOPEN = "submit", "approve", "return", "reopen"
ACTIONS = (SUBMIT, APPROVE, RETURN, REOPEN)

# The fields of the review itself; every other field of a meeting is its content.
REVIEW_FIELDS = ("review", "review_comment", "review_log")

# act → (states it may start from, state it leads to, role that may do it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    SUBMIT: ((NONE, RETURNED), SUBMITTED, "secretary"),
    APPROVE: ((SUBMITTED,), APPROVED, "township"),
    RETURN: ((SUBMITTED,), RETURNED, "township"),
    REOPEN: ((APPROVED,), RETURNED, "township"),
}

MAX_COMMENT = 500
MAX_LOG = 200


@dataclass(frozen=True)
class State:
    """Where a log leads: the state and the comment that goes with it."""

    review: str = NONE
    comment: str = ""


def _bad(zh: str, en: str) -> ValidationError:
    return ValidationError(zh, en, "review_log")


def check_entry(entry: Any) -> dict[str, Any]:
    """One act of the log, checked: {action, by, at, comment[, seen]}."""
    if not isinstance(entry, Mapping):
        raise _bad("审核记录格式不正确", "A review entry must be an object")
    unknown = set(entry) - {"action", "by", "at", "comment", "seen"}
    if unknown:
        raise _bad(f"审核记录含未知字段：{', '.join(sorted(unknown))}",
                   f"Unknown review entry fields: {', '.join(sorted(unknown))}")
    action = entry.get("action")
    if action not in ACTIONS:
        raise _bad(f"审核操作无效：{action}", f"Invalid review action: {action}")
    by, at, comment = entry.get("by"), entry.get("at"), entry.get("comment", "")
    if not isinstance(by, str) or not by or len(by) > 64:
        raise _bad("审核记录缺少操作人", "A review entry needs who did it")
    if not isinstance(at, str) or not 10 <= len(at) <= 40:
        raise _bad("审核记录缺少时间", "A review entry needs its time")
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT:
        raise _bad(f"审核意见不能超过 {MAX_COMMENT} 字", f"A review comment is at most {MAX_COMMENT} characters")
    if action in (RETURN, REOPEN) and not comment.strip():
        raise _bad("退回或重新打开须填写意见或原因", "Returning or reopening needs a comment or reason")
    seen = entry.get("seen")
    if action == APPROVE:
        if not isinstance(seen, int) or isinstance(seen, bool) or seen < 0:
            raise _bad("审核通过记录缺少所审核的版本", "An approval must say which version it saw")
    elif seen is not None:
        raise _bad("只有审核通过记录带版本", "Only an approval carries the version it saw")
    return dict(entry)


def step(state: State, entry: Mapping[str, Any]) -> State:
    """The state after one act; ValidationError if the act cannot follow `state`."""
    action = entry["action"]
    sources, target, _role = TRANSITIONS[action]
    if state.review not in sources:
        raise _bad(f"审核状态“{state.review}”之后不能“{action}”",
                   f"A review cannot go from {state.review} by {action}")
    return State(target, "" if action == APPROVE else str(entry.get("comment", "")).strip())


def replay(log: Sequence[Mapping[str, Any]], start: State = State()) -> State:
    state = start
    for entry in log:
        state = step(state, entry)
    return state


def validate_review(fields: Mapping[str, Any]) -> None:
    """The meeting's review fields agree with their log; only a held meeting is under review."""
    log = fields.get("review_log") or []
    if not isinstance(log, list) or len(log) > MAX_LOG:
        raise _bad("审核记录格式不正确", "The review log must be a list")
    for entry in log:
        check_entry(entry)
    state = replay(log)
    if (fields.get("review") or NONE) != state.review or (fields.get("review_comment") or "") != state.comment:
        raise ValidationError("审核状态与审核记录不一致", "The review state does not match its log", "review")
    if state.review != NONE and fields.get("status") != "held":
        raise ValidationError("只有已召开的会议可以报送审核", "Only a held meeting can be handed in for review",
                              "status")


def content_changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> set[str]:
    """Fields other than the review's own that differ."""
    keys = (set(before) | set(after)) - set(REVIEW_FIELDS)
    return {k for k in keys if before.get(k) != after.get(k)}


def approves(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> bool:
    """True when `after`'s log adds an approval to `before`'s."""
    old = (before or {}).get("review_log") or []
    new = after.get("review_log") or []
    return any(isinstance(e, Mapping) and e.get("action") == APPROVE for e in new[len(old):])


def approval_clash(base: Mapping[str, Any] | None, mine: Mapping[str, Any],
                   theirs: Mapping[str, Any]) -> set[str]:
    """An approval on one side meeting an edit of the record's content on the other: the fields
    that must then be decided by a person (empty when there is no clash). Approving a version
    the township has not seen would be a silent overwrite of the review; merging the edit into
    an approved record, a silent change of what was approved."""
    base_fields = base or {}
    for approver, editor in ((mine, theirs), (theirs, mine)):
        if approves(base_fields, approver):
            edited = content_changed(base_fields, editor)
            if edited:
                review = {k for k in REVIEW_FIELDS if approver.get(k) != editor.get(k)}
                return review | edited
    return set()


def is_read_only(review: str | None) -> bool:
    return review == APPROVED


def refuse_if_approved(review: str | None) -> None:
    """Services call this before any change to a meeting, its marks or its photos."""
    if review == APPROVED:
        raise ValidationError(
            "该会议记录已审核通过，不能修改；如需更改，请乡镇（街道）党委重新打开",
            "This meeting's record was approved and is read-only; the township must reopen it "
            "before it can change", "review",
        )
