"""Small SQL helpers shared by the reports."""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, type_coerce


def unindexed(column: ColumnElement) -> ColumnElement:
    """`column || ''`: the same value, but SQLite cannot use an index on it.

    Grouping attendance by member would otherwise make SQLite walk the (member, meeting) index
    and look up each row's meeting at random: 3× slower than scanning the period's meetings and
    their attendance, then grouping in a temporary b-tree.
    """
    return type_coerce(column.op("||")(""), String)
