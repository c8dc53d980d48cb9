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
    COMMITTEE_ROLES,
    EDUCATION_LABELS,
    ETHNICITY_LABELS,
    GENDER_LABELS,
    MEETING_STATUS_LABELS,
    MEETING_TYPE_LABELS,
    MEMBERSHIP_STATUS_LABELS,
    Label,
    MeetingStatus,
)
from ..services.membership import roster_on
from ..store.models import Attendance, Meeting, Member, Organization, PartyGroup
from .table import DATE, DATETIME, INT, Column, Table

STREAM = {"yield_per": 2_000}
FULL_EXPORT_NOTE = "本表含完整公民身份号码和联系电话，属敏感个人信息，请妥善保管，勿外传。"
FULL_EXPORT_NOTE_EN = ("This table holds full ID numbers and phone numbers: sensitive personal "
                       "information. Keep it safe and do not pass it on.")


def _pick(lang: str, zh: str, en: str) -> str:
    return en if lang.startswith("en") else zh


def _words(labels: dict, lang: str) -> dict[str, str]:
    """Stored key → its label in `lang` (unknown keys are written as they are)."""
    return {k.value: label.text(lang) for k, label in labels.items()}


def _by_chinese(labels: tuple[Label, ...], lang: str) -> dict[str, str]:
    """Chinese stored value (书记, 高中, 汉族 …) → its label in `lang`."""
    return {label.zh: label.text(lang) for label in labels}


def _category_on(category: str, full_date: dt.date | None, day: dt.date) -> str:
    # Same rule as services.members.category_on, on plain column values (no ORM objects).
    return "formal" if category == "formal" and not (full_date and full_date > day) else "probationary"


def _meeting_window(stmt, branch_ids, date_from, date_to):  # noqa: ANN001, ANN202
    stmt = stmt.where(Meeting.deleted.is_(False))
    if branch_ids is not None:
        stmt = stmt.where(Meeting.branch_id.in_(branch_ids))
    if date_from:
        stmt = stmt.where(Meeting.start >= dt.datetime.combine(date_from, dt.time()))
    if date_to:
        stmt = stmt.where(Meeting.start < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time()))
    return stmt


MEETING_HEADERS = (
    ("党支部", "Branch", 20), ("会议类型", "Meeting type", 16), ("状态", "Status", 8), ("主题", "Topic", 36),
    ("开始时间", "Start", 18, DATETIME), ("结束时间", "End", 18, DATETIME), ("地点", "Place", 16),
    ("主持人", "Host", 10), ("记录人", "Recorder", 10), ("主讲人", "Lecturer", 10), ("党小组", "Party group", 12),
    ("应到", "Expected", 6, INT), ("实到", "Present", 6, INT), ("请假", "Leave", 6, INT), ("缺席", "Absent", 6, INT),
    ("取消原因", "Reason for cancelling", 16), ("会议编号", "Meeting id", 38),
)


def _columns(headers: tuple[tuple, ...], lang: str) -> tuple[Column, ...]:
    return tuple(Column(_pick(lang, zh, en), *rest) for zh, en, *rest in headers)


MEETING_COLUMNS = _columns(MEETING_HEADERS, "zh")


def meetings_table(
    session: Session,
    branch_ids: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    lang: str = "zh",
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

    types, statuses = _words(MEETING_TYPE_LABELS, lang), _words(MEETING_STATUS_LABELS, lang)

    def rows() -> Iterator[tuple]:
        for r in session.execute(stmt.execution_options(**STREAM)):
            r = list(r)
            r[1] = types.get(r[1], r[1])
            r[2] = statuses.get(r[2], r[2])
            r[11:15] = [None if v is None else int(v) for v in r[11:15]]  # None: cancelled, counts nowhere
            yield r

    return Table(_pick(lang, "会议", "Meetings"), _columns(MEETING_HEADERS, lang), rows(), total)


ATTENDANCE_HEADERS = (
    ("党支部", "Branch", 20), ("会议时间", "Meeting time", 18, DATETIME), ("会议类型", "Meeting type", 16),
    ("会议主题", "Topic", 30), ("会议状态", "Meeting status", 8), ("姓名", "Name", 10),
    ("人员类别", "Category", 10), ("出席情况", "Attendance", 8), ("原因", "Reason", 18),
    ("不计应到", "Excluded", 8), ("不计应到原因", "Reason for exclusion", 18),
)
ATTENDANCE_COLUMNS = _columns(ATTENDANCE_HEADERS, "zh")


def attendance_table(
    session: Session,
    branch_ids: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    lang: str = "zh",
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
    types, statuses = _words(MEETING_TYPE_LABELS, lang), _words(MEETING_STATUS_LABELS, lang)
    marks, categories = _words(ATTENDANCE_LABELS, lang), _words(CATEGORY_LABELS, lang)
    yes = _pick(lang, "是", "yes")

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
                name, shown = kept["name"], kept["category"]
            else:
                shown = _category_on(category, full_date, start.date()) if name else ""
            yield (
                branch, start, types.get(kind, kind), topic, statuses.get(mstatus, mstatus),
                name or "", categories[shown] if shown else "",
                marks.get(status, status), reason, yes if excluded else "", why,
            )

    return Table(_pick(lang, "出席情况", "Attendance"), _columns(ATTENDANCE_HEADERS, lang), rows(), total)


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



MEMBER_HEADERS = (
    ("姓名", "Name", 10), ("党支部", "Branch", 20), ("党小组", "Party group", 12), ("性别", "Sex", 6),
    ("民族", "Ethnicity", 8), ("公民身份号码", "ID number", 22), ("出生日期", "Birth date", 12, DATE),
    ("学历", "Education", 10), ("人员类别", "Category", 10), ("加入党组织日期", "Joined", 14, DATE),
    ("转为正式党员日期", "Full member from", 16, DATE), ("工作岗位", "Occupation", 14),
    ("联系电话", "Phone", 14), ("家庭住址", "Address", 36), ("党籍状态", "Membership status", 10),
    ("失联党员", "Lost contact", 8), ("失联日期", "Lost contact on", 12, DATE), ("流动党员", "Mobile member", 8),
    ("外出流向", "Destination", 18), ("支部职务", "Committee role", 10), ("党小组组长", "Group leader", 10),
)
MEMBER_COLUMNS = _columns(MEMBER_HEADERS, "zh")


def members_table(session: Session, branch_ids: list[str] | None = None, *, full: bool = False,
                  lang: str = "zh", as_of: dt.date | None = None) -> Table:
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

    genders, categories = _words(GENDER_LABELS, lang), _words(CATEGORY_LABELS, lang)
    statuses = _words(MEMBERSHIP_STATUS_LABELS, lang)
    roles, schooling = _by_chinese(COMMITTEE_ROLES, lang), _by_chinese(EDUCATION_LABELS, lang)
    peoples = _by_chinese(ETHNICITY_LABELS, lang)
    yes = _pick(lang, "是", "yes")

    def rows() -> Iterator[tuple]:
        for m, branch, group in session.execute(stmt.execution_options(**STREAM)):
            yield (
                m.name, branch or "", group or "", genders.get(m.gender, m.gender),
                peoples.get(m.ethnicity, m.ethnicity), id_text(m.id_number), m.birth_date,
                schooling.get(m.education, m.education), categories.get(m.category, m.category),
                m.join_date, m.full_member_date, m.job, phone_text(m.phone), m.address,
                statuses.get(m.membership_status, m.membership_status), yes if m.lost_contact else "",
                m.lost_contact_date, yes if m.mobile else "", m.mobile_destination,
                roles.get(m.committee_role, m.committee_role), yes if m.group_leader else "",
            )

    notes = [_pick(lang, FULL_EXPORT_NOTE, FULL_EXPORT_NOTE_EN)] if full else []
    return Table(_pick(lang, "党员名册", "Members"), _columns(MEMBER_HEADERS, lang), rows(), total, notes)
