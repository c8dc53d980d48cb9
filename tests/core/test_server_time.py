"""Server-trusted time on the PC: "has this meeting happened yet" by the server's clock."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.services import meetings
from ebranch_desktop.store.models import Organization
from ebranch_desktop.sync import clock, local_state

DAY = 86400


def _branch(ws) -> str:
    with ws.read() as s:
        return s.scalar(select(Organization.id).where(Organization.level == "branch"))


def _plan(ws, start: dt.datetime) -> str:
    with ws.write() as s:
        return meetings.create_meeting(s, {"branch_id": _branch(ws), "type": "branch_general",
                                           "topic": "学习", "start": start}).id


def test_a_pc_whose_clock_is_behind_still_records_todays_meeting_as_held(demo_workspace):
    ws = demo_workspace
    # By this PC's clock the meeting is 2½ days away; the last sync found the PC 3 days behind.
    start = (dt.datetime.now() + dt.timedelta(days=2, hours=12)).replace(microsecond=0)
    meeting = _plan(ws, start)
    with ws.write() as s, pytest.raises(ValidationError, match="尚未到时间"):
        meetings.mark_held(s, meeting, now=clock.server_now(s))  # no sync yet: the PC's own clock
    with ws.write() as s:
        local_state.put(s, local_state.CLOCK_SKEW, str(-3 * DAY))
    with ws.write() as s:
        assert clock.server_now(s) - dt.datetime.now() > dt.timedelta(days=2, hours=23)
        assert meetings.mark_held(s, meeting, now=clock.server_now(s)).status == "held"


def test_a_pc_whose_clock_is_ahead_cannot_record_a_future_meeting(demo_workspace):
    ws = demo_workspace
    # An hour ago by this PC's clock, which is 5 days ahead: by the server's, still days away.
    meeting = _plan(ws, (dt.datetime.now() - dt.timedelta(hours=1)).replace(microsecond=0))
    with ws.write() as s:
        assert meetings.get_meeting(s, meeting).start < dt.datetime.now()
    with ws.write() as s:
        local_state.put(s, local_state.CLOCK_SKEW, str(5 * DAY))  # the PC is 5 days ahead
    with ws.write() as s, pytest.raises(ValidationError, match="尚未到时间"):
        meetings.mark_held(s, meeting, now=clock.server_now(s))


def test_the_skew_warning_does_not_blame_one_side():
    zh, en = clock.clock_skew_warning(2 * DAY)
    assert "相差约 2 天" in zh and "服务器时间" in zh and "电脑时间" in zh
    assert "differ by about 2 days" in en and "server's" in en
