"""A township of two branches built through the services (members, meetings, marks), for tests
of the dated roster and of held meetings' kept lists."""

from __future__ import annotations

import datetime as dt
import itertools

from ebranch_desktop.domain.idnumber import check_character
from ebranch_desktop.services import attendance, meetings, members, membership
from ebranch_desktop.store.models import Organization, PartyGroup


def _id_numbers():
    """Valid ID numbers (GB 11643 check characters) of men born in 1960."""
    for seq in itertools.count(1):
        first17 = f"11010519600101{seq * 2 + 1:03d}"
        yield first17 + check_character(first17)


IDS = _id_numbers()


class Branches:
    """Two branches of one township, and helpers that go through the services."""

    def __init__(self, ws):
        self.ws = ws
        with ws.write() as s:
            town = Organization(code="220122105", name="青山镇", level="township", parent_id=None)
            s.add(town)
            s.flush()
            self.a = Organization(code="220122105001", name="红旗村党支部", level="branch", parent_id=town.id)
            self.b = Organization(code="220122105002", name="永丰村党支部", level="branch", parent_id=town.id)
            s.add_all([self.a, self.b])
            s.flush()
            self.group = PartyGroup(branch_id=self.a.id, name="第一党小组")
            self.group2 = PartyGroup(branch_id=self.a.id, name="第二党小组")
            s.add_all([self.group, self.group2])
            s.flush()
            self.a_id, self.b_id = self.a.id, self.b.id
            self.group_id, self.group2_id = self.group.id, self.group2.id

    def member(self, name, *, branch=None, joined=dt.date(2000, 1, 1), full=None, category="formal",
               role="", group=None, **kw):
        fields = {"branch_id": branch or self.a_id, "name": name, "id_number": next(IDS),
                  "category": category, "join_date": joined,
                  "full_member_date": full if full or category != "formal" else joined,
                  "committee_role": role, "group_id": group}
        with self.ws.write() as s:
            return members.add_member(s, fields, **kw).id

    def meeting(self, start, kind="branch_general", **fields):
        with self.ws.write() as s:
            return meetings.create_meeting(s, {"branch_id": fields.pop("branch", self.a_id), "type": kind,
                                               "topic": f"{kind} {start:%Y-%m-%d}", "start": start} | fields).id

    def mark(self, meeting_id, member_id, status="present", reason=""):
        with self.ws.write() as s:
            attendance.set_attendance(s, meeting_id, member_id, status, reason)

    def held(self, meeting_id):
        with self.ws.write("书记甲") as s:
            meetings.mark_held(s, meeting_id)

    def sheet(self, meeting_id):
        with self.ws.read() as s:
            return attendance.sheet(s, meeting_id)

    def roster(self, branch, day):
        with self.ws.read() as s:
            return sorted(line.member.name for line in membership.roster_on(s, [branch], day))
