"""Which records name which blobs: the basis of who may upload and read a blob."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from ebranch_desktop.domain.merge import Version

from .scope import Caller
from .tables import blob_refs, records

# The fields of each table that name blobs.
BLOB_FIELDS = {"photos": ("sha256", "thumb_sha256")}


def record(conn: Connection, tbl: str, rid: str, version: Version) -> None:
    """Keep the references of one record as it now is (called with every write of it)."""
    conn.execute(delete(blob_refs).where(blob_refs.c.tbl == tbl, blob_refs.c.id == rid))
    names = {version.fields.get(f) for f in BLOB_FIELDS.get(tbl, ())} - {None, ""}
    if names:
        conn.execute(insert(blob_refs), [{"sha256": n, "tbl": tbl, "id": rid} for n in sorted(names)])


def paths(conn: Connection, sha256: str) -> list[str]:
    """Scope paths of the live records that name the blob."""
    rows = conn.execute(
        select(records.c.path)
        .join(blob_refs, (blob_refs.c.tbl == records.c.tbl) & (blob_refs.c.id == records.c.id))
        .where(blob_refs.c.sha256 == sha256, records.c.deleted.is_(False))
    )
    return [r.path for r in rows]


def may_read(conn: Connection, caller: Caller, sha256: str) -> bool:
    return any(caller.can_read(p) for p in paths(conn, sha256))


def may_write(conn: Connection, caller: Caller, sha256: str) -> bool:
    return any(caller.can_write(p) for p in paths(conn, sha256))
