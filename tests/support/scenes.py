"""Workspace states the window tests and the window audit need: a conflict as a pull records it,
a record the server refused, a likely duplicate meeting. All through the program's own code."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ebranch_desktop.domain.merge import Version
from ebranch_desktop.services import meetings, orgs
from ebranch_desktop.store.models import Meeting, Rejection
from ebranch_desktop.store.records import row_fields
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync import wire
from ebranch_desktop.sync.apply import record_conflict

LONG_MINUTES = ("会议传达学习了上级党委关于做好本年度组织生活会的通知精神，书记结合本村实际，"
                "就村集体经济发展、人居环境整治和发展党员工作作了部署。与会党员逐一发言，"
                "开展批评与自我批评，并对下一步工作提出了具体意见和建议。")


def held_meeting(ws: Workspace, code: str = "220122105001", kind: str = "") -> str:
    with ws.read() as s:
        flt = meetings.MeetingFilter(branch_ids=[orgs.branch_by_code(s, code).id], statuses=["held"],
                                     types=[kind] if kind else [])
        return meetings.fetch_meetings(s, flt, 0, 1)[0].id


def make_conflict(ws: Workspace, meeting_id: str | None = None) -> str:
    """This PC and the server both changed a meeting's topic and minutes (long text); the
    server alone changed its place. Recorded exactly as a pull records it."""
    meeting_id = meeting_id or held_meeting(ws)
    with ws.read() as s:
        base = Version(row_fields(s.get(Meeting, meeting_id)))
    with ws.write("sec001") as s:
        meetings.update_meeting(s, meeting_id, {
            "topic": "讨论发展党员和村集体经济发展项目",
            "minutes": LONG_MINUTES + "会议决定由村委会牵头落实。",
        })
    theirs = dict(base.fields)
    theirs.update(topic="讨论发展预备党员和村集体经济项目", minutes=LONG_MINUTES + "会议决定报镇党委审批后实施。",
                  place="镇党群服务中心")
    record = wire.Record(table="meetings", id=meeting_id, rev=9, updated_by="qingshan",
                         updated_at="2026-05-02T09:30:00", fields=theirs)
    with ws.write("sec001") as s:
        row = s.get(Meeting, meeting_id)
        record_conflict(s, row, record, ["topic", "minutes"], base=base)
    return meeting_id


def make_rejection(ws: Workspace) -> str:
    """The server refused this PC's version of a meeting, with its reason."""
    with ws.read() as s:
        row = s.scalars(select(Meeting).where(Meeting.status == "planned")).first()
        meeting_id, dirty = row.id, row.dirty
    with ws.write() as s:
        s.add(Rejection(table_name="meetings", record_id=meeting_id, dirty=dirty, field="topic",
                        message="会议主题不能为空", message_en="The topic must not be empty",
                        rejected_at=dt.datetime(2026, 5, 2, 10, 0)))
    return meeting_id


def make_duplicate(ws: Workspace) -> str:
    """The same meeting entered on a second PC: same branch, type and day."""
    meeting_id = held_meeting(ws)
    with ws.read() as s:
        m = s.get(Meeting, meeting_id)
        values = {"branch_id": m.branch_id, "type": m.type, "topic": m.topic + "（另一台电脑）",
                  "start": m.start + dt.timedelta(hours=1), "place": m.place}
    with ws.write() as s:
        return meetings.create_meeting(s, values).id
