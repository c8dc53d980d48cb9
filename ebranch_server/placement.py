"""Where a record belongs in the tree (its scope path and owner), checking its references.

Members, membership periods, party groups, meetings and audit events belong to their branch, attendance and
photos to their meeting's branch, an organization to itself. A reference that does not exist (or is deleted) is
refused — and so is one the caller may not see, with the very same answer, so a refusal never
tells whether an id exists elsewhere (issue 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.domain.ids import attendance_id
from ebranch_desktop.domain.merge import Version

from . import orgnodes
from .orgnodes import NEW_SEGMENT, OrgNode
from .records import Current, fetch_one
from .scope import Caller


class Refused(ValidationError):
    """A record that cannot be placed; `kind` is "reference" or "scope"."""

    def __init__(self, kind: str, message_zh: str, message_en: str, field: str | None = None):
        super().__init__(message_zh, message_en, field)
        self.kind = kind


@dataclass(frozen=True)
class Place:
    """A record's scope path and owner; `parent` is set for organizations."""

    path: str
    owner_id: str | None
    parent: OrgNode | None = None
    node: OrgNode | None = None


class Placer:
    """Looks up organizations and records once per push (the caches follow the push's writes)."""

    def __init__(self, conn: Connection, caller: Caller | None = None):
        self.conn = conn
        self.caller = caller  # None: loaders and imports, which see everything
        self.nodes: dict[str, OrgNode | None] = {}
        self.current: dict[tuple[str, str], Current | None] = {}

    def node(self, oid: str | None) -> OrgNode | None:
        if not oid:
            return None
        if oid not in self.nodes:
            self.nodes[oid] = orgnodes.by_id(self.conn, oid)
        return self.nodes[oid]

    def record(self, tbl: str, rid: str | None) -> Current | None:
        if not rid:
            return None
        key = (tbl, rid)
        if key not in self.current:
            self.current[key] = fetch_one(self.conn, tbl, rid)
        return self.current[key]

    def forget_nodes(self) -> None:
        self.nodes.clear()

    def visible_node(self, oid: str | None) -> OrgNode | None:
        """The organization, if the caller may know of it (in scope or above it)."""
        node = self.node(oid)
        if node is None or self.caller is None or self.caller.sees_node(node.path):
            return node
        return None

    def writable_record(self, tbl: str, rid: str | None) -> Current | None:
        """The record, if it lies in the caller's write scope (a reference to anything else is
        answered as if the record did not exist)."""
        current = self.record(tbl, rid)
        if current is None or self.caller is None or self.caller.can_write(current.path):
            return current
        return None

    def place(self, tbl: str, rid: str, version: Version, current: Current | None) -> Place:
        fields = version.fields
        if tbl == "organizations":
            return self._organization(rid, version, current)
        if tbl == "attendance":
            return self._attendance(rid, version, current)
        if tbl == "photos":
            return self._of_meeting(version, "照片所属的会议不存在或已删除",
                                    "The meeting of this photo does not exist or was deleted")
        if (tbl == "memberships" and not version.deleted and current is None
                and self.writable_record("members", fields.get("member_id")) is None):
            raise Refused("reference", "党籍记录中的党员不存在",
                          "The member of this membership period does not exist", "member_id")
        branch = self._branch(fields.get("branch_id"), version.deleted, current)
        if branch is None:  # a tombstone whose branch is gone stays where it was
            assert current is not None
            return Place(current.path, current.owner_id)
        if tbl == "audit_events":
            self._audit_references(fields)
        if not version.deleted and fields.get("group_id"):
            group = self.record("party_groups", fields["group_id"])
            if group is None or group.deleted or group.fields.get("branch_id") != branch.id:
                raise Refused("reference", "所选党小组不存在或不属于该党支部",
                              "The party group does not exist or belongs to another branch",
                              "group_id")
        return Place(branch.path, branch.id)

    def _branch(self, branch_id: Any, deleted: bool, current: Current | None) -> OrgNode | None:
        branch = self.visible_node(branch_id)
        if branch is not None and branch.level == "branch" and (deleted or not branch.deleted):
            return branch
        if deleted and current is not None:
            return None
        raise Refused("reference", "所属党支部不存在", "The branch does not exist", "branch_id")

    def _of_meeting(self, version: Version, zh: str, en: str) -> Place:
        meeting = self.writable_record("meetings", version.fields.get("meeting_id"))
        if meeting is None or (meeting.deleted and not version.deleted):
            raise Refused("reference", zh, en, "meeting_id")
        return Place(meeting.path, meeting.id)

    def _attendance(self, rid: str, version: Version, current: Current | None) -> Place:
        fields = version.fields
        meeting = self.writable_record("meetings", fields.get("meeting_id"))
        if meeting is None or (meeting.deleted and not version.deleted):
            raise Refused("reference", "考勤所属的会议不存在或已删除",
                          "The meeting of this attendance row does not exist or was deleted",
                          "meeting_id")
        # A new row needs a member the caller may write. An existing row (its id fixes its
        # member) stays editable with its meeting: attendance of a member who has since
        # transferred to a branch beyond the caller is history the meeting's branch keeps.
        if current is None and self.writable_record("members", fields.get("member_id")) is None:
            raise Refused("reference", "考勤中的党员不存在", "The member does not exist", "member_id")
        if rid != attendance_id(fields["meeting_id"], fields["member_id"]):
            raise Refused("reference", "考勤记录编号与会议和党员不一致",
                          "The attendance id does not match its meeting and member", "id")
        return Place(meeting.path, meeting.id)

    def _audit_references(self, fields: dict[str, Any]) -> None:
        if fields.get("member_id") and self.writable_record("members", fields["member_id"]) is None:
            raise Refused("reference", "审计记录中的党员不存在", "The member does not exist",
                          "member_id")
        if fields.get("meeting_id") and self.writable_record("meetings", fields["meeting_id"]) is None:
            raise Refused("reference", "审计记录中的会议不存在", "The meeting does not exist",
                          "meeting_id")

    def _organization(self, rid: str, version: Version, current: Current | None) -> Place:
        fields = version.fields
        node = self.node(rid)
        parent = self.visible_node(fields.get("parent_id"))
        if fields.get("parent_id") and (parent is None or parent.deleted):
            raise Refused("reference", "上级组织不存在", "The parent organization does not exist",
                          "parent_id")
        if parent is not None and orgnodes.level_rank(fields["level"]) <= orgnodes.level_rank(parent.level):
            raise Refused("reference", "组织层级必须低于上级组织",
                          "An organization must be below its parent's level", "level")
        if parent is None and fields.get("level") != "province":
            raise Refused("reference", "请指定上级组织", "A parent organization is required",
                          "parent_id")
        if not version.deleted:
            other = orgnodes.by_code(self.conn, fields["code"])
            if other is not None and other.id != rid:
                # Codes are unique in the province; the holder is named only to those who see it.
                holder = other.name if self.visible_node(other.id) is not None else ""
                raise Refused("reference", f"组织代码 {fields['code']} 已被{holder}使用",
                              f"The code {fields['code']} is already used", "code")
        if node is not None:
            moved = node.parent_id != fields.get("parent_id") or node.level != fields["level"]
            if (moved or version.deleted) and not node.deleted and orgnodes.has_live_descendants(self.conn, node):
                raise Refused("reference",
                              "该组织下还有下级组织或记录，不能移动、改变层级或删除",
                              "The organization still holds organizations or records; it cannot "
                              "be moved, change level or be deleted", "parent_id")
            path = (parent.path if parent else "") + f"{node.num:x}/"
        else:
            path = (parent.path if parent else "") + NEW_SEGMENT
        return Place(path, fields.get("parent_id"), parent, node)
