"""The compact pull page (protocol 3, `format=columns`): the same records as a ChangesPage,
stored column by column, with what can be derived left out (docs/sync-protocol.md).

Measured on the township's ten years (benchmarks/encoding_study.py): a tenth of the gzip'd JSON
rows. Most of today's bytes are UUIDs, which no compressor shrinks: an attendance row's id is
fixed by its meeting and member (`attendance_id`), so it is left out unless it differs, and the
member ids of attendance rows become indexes into one list per page. Everything else is a column
per field (repeated values — the meeting id of 40 marks, the author, the status — compress to
almost nothing in a column).

Shared by the server (encode) and the client (decode). Decoding trusts nothing: every length,
index and rev step is checked, and the result is validated as a ChangesPage like any page.
"""

from __future__ import annotations

from typing import Any

from ..domain.ids import attendance_id

FORMAT = "columns-1"
_PAGE_KEYS = ("evictions", "next", "has_more", "server_time", "generation", "generation_start", "remaining",
              "part_upto")


def encode(records: list[dict[str, Any]], page: dict[str, Any]) -> dict[str, Any]:
    """The column page of `records` (wire.Record dicts in rev order) and the page's other keys."""
    members: dict[str, int] = {}
    authors: dict[str, int] = {}
    tables: dict[str, dict[str, Any]] = {}
    for r in records:
        table = r["table"]
        t = tables.get(table)
        if t is None:
            t = tables[table] = {"table": table, "rev": [], "deleted": [], "by": [], "at": [], "id": [],
                                 "fields": {}, "missing": {}, "_last": 0, "_n": 0}
        n = t["_n"]
        fields = r["fields"]
        columns = t["fields"]
        derived = (table == "attendance" and isinstance(fields.get("meeting_id"), str)
                   and isinstance(fields.get("member_id"), str)
                   and r["id"] == attendance_id(fields["meeting_id"], fields["member_id"]))
        t["id"].append(None if derived else r["id"])
        t["rev"].append(r["rev"] - t["_last"])
        t["_last"] = r["rev"]
        t["deleted"].append(1 if r["deleted"] else 0)
        t["by"].append(authors.setdefault(r.get("updated_by") or "", len(authors)))
        t["at"].append(r.get("updated_at"))
        if fields.keys() != columns.keys():  # rare: most records of a table have the same fields
            for key in columns.keys() - fields.keys():  # a field this record lacks
                columns[key].append(None)
                t["missing"].setdefault(key, []).append(n)
            for key in fields.keys() - columns.keys():  # a field earlier records lacked
                columns[key] = [None] * n
                if n:
                    t["missing"][key] = list(range(n))
        for key, value in fields.items():
            columns[key].append(value)
        if table == "attendance" and isinstance(fields.get("member_id"), str):
            columns["member_id"][-1] = members.setdefault(fields["member_id"], len(members))
        t["_n"] = n + 1
    out_tables = []
    for t in tables.values():
        ids = t.pop("id")
        t["id"] = None if all(i is None for i in ids) else ids
        t.pop("_last")
        t["n"] = t.pop("_n")
        out_tables.append(t)
    out = {"format": FORMAT, "members": list(members), "authors": list(authors), "tables": out_tables}
    out.update({k: page[k] for k in _PAGE_KEYS if k in page})
    return out


class Malformed(ValueError):
    """A column page that cannot be right."""


def _list(value: Any, n: int, what: str) -> list:
    if not isinstance(value, list) or len(value) != n:
        raise Malformed(f"{what}: not a list of {n}")
    return value


def _index(value: Any, size: int, what: str) -> int:
    if type(value) is not int or not 0 <= value < size:
        raise Malformed(f"{what}: not an index below {size}")
    return value


def decode(data: dict[str, Any], max_records: int) -> dict[str, Any]:
    """A ChangesPage dict (records in rev order) from a column page; Malformed if it is not one."""
    members = data.get("members")
    authors = data.get("authors")
    tables = data.get("tables")
    if not isinstance(members, list) or not isinstance(authors, list) or not isinstance(tables, list):
        raise Malformed("members, authors and tables are lists")
    records: list[dict[str, Any]] = []
    for t in tables:
        if not isinstance(t, dict):
            raise Malformed("a table is an object")
        n = t.get("n")
        if type(n) is not int or not 0 <= n <= max_records - len(records):
            raise Malformed("n: too many records")
        table = t.get("table")
        revs, deleted = _list(t.get("rev"), n, "rev"), _list(t.get("deleted"), n, "deleted")
        by, at = _list(t.get("by"), n, "by"), _list(t.get("at"), n, "at")
        ids = t.get("id")
        ids = [None] * n if ids is None else _list(ids, n, "id")
        fields = t.get("fields")
        missing = t.get("missing")
        if not isinstance(fields, dict) or not isinstance(missing, dict):
            raise Malformed("fields and missing are objects")
        columns = {k: _list(v, n, f"fields.{k}") for k, v in fields.items()}
        absent: dict[int, set[str]] = {}
        for key, rows in missing.items():
            if key not in columns or not isinstance(rows, list):
                raise Malformed("missing: unknown field")
            for row in rows:
                absent.setdefault(_index(row, n, "missing"), set()).add(key)
        rev = 0
        for i in range(n):
            step = revs[i]
            if type(step) is not int or step < (0 if i == 0 else 1):
                raise Malformed("rev: steps go up")
            rev += step
            gone = absent.get(i, ())
            row = {k: col[i] for k, col in columns.items() if k not in gone}
            if table == "attendance" and "member_id" in row:
                row["member_id"] = members[_index(row["member_id"], len(members), "member")]
            rid = ids[i]
            if rid is None:
                if table != "attendance" or not isinstance(row.get("meeting_id"), str) \
                        or not isinstance(row.get("member_id"), str):
                    raise Malformed("id: only an attendance row's id may be left out")
                rid = attendance_id(row["meeting_id"], row["member_id"])
            flag = deleted[i]
            if flag not in (0, 1) or type(flag) is not int:
                raise Malformed("deleted: 0 or 1")
            records.append({"table": table, "id": rid, "rev": rev, "deleted": bool(flag),
                            "updated_by": authors[_index(by[i], len(authors), "author")],
                            "updated_at": at[i], "fields": row})
    records.sort(key=lambda r: r["rev"])
    page = {k: data[k] for k in _PAGE_KEYS if k in data}
    page["changes"] = records
    return page
