"""membership periods, and the expected list kept with every held meeting

Revision ID: 0006
Revises: 0005

Existing held meetings get their expected list fixed now, by the rule the program used until
this version (the current roster, members who had joined by the meeting day, 党籍 not suspended,
plus anyone marked), i.e. exactly the figures their screens and printouts showed before the
upgrade. The rule is copied here on purpose: a migration must keep meaning what it meant when
it was written, whatever the services do later.

Existing members get no period rows: their periods follow from their joining dates
(domain/membership.initial_periods) until a dated event (a transfer, a leave, 转正 with a date)
writes them down, so the upgrade pushes nothing for members.
"""

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Roles whose pushes the server accepts; a read-only (county) workspace keeps its fixed lists
# to itself and takes the server's version when one arrives.
WRITING_ROLES = ("secretary", "township", "admin")


def upgrade() -> None:
    op.create_table(
        "memberships",
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("branch_id", sa.String(length=36), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("start_reason", sa.String(length=16), nullable=False),
        sa.Column("start_from", sa.String(length=128), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=16), nullable=False),
        sa.Column("end_to", sa.String(length=128), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.BigInteger(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_by", sa.String(length=64), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("dirty", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_memberships_member_id", "memberships", ["member_id"])
    op.create_index("ix_memberships_branch", "memberships", ["branch_id", "start_date"])
    op.create_index("ix_memberships_pending", "memberships", ["dirty"], sqlite_where=sa.text("dirty > 0"))
    # Plain ALTER TABLE … ADD COLUMN: no table copy, the meetings' indexes stay as they are.
    op.add_column("meetings", sa.Column("roster", sa.JSON(), nullable=True))
    op.add_column("meetings", sa.Column("roster_taken_at", sa.DateTime(), nullable=True))
    op.add_column("meetings", sa.Column("roster_taken_by", sa.String(length=64), server_default="",
                                        nullable=False))
    op.add_column("meetings", sa.Column("roster_refreshed", sa.Boolean(), server_default="0",
                                        nullable=False))
    _fix_held_meetings(op.get_bind())


# --- the expected list of meetings already held, by the rule of version 0005 ------------------

_MEETING_COLUMNS = ("branch_id", "type", "status", "topic", "start", "end", "place", "host",
                    "recorder", "lecturer", "group_id", "org_life_form", "agenda", "speech_notes",
                    "minutes", "resolutions", "observers", "cancel_reason")
_NEW_DEFAULTS = {"roster": None, "roster_taken_at": None, "roster_taken_by": "",
                 "roster_refreshed": False}


def _date(value):  # noqa: ANN001, ANN202 - SQLite text or None
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _wire_datetime(value):  # noqa: ANN001, ANN202
    return dt.datetime.fromisoformat(str(value)).isoformat(timespec="seconds") if value else None


def _expected(meeting: dict, member: dict) -> bool:
    """services.attendance._expected as of version 0005."""
    day = _date(meeting["start"])
    if member["deleted"] or member["membership_status"] == "suspended":
        return False
    if member["branch_id"] != meeting["branch_id"]:
        return False
    if member["join_date"] and _date(member["join_date"]) > day:
        return False
    kind = meeting["type"]
    if kind == "org_life" and meeting["org_life_form"]:
        kind = meeting["org_life_form"]
    if kind == "branch_committee":
        return bool(member["committee_role"])
    if kind == "group_meeting" and meeting["group_id"]:
        return member["group_id"] == meeting["group_id"]
    return kind != "talk"


def _category_on(member: dict, day: dt.date) -> str:
    full = _date(member["full_member_date"])
    formal = member["category"] == "formal" and not (full and full > day)
    return "formal" if formal else "probationary"


def _fix_held_meetings(conn: sa.Connection) -> None:
    roles = [r for (r,) in conn.execute(sa.text("SELECT role FROM local_users"))]
    push = not roles or any(r in WRITING_ROLES for r in roles)
    members = {
        row["id"]: row for row in (dict(r._mapping) for r in conn.execute(sa.text(
            "SELECT id, branch_id, group_id, name, category, join_date, full_member_date, "
            "membership_status, committee_role, deleted FROM members")))
    }
    by_branch: dict[str, list[dict]] = {}
    for m in members.values():
        by_branch.setdefault(m["branch_id"], []).append(m)
    marks: dict[str, list[str]] = {}
    for meeting_id, member_id in conn.execute(sa.text(
            "SELECT meeting_id, member_id FROM attendance WHERE deleted = 0")):
        marks.setdefault(meeting_id, []).append(member_id)
    cols = ", ".join(f'"{c}"' for c in _MEETING_COLUMNS)
    held = [dict(r._mapping) for r in conn.execute(sa.text(
        f"SELECT id, rev, dirty, {cols} FROM meetings WHERE status = 'held' AND deleted = 0"))]
    for meeting in held:
        day = _date(meeting["start"])
        people = {m["id"]: m for m in by_branch.get(meeting["branch_id"], []) if _expected(meeting, m)}
        for member_id in marks.get(meeting["id"], []):
            if member_id in members:
                people.setdefault(member_id, members[member_id])
        ordered = sorted(people.values(), key=lambda m: (not m["committee_role"], m["name"]))
        roster = [{"member_id": m["id"], "name": m["name"], "category": _category_on(m, day),
                   "role": m["committee_role"] or ""} for m in ordered]
        # No time stamp or name: every PC upgrading the same meeting writes the same list, and
        # the same values merge when they meet on the server instead of conflicting.
        values = {"id": meeting["id"], "roster": json.dumps(roster, ensure_ascii=False)}
        if not push:
            conn.execute(sa.text("UPDATE meetings SET roster = :roster WHERE id = :id"), values)
            continue
        if meeting["rev"] is not None and meeting["dirty"] == 0:
            conn.execute(sa.text(
                "INSERT OR IGNORE INTO sync_base (table_name, record_id, rev, deleted, fields) "
                "VALUES ('meetings', :id, :rev, 0, :fields)"),
                {"id": meeting["id"], "rev": meeting["rev"],
                 "fields": json.dumps(_base_fields(meeting), ensure_ascii=False)})
        conn.execute(sa.text("UPDATE meetings SET roster = :roster, dirty = dirty + 1 WHERE id = :id"),
                     values)  # the author of the record stays its author


def _base_fields(meeting: dict) -> dict:
    """The meeting as the server holds it (its fields before this upgrade), as JSON values."""
    fields = {}
    for name in _MEETING_COLUMNS:
        value = meeting[name]
        if name in ("start", "end"):
            value = _wire_datetime(value)
        elif name in ("agenda", "resolutions", "observers"):
            value = json.loads(value) if isinstance(value, str) else (value or [])
        fields[name] = value
    return fields | _NEW_DEFAULTS


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        for name in ("roster_refreshed", "roster_taken_by", "roster_taken_at", "roster"):
            batch.drop_column(name)
    op.drop_table("memberships")
