"""A synced row as a plain dict of JSON values ("fields"), and back.

This is how rows travel on the wire, how base snapshots are kept and how conflicts are stored:
one conversion, derived from the ORM columns, so no table needs its own serializer.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime

from .models import SYNCED_MODELS, SyncedMixin

# Columns every synced row has that are not user data: never merged field by field.
BOOKKEEPING = ("id", "rev", "deleted", "updated_by", "updated_at", "dirty")


@cache
def field_kinds(table: str) -> dict[str, str]:
    """Field name → "date" | "datetime" | "value" for the user-data columns of a table."""
    kinds: dict[str, str] = {}
    for col in SYNCED_MODELS[table].__table__.columns:
        if col.name in BOOKKEEPING:
            continue
        if isinstance(col.type, DateTime):
            kinds[col.name] = "datetime"
        elif isinstance(col.type, Date):
            kinds[col.name] = "date"
        else:
            kinds[col.name] = "value"
    return kinds


def to_json_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "datetime":
        return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value
    if kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else value
    return value


def from_json_value(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None if kind in ("date", "datetime") else value
    if kind == "datetime":
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if kind == "date":
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    return value


def row_fields(row: SyncedMixin) -> dict[str, Any]:
    """The user-data fields of an ORM row as JSON values."""
    kinds = field_kinds(row.__tablename__)
    return {name: to_json_value(kind, getattr(row, name)) for name, kind in kinds.items()}


def column_values(table: str, fields: dict[str, Any]) -> dict[str, Any]:
    """JSON fields → Python values for the table's columns (unknown keys are dropped)."""
    kinds = field_kinds(table)
    return {name: from_json_value(kinds[name], fields[name]) for name in kinds if name in fields}


def row_values(row: SyncedMixin) -> dict[str, Any]:
    """The user-data fields of an ORM row as Python values (dates stay dates)."""
    return {name: getattr(row, name) for name in field_kinds(row.__tablename__)}


@cache
def _defaults(table: str) -> tuple[tuple[str, Any], ...]:
    out = []
    for col in SYNCED_MODELS[table].__table__.columns:
        if col.name in BOOKKEEPING:
            continue
        default = col.default.arg if col.default is not None else None
        out.append((col.name, default))
    return tuple(out)


def default_values(table: str) -> dict[str, Any]:
    """A fresh dict of every user-data field at its column default (lists freshly built)."""
    return {name: (default(None) if callable(default) else default) for name, default in _defaults(table)}
