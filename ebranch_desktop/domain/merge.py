"""Three-way merge of one record: base (last common version), mine (this side), theirs.

Fields changed on one side only merge; a field changed on both sides to different values, or
a delete on one side against an edit on the other, is a conflict. A missing base means both
sides created the record (an attendance id derived on two devices): every field then counts
as changed on both sides, so equal values merge and different ones conflict.

One rule knows a table: a meeting approved on one side and edited on the other is a conflict
on the review and on the edited fields (domain/review.approval_clash), never a clean merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .review import approval_clash

DELETED = "deleted"  # the pseudo-field a delete-vs-edit conflict is reported under


@dataclass(frozen=True)
class Version:
    """One side of a merge: the record's JSON fields and its tombstone flag."""

    fields: dict[str, Any]
    deleted: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"deleted": self.deleted, "fields": self.fields}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Version | None:
        return None if data is None else cls(dict(data.get("fields") or {}), bool(data.get("deleted")))


@dataclass(frozen=True)
class MergeResult:
    """The merged version, and the fields that could not be merged (empty: clean merge)."""

    merged: Version
    conflicts: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def changed_fields(base: Version | None, side: Version) -> set[str]:
    base_fields = base.fields if base else {}
    keys = set(side.fields) | set(base_fields)
    if base is None:
        return keys
    return {k for k in keys if side.fields.get(k) != base_fields.get(k)}


def three_way(base: Version | None, mine: Version, theirs: Version, table: str | None = None) -> MergeResult:
    """Merge `mine` into `theirs` against `base` (`table` enables the meetings' review rule)."""
    mine_changed = changed_fields(base, mine)
    theirs_changed = changed_fields(base, theirs)
    conflicts = {
        k for k in mine_changed & theirs_changed if mine.fields.get(k) != theirs.fields.get(k)
    }
    if table == "meetings":
        clash = approval_clash(base.fields if base else None, mine.fields, theirs.fields)
        conflicts |= {k for k in clash if mine.fields.get(k) != theirs.fields.get(k)}
    base_deleted = base.deleted if base else False
    mine_deletes = mine.deleted and not base_deleted
    theirs_deletes = theirs.deleted and not base_deleted
    if mine.deleted != theirs.deleted:
        edited_by_other = (mine_deletes and theirs_changed) or (theirs_deletes and mine_changed)
        if edited_by_other or base is None:
            conflicts.add(DELETED)
    fields = dict(theirs.fields)
    for key in mine_changed - conflicts:
        if key in mine.fields:
            fields[key] = mine.fields[key]
    deleted = mine.deleted if mine.deleted != base_deleted else theirs.deleted
    if DELETED in conflicts:
        deleted = theirs.deleted
    return MergeResult(Version(fields, deleted), tuple(sorted(conflicts)))
