"""Tables of stored records (meetings, attendance, members), streamed from SQL for export."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from sqlalchemy import Select, Text, case, func, select, type_coerce
from sqlalchemy.orm import Session

from ..domain.idnumber import mask_id_number, mask_phone
from ..domain.vocab import (
    ATTENDANCE_LABELS,
    CATEGORY_LABELS,
    GENDER_LABELS,
    MEETING_STATUS_LABELS,
    MEETING_TYPE_LABELS,
    MEMBERSHIP_STATUS_LABELS,
    MeetingStatus,
)
from ..services.membership import roster_on
from ..store.models import Attendance, Meeting, Member, Organization, PartyGroup
from .table import DATE, DATETIME, INT, Column, Table

STREAM = {"yield_per": 2_000}
FULL_EXPORT_NOTE = "本表含完整公民身份号码和联系电话，属敏感个人信息，请妥善保管，勿外传。"


def _zh(labels: dict, key: str | None) -> str:
    for k, label in labels.items():
        if k == key:
            return label.zh
    return key or ""


def _category_on(category: str, full_date: dt.date | None, day: dt.date) -> str:
    # Same rule as services.members.category_on, on plain column values (no ORM objects).
    formal = category == "formal" and not (full_date and full_date > day)
    return "正式党员" if formal else "预备党员"


def _meeting_window(stmt, branch_ids, date_from, date_to):  # noqa: ANN001, ANN202
    stmt = stmt.where(Meeting.deleted.is_(False))
    if branch_ids is not None:
        stmt = stmt.where(Meeting.branch_id.in_(branch_ids))
    if date_from:
        stmt = stmt.where(Meeting.start >= dt.datetime.combine(date_from, dt.time()))
    if date_to:
        stmt = stmt.where(Meeting.start < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time()))
    return stmt


MEETING_COLUMNS = (
    Column("党支部", 20), Column("会议类型", 16), Column("状态", 8), Column("主题", 36),
    Column("开始时间", 18, DATETIME), Column("结束时间", 18, DATETIME), Column("地点", 16),
    Column("主持人", 10), Column("记录人", 10), Column("主讲人", 10), Column("党小组", 12),
    Column("应到", 6, INT), Column("实到", 6, INT), Column("请假", 6, INT), Column("缺席", 6, INT),
    Column("取消原因", 16), Column("会议编号", 38),
)


def meetings_table(
    session: Session,
    branch_ids: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Table:
    """Every live meeting in scope, oldest first, with its attendance totals.

    A held meeting's 应到 is its kept list (listed members without a mark included), like its
    screen and printouts; a cancelled meeting has no totals (its kept marks count nowhere).
    """
    counts = (
        select(
            Attendance.meeting_id.label("mid"),
            func.count().label("marks"),
            func.sum(case((Attendance.excluded.is_(False), 1), else_=0)).label("expected"),
            *(
                func.sum(case(((Attendance.status.in_(s)) & Attendance.excluded.is_(False), 1), else_=0))
                .label(name)
                for name, s in (("present", ["present", "late"]), ("leave", ["leave"]),
                                ("absent", ["absent"]))
            ),
        )
        .where(Attendance.deleted.is_(False))
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    # Listed members with no mark (a kept list longer than the marks) are expected too.
    unmarked = func.max(func.coalesce(func.json_array_length(Meeting.roster), 0)
                        - func.coalesce(counts.c.marks, 0), 0)
    cancelled = Meeting.status == MeetingStatus.CANCELLED

    def unless_cancelled(value):  # noqa: ANN001, ANN202 - SQL expression
        return case((cancelled, None), else_=func.coalesce(value, 0))

    stmt = _meeting_window(
        select(
            Organization.name, Meeting.type, Meeting.status, Meeting.topic, Meeting.start,
            Meeting.end, Meeting.place, Meeting.host, Meeting.recorder, Meeting.lecturer,
            PartyGroup.name, unless_cancelled(func.coalesce(counts.c.expected, 0) + unmarked),
            unless_cancelled(counts.c.present), unless_cancelled(counts.c.leave),
            unless_cancelled(counts.c.absent), Meeting.cancel_reason, Meeting.id,
        )
        .join(Organization, Organization.id == Meeting.branch_id, isouter=True)
        .join(PartyGroup, PartyGroup.id == Meeting.group_id, isouter=True)
        .join(counts, counts.c.mid == Meeting.id, isouter=True),
        branch_ids, date_from, date_to,
    ).order_by(Meeting.start, Meeting.id)
    total = session.scalar(_meeting_window(select(func.count(Meeting.id)), branch_ids, date_from, date_to))

    def rows() -> Iterator[tuple]:
        for r in session.execute(stmt.execution_options(**STREAM)):
            r = list(r)
            r[1] = _zh(MEETING_TYPE_LABELS, r[1])
            r[2] = _zh(MEETING_STATUS_LABELS, r[2])
            r[11:15] = [None if v is None else int(v) for v in r[11:15]]
            yield r

    return Table("会议", MEETING_COLUMNS, rows(), total)


ATTENDANCE_COLUMNS = (
    Column("党支部", 20), Column("会议时间", 18, DATETIME), Column("会议类型", 16),
    Column("会议主题", 30), Column("会议状态", 8), Column("姓名", 10), Column("人员类别", 10),
    Column("出席情况", 8), Column("原因", 18), Column("不计应到", 8), Column("不计应到原因", 18),
)


def attendance_table(
    session: Session,
    branch_ids: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Table:
    """Every live attendance mark of live meetings in scope, by meeting then name (streamed).

    The marks kept on a cancelled meeting are left out: they count nowhere.
    """
    counted = (Attendance.deleted.is_(False), Meeting.status != MeetingStatus.CANCELLED)
    base = _meeting_window(
        select(func.count())
        .select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(*counted),
        branch_ids, date_from, date_to,
    )
    total = session.scalar(base)
    stmt = _meeting_window(
        select(
            Organization.name, Meeting.start, Meeting.type, Meeting.topic, Meeting.status,
            Member.name, Member.category, Member.full_member_date, Attendance.status,
            Attendance.reason, Attendance.excluded, Attendance.exclusion_reason, Meeting.id,
            Attendance.member_id,
        )
        .select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Member, Member.id == Attendance.member_id, isouter=True)
        .join(Organization, Organization.id == Meeting.branch_id, isouter=True)
        .where(*counted),
        branch_ids, date_from, date_to,
    ).order_by(Meeting.start, Meeting.id, Member.name)
    types = {k.value: v.zh for k, v in MEETING_TYPE_LABELS.items()}
    statuses = {k.value: v.zh for k, v in MEETING_STATUS_LABELS.items()}
    marks = {k.value: v.zh for k, v in ATTENDANCE_LABELS.items()}

    listed = _KeptLists(session, _meeting_window(
        select(Meeting.id, Meeting.status, type_coerce(Meeting.roster, Text))
        .where(Meeting.status != MeetingStatus.CANCELLED),
        branch_ids, date_from, date_to,
    ).order_by(Meeting.start, Meeting.id))

    def rows() -> Iterator[tuple]:
        for (branch, start, kind, topic, mstatus, name, category, full_date, status, reason,
             excluded, why, meeting_id, member_id) in session.execute(stmt.execution_options(**STREAM)):
            kept = listed.entry(meeting_id, member_id)
            if kept is not None:  # the name and category kept with the held meeting
                name, shown = kept["name"], "正式党员" if kept["category"] == "formal" else "预备党员"
            else:
                shown = _category_on(category, full_date, start.date()) if name else ""
            yield (
                branch, start, types.get(kind, kind), topic, statuses.get(mstatus, mstatus),
                name or "", shown, marks.get(status, status), reason, "是" if excluded else "", why,
            )

    return Table("出席情况", ATTENDANCE_COLUMNS, rows(), total)


class _KeptLists:
    """The kept lists of the streamed meetings, read alongside the marks in the same order
    (one more streamed query, no query per meeting), so exports show each mark as the held
    meeting recorded the person."""

    def __init__(self, session: Session, stmt: Select):
        self._session, self._stmt = session, stmt
        self._rows: Iterator | None = None  # started with the marks' stream, not before
        self._meeting: str | None = None
        self._entries: dict[str, dict] = {}

    def entry(self, meeting_id: str, member_id: str) -> dict | None:
        if self._rows is None:
            self._rows = iter(self._session.execute(self._stmt.execution_options(**STREAM)))
        while meeting_id != self._meeting:
            found = next(self._rows, None)
            if found is None:  # cannot happen while both queries see the same meetings
                self._meeting, self._entries = meeting_id, {}
                break
            self._meeting, status, roster = found
            self._entries = ({e["member_id"]: e for e in json.loads(roster)}
                             if status == MeetingStatus.HELD and roster else {})
        return self._entries.get(member_id)


MEMBER_COLUMNS = (
    Column("姓名", 10), Column("党支部", 20), Column("党小组", 12), Column("性别", 6),
    Column("民族", 8), Column("公民身份号码", 22), Column("出生日期", 12, DATE),
    Column("学历", 10), Column("人员类别", 10), Column("加入党组织日期", 14, DATE),
    Column("转为正式党员日期", 16, DATE), Column("工作岗位", 14), Column("联系电话", 14),
    Column("家庭住址", 36), Column("党籍状态", 10), Column("失联党员", 8), Column("失联日期", 12, DATE),
    Column("流动党员", 8), Column("外出流向", 18), Column("支部职务", 10), Column("党小组组长", 10),
)


def members_table(session: Session, branch_ids: list[str] | None = None, *, full: bool = False,
                  as_of: dt.date | None = None) -> Table:
    """The roster of `as_of` (today): who belongs to the branches that day (members who died,
    left or were transferred away are not on it). ID numbers and phones are masked unless
    `full` (the caller confirmed)."""
    if branch_ids is None:
        branch_ids = list(session.scalars(select(Organization.id).where(Organization.level == "branch")))
    on_roster = [line.member.id for line in roster_on(session, branch_ids, as_of or dt.date.today())]
    stmt = (
        select(Member, Organization.name, PartyGroup.name)
        .join(Organization, Organization.id == Member.branch_id, isouter=True)
        .join(PartyGroup, PartyGroup.id == Member.group_id, isouter=True)
        .where(Member.deleted.is_(False))
        .order_by(Organization.code, Member.name)
    )
    stmt = stmt.where(Member.id.in_(on_roster))
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    id_text = (lambda v: v) if full else mask_id_number
    phone_text = (lambda v: v) if full else mask_phone

    def rows() -> Iterator[tuple]:
        for m, branch, group in session.execute(stmt.execution_options(**STREAM)):
            yield (
                m.name, branch or "", group or "", _zh(GENDER_LABELS, m.gender), m.ethnicity,
                id_text(m.id_number), m.birth_date, m.education, _zh(CATEGORY_LABELS, m.category),
                m.join_date, m.full_member_date, m.job, phone_text(m.phone), m.address,
                _zh(MEMBERSHIP_STATUS_LABELS, m.membership_status), "是" if m.lost_contact else "",
                m.lost_contact_date, "是" if m.mobile else "", m.mobile_destination,
                m.committee_role, "是" if m.group_leader else "",
            )

    notes = [FULL_EXPORT_NOTE] if full else []
    return Table("党员名册", MEMBER_COLUMNS, rows(), total, notes)


# The attendance labels as the exports print them, for tests and other callers.
