"""SQLAlchemy ORM models of a workspace.

Synced tables share `SyncedMixin` (ARCHITECTURE §3). References between synced records are
plain UUID columns without database foreign keys: replication delivers records out of order
and a record may point at one outside this workspace's scope (a member transferred away);
see docs/decisions.md. Services check references when users edit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def new_id() -> str:
    """A fresh client-generated record id."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Declarative base of the local database."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SyncedMixin:
    """Columns every synced row carries, plus the local dirty mark.

    `dirty` is 0 when the row equals the server version `rev`; a local edit increments it, so
    the sync engine can clear it after a push only if no newer edit happened meanwhile.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rev: Mapped[int | None] = mapped_column(BigInteger, default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    updated_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    dirty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Organization(SyncedMixin, Base):
    """A node of the tree 省 → 市 → 县 → 乡镇 → 党支部."""

    __tablename__ = "organizations"

    code: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)


class PartyGroup(SyncedMixin, Base):
    """A 党小组 inside a branch."""

    __tablename__ = "party_groups"

    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(64))


class Member(SyncedMixin, Base):
    """A party member (fields of the national 党员基本信息采集表)."""

    __tablename__ = "members"

    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    group_id: Mapped[str | None] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(8))
    ethnicity: Mapped[str] = mapped_column(String(16), default="汉族")
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(16), default="")
    category: Mapped[str] = mapped_column(String(16), default="formal")
    join_date: Mapped[dt.date | None] = mapped_column(Date)
    full_member_date: Mapped[dt.date | None] = mapped_column(Date)
    job: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(128), default="")
    membership_status: Mapped[str] = mapped_column(String(16), default="normal")
    lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    lost_contact_date: Mapped[dt.date | None] = mapped_column(Date)
    mobile: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_destination: Mapped[str] = mapped_column(String(128), default="")
    committee_role: Mapped[str] = mapped_column(String(16), default="")
    group_leader: Mapped[bool] = mapped_column(Boolean, default=False)


class Membership(SyncedMixin, Base):
    """A period of a member's belonging to a branch, [start_date, end_date) (domain/membership.py).

    The member row keeps the current branch, group and category for the lists; these rows keep
    the history that rosters of past days and the absence watch need.
    """

    __tablename__ = "memberships"
    __table_args__ = (Index("ix_memberships_branch", "branch_id", "start_date"),)

    member_id: Mapped[str] = mapped_column(String(36), index=True)
    branch_id: Mapped[str] = mapped_column(String(36))
    group_id: Mapped[str | None] = mapped_column(String(36))
    category: Mapped[str] = mapped_column(String(16), default="formal")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    start_reason: Mapped[str] = mapped_column(String(16), default="unknown")
    start_from: Mapped[str] = mapped_column(String(128), default="")
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(String(16), default="")
    end_to: Mapped[str] = mapped_column(String(128), default="")


class Meeting(SyncedMixin, Base):
    """A meeting of organizational life and its record (会议记录)."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_branch_start", "branch_id", "start"),)

    branch_id: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(24), index=True)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    topic: Mapped[str] = mapped_column(String(200))
    start: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(128), default="")
    host: Mapped[str] = mapped_column(String(64), default="")
    recorder: Mapped[str] = mapped_column(String(64), default="")
    lecturer: Mapped[str] = mapped_column(String(64), default="")
    group_id: Mapped[str | None] = mapped_column(String(36))
    org_life_form: Mapped[str] = mapped_column(String(24), default="")
    agenda: Mapped[list[Any]] = mapped_column(default=list)  # ["议题一", ...]
    speech_notes: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    # [{"text": str, "for": int, "against": int, "abstain": int}]
    resolutions: Mapped[list[Any]] = mapped_column(default=list)
    observers: Mapped[list[Any]] = mapped_column(default=list)  # 列席: [{"name", "role"}]
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    # Held meetings: the expected list taken from the dated roster and kept (None: not fixed).
    # [{"member_id", "name", "category" on the meeting day, "role"}]
    # none_as_null: "not fixed" is SQL NULL (not the JSON text 'null'), so SQL can tell them apart.
    roster: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    roster_taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    roster_taken_by: Mapped[str] = mapped_column(String(64), default="")
    roster_refreshed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The township's review (domain/review.py): the acts in order, and the state they lead to.
    review: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    review_comment: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # [{"action": submit|approve|return|reopen, "by", "at", "comment", "seen" (approve)}]
    review_log: Mapped[list[Any]] = mapped_column(default=list)


class Attendance(SyncedMixin, Base):
    """One member's attendance at one meeting; id = attendance_id(meeting, member)."""

    __tablename__ = "attendance"
    __table_args__ = (Index("ix_attendance_member_meeting", "member_id", "meeting_id"),)

    meeting_id: Mapped[str] = mapped_column(String(36), index=True)
    member_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200), default="")
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    exclusion_reason: Mapped[str] = mapped_column(String(200), default="")
    grade: Mapped[str] = mapped_column(String(24), default="")  # 民主评议 grade


class Photo(SyncedMixin, Base):
    """A photo of a meeting (会议照片, a scanned signed 签到表): optional evidence, never a gate.

    The images themselves are blobs, stored by their SHA-256 (services/blobs.py) and synced
    after the records; the record names them, so it travels at once and small.
    """

    __tablename__ = "photos"

    meeting_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="photo")  # photo | sign_in_sheet
    caption: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64))  # the shrunk JPEG (longest side 1600 px)
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumb_sha256: Mapped[str] = mapped_column(String(64))  # the thumbnail, fetched first
    thumb_size: Mapped[int] = mapped_column(Integer)


class AuditEvent(SyncedMixin, Base):
    """Someone saw, printed or exported personal numbers in full: who, when, what.

    Append-only: written once here, synced like any record, never edited (the server refuses).
    """

    __tablename__ = "audit_events"

    branch_id: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(200), default="")
    member_id: Mapped[str | None] = mapped_column(String(36))
    meeting_id: Mapped[str | None] = mapped_column(String(36))
    device_name: Mapped[str] = mapped_column(String(128), default="")
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime)


SYNCED_MODELS: dict[str, type[SyncedMixin]] = {
    m.__tablename__: m
    for m in (Organization, PartyGroup, Member, Membership, Meeting, Attendance, Photo, AuditEvent)
}

# Only rows with local edits are indexed by `dirty`: the outbox finds them at once, and the
# hundreds of thousands of clean rows a pull writes cost no index maintenance.
for _model in SYNCED_MODELS.values():
    Index(f"ix_{_model.__tablename__}_pending", _model.dirty, sqlite_where=_model.dirty > 0)


class SyncBase(Base):
    """The last server version of a row that has local edits: the base of a 3-way merge."""

    __tablename__ = "sync_base"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    fields: Mapped[dict[str, Any]] = mapped_column()


class Setting(Base):
    """Workspace key/value settings (device id, bound server, pull cursor, ...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LocalUser(Base):
    """Someone who signed in on this PC: enough to sign in again offline. No token here."""

    __tablename__ = "local_users"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(16))
    org_id: Mapped[str] = mapped_column(String(36))
    # scrypt hash of the password (see sync/credentials.py): the offline sign-in check.
    verifier: Mapped[str] = mapped_column(String(256))
    last_online_login: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Conflict(Base):
    """A record changed here and on the server since the base: base, mine and theirs, kept
    until the user resolves it. While unresolved, the record is not pushed."""

    __tablename__ = "conflicts"
    __table_args__ = (Index("ix_conflicts_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    base_rev: Mapped[int | None] = mapped_column(BigInteger)
    theirs_rev: Mapped[int] = mapped_column(BigInteger)
    # {"deleted": bool, "fields": {...}} for each side; base is null for a record both created.
    base: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    mine: Mapped[dict[str, Any]] = mapped_column(JSON)
    theirs: Mapped[dict[str, Any]] = mapped_column(JSON)
    conflict_fields: Mapped[list[Any]] = mapped_column(JSON, default=list)
    theirs_by: Mapped[str] = mapped_column(String(64), default="")
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(64), default="")


class Rejection(Base):
    """The server refused this version of a record (validation, scope). It is held back until
    the user edits the record again (`dirty` moves past the value refused)."""

    __tablename__ = "rejections"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dirty: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(64), default="")
    rejected_at: Mapped[dt.datetime] = mapped_column(DateTime)


class OwnWrite(Base):
    """Fields whose current value this PC wrote and the server accepted: {field: value}, with
    "deleted" for a deletion. A pulled version from elsewhere that changes one of them is an
    overruling, noted in `sync_log` (issue 11 §5, docs/decisions.md)."""

    __tablename__ = "own_writes"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)


class SyncLogEntry(Base):
    """同步记录: one field this PC wrote that another PC or user changed (e.g. a conflict
    resolved there against this PC's edit). `mine`/`theirs` are JSON values; `seen` once listed."""

    __tablename__ = "sync_log"
    __table_args__ = (Index("ix_sync_log_unseen", "seen"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(36))
    label: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[str] = mapped_column(String(64))
    mine: Mapped[Any] = mapped_column(JSON, nullable=True)
    theirs: Mapped[Any] = mapped_column(JSON, nullable=True)
    changed_by: Mapped[str] = mapped_column(String(64), default="")
    changed_at: Mapped[str] = mapped_column(String(40), default="")  # as the server stamped it
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime)
    seen: Mapped[bool] = mapped_column(Boolean, default=False)


class ParkedRecord(Base):
    """A pulled record whose organization or meeting has not arrived yet (a later page may bring
    it): kept aside, not applied, until its scope can be judged (sync/inbound.py)."""

    __tablename__ = "parked_records"

    table_name: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev: Mapped[int] = mapped_column(BigInteger)
    doc: Mapped[str] = mapped_column(Text)  # the record as it came (wire.Record JSON)


class DuplicateDismissal(Base):
    """The user said two similar meetings are really different: don't flag the pair again."""

    __tablename__ = "duplicate_dismissals"

    first_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    second_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dismissed_by: Mapped[str] = mapped_column(String(64), default="")


class BlobUpload(Base):
    """A blob this PC knows the server holds whole: it is not offered again."""

    __tablename__ = "blob_uploads"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    confirmed_at: Mapped[dt.datetime] = mapped_column(DateTime)


class BlobPart(Base):
    """A received chunk of a blob being downloaded: a cut link resumes after the last one.

    Kept in the (encrypted) database, so a half-fetched photo is never plaintext on disk.
    """

    __tablename__ = "blob_parts"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
