"""Hand-built workspaces whose report answers are known: a tiny township written row by row."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from ebranch_desktop.domain.ids import attendance_id
from ebranch_desktop.store.models import (
    Attendance,
    Meeting,
    Member,
    Organization,
    PartyGroup,
)
from ebranch_desktop.store.workspace import Workspace

_ids = itertools.count(1)
# Valid ID numbers (GB 11643 check characters) for the members we create.
_ID_NUMBERS = itertools.cycle(["11010519491231002X", "440524188001010014"])


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_ids):04d}"


@dataclass
class Town:
    """Ids of what was created, by the names the tests use."""

    ws: Workspace
    township: str = ""
    branches: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    meetings: dict[str, str] = field(default_factory=dict)

    def org(self, code: str, name: str, level: str, parent: str | None = None, *,
            deleted: bool = False) -> str:
        oid = _id("org")
        with self.ws.write() as s:
            s.add(Organization(id=oid, code=code, name=name, level=level, parent_id=parent,
                               deleted=deleted))
        return oid

    def branch(self, key: str, code: str, name: str, *, deleted: bool = False) -> str:
        if not self.township:
            self.township = self.org("220122105", "青山镇", "township")
        self.branches[key] = self.org(code, name, "branch", self.township, deleted=deleted)
        return self.branches[key]

    def group(self, key: str, branch: str, name: str) -> str:
        gid = _id("grp")
        with self.ws.write() as s:
            s.add(PartyGroup(id=gid, branch_id=self.branches[branch], name=name))
        self.groups[key] = gid
        return gid

    def member(self, key: str, branch: str, *, name: str | None = None, group: str | None = None,
               category: str = "formal", join: dt.date = dt.date(2000, 1, 1),
               full: dt.date | None = None, committee: str = "", deleted: bool = False,
               status: str = "normal", phone: str = "13912345678") -> str:
        mid = _id("mem")
        with self.ws.write() as s:
            s.add(Member(
                id=mid, branch_id=self.branches[branch], group_id=self.groups.get(group or ""),
                name=name or key, gender="male", id_number=next(_ID_NUMBERS),
                category=category, join_date=join,
                full_member_date=full if full else (None if category != "formal" else join),
                committee_role=committee, deleted=deleted, membership_status=status, phone=phone,
            ))
        self.members[key] = mid
        return mid

    def meeting(self, key: str, branch: str, kind: str, start: dt.datetime | str, *,
                status: str = "held", group: str | None = None, deleted: bool = False,
                topic: str = "", resolutions: list | None = None, org_life_form: str = "",
                **fields) -> str:
        mid = _id("mtg")
        start = dt.datetime.fromisoformat(start) if isinstance(start, str) else start
        with self.ws.write() as s:
            s.add(Meeting(
                id=mid, branch_id=self.branches[branch], type=kind, status=status,
                topic=topic or f"{kind} {start:%Y-%m-%d}", start=start,
                end=start + dt.timedelta(hours=2), group_id=self.groups.get(group or ""),
                deleted=deleted, resolutions=resolutions or [], org_life_form=org_life_form,
                agenda=fields.pop("agenda", []), observers=fields.pop("observers", []), **fields,
            ))
        self.meetings[key] = mid
        return mid

    def mark(self, meeting: str, member: str, status: str = "present", reason: str = "", *,
             excluded: bool = False, exclusion_reason: str = "", deleted: bool = False) -> None:
        mtg, mem = self.meetings[meeting], self.members[member]
        with self.ws.write() as s:
            s.merge(Attendance(
                id=attendance_id(mtg, mem), meeting_id=mtg, member_id=mem, status=status,
                reason=reason, excluded=excluded, exclusion_reason=exclusion_reason, deleted=deleted,
            ))
