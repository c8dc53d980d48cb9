"""While a conflict is open, the other side's non-conflicting changes are already shown
(issue 11 §5); only the conflicting fields keep this PC's values until the user decides."""

from __future__ import annotations

from helpers import first_meeting, meeting_field, snapshot

from ebranch_desktop.services import conflicts, meetings
from ebranch_desktop.sync import status as sync_status


def test_their_other_fields_show_while_the_conflict_is_open(device):
    a = device("a", "sec001")
    b = device("b", "qingshan")
    a.sync()
    b.sync()
    mid = first_meeting(a.ws)
    with a.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "甲的主题", "minutes": "甲写的记录"})
    with b.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "乙的主题", "place": "乙改的地点"})
    a.sync()
    assert b.sync().conflicts == 1
    with b.ws.read() as s:
        m = meetings.get_meeting(s, mid)
        assert m.topic == "乙的主题"  # conflicting: this PC's value until the user decides
        assert m.minutes == "甲写的记录"  # only A changed it: shown at once
        assert m.place == "乙改的地点"  # only B changed it: kept
        [view] = conflicts.open_conflicts(s)
        assert view.conflicting == ["topic"]
        diff = {f.name: f for f in view.fields}
        assert (diff["topic"].mine, diff["topic"].theirs) == ("乙的主题", "甲的主题")
        assert sync_status.status(s).pending == 0  # still held back while in conflict
    b.sync()  # a sync while it is open changes nothing
    assert meeting_field(b.ws, mid, "minutes") == "甲写的记录"
    with b.ws.write() as s:
        conflicts.resolve(s, view.id, actor="qingshan", take="theirs")
    b.sync()
    a.sync()
    for d in (a, b):
        assert (meeting_field(d.ws, mid, "topic"), meeting_field(d.ws, mid, "minutes"),
                meeting_field(d.ws, mid, "place")) == ("甲的主题", "甲写的记录", "乙改的地点")
    assert snapshot(a.ws, ("meetings",))[("meetings", mid)] == snapshot(b.ws, ("meetings",))[("meetings", mid)]
