"""How small could a pull page be? Sizes of the township's ten years in several encodings.

    python benchmarks/encoding_study.py

Reads every record of the large township from the benchmark server database (built by
`sync_bench.server_db()`), cuts them into pages of 5,000 in rev order as the server does, and
prints the total size of all pages in each encoding. Only the standard library is used: zstd
and brotli are not dependencies of the project (lzma stands in for "a stronger compressor").
"""

from __future__ import annotations

import gzip
import json
import lzma
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "sync-server.sqlite3"
PAGE = 5000


def row_page(docs: list[str]) -> bytes:
    return ('{"changes":[' + ",".join(docs) + '],"evictions":[],"next":1,"has_more":true,'
            '"server_time":"2026-11-29T20:00:00.000000Z"}').encode()


def column_page(records: list[dict], derive_attendance_ids: bool) -> bytes:
    """Per table: ids, revs (as differences), authors and field values as columns; with
    `derive_attendance_ids`, an attendance row's id (fixed: from its meeting and member) is left
    out and member ids become indexes into a list given once per page."""
    tables: dict[str, dict] = {}
    members: dict[str, int] = {}
    for r in records:
        t = tables.setdefault(r["table"], {"id": [], "rev": [], "deleted": [], "by": [], "at": [],
                                           "fields": defaultdict(list), "n": 0})
        if not (derive_attendance_ids and r["table"] == "attendance"):
            t["id"].append(r["id"])
        t["rev"].append(r["rev"] - (t["rev_last"] if "rev_last" in t else 0))
        t["rev_last"] = r["rev"]
        t["deleted"].append(1 if r["deleted"] else 0)
        t["by"].append(r["updated_by"])
        t["at"].append(r["updated_at"])
        for k, v in r["fields"].items():
            if derive_attendance_ids and r["table"] == "attendance" and k == "member_id":
                v = members.setdefault(v, len(members))
            t["fields"][k].append(v)
        t["n"] += 1
    for t in tables.values():
        t.pop("rev_last", None)
        t["fields"] = dict(t["fields"])
    out = {"tables": tables, "members": list(members) if derive_attendance_ids else None}
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode()


def main() -> None:
    if not DATA.exists():
        sys.exit("build the benchmark server first: python benchmarks/sync_bench.py")
    con = sqlite3.connect(DATA)
    docs = [d for (d,) in con.execute("SELECT doc FROM records ORDER BY rev")]
    con.close()
    pages = [docs[i:i + PAGE] for i in range(0, len(docs), PAGE)]
    parsed = [[json.loads(d) for d in p] for p in pages]
    encodings = {
        "JSON rows (today), raw": lambda i: row_page(pages[i]),
        "JSON rows, gzip -1 (today: the server's gzip_level)": lambda i: gzip.compress(row_page(pages[i]), 1),
        "JSON rows, gzip -6": lambda i: gzip.compress(row_page(pages[i]), 6),
        "JSON rows, gzip -9": lambda i: gzip.compress(row_page(pages[i]), 9),
        "JSON rows, xz -6": lambda i: lzma.compress(row_page(pages[i]), preset=6),
        "columns, gzip -6": lambda i: gzip.compress(column_page(parsed[i], False), 6),
        "columns, xz -6": lambda i: lzma.compress(column_page(parsed[i], False), preset=6),
        "columns, attendance ids derived, gzip -6": lambda i: gzip.compress(column_page(parsed[i], True), 6),
        "columns, attendance ids derived, xz -6": lambda i: lzma.compress(column_page(parsed[i], True), preset=6),
    }
    print(f"{len(docs):,} records in {len(pages)} pages of {PAGE:,}")
    base = None
    for name, encode in encodings.items():
        started = time.perf_counter()
        size = sum(len(encode(i)) for i in range(len(pages)))
        seconds = time.perf_counter() - started
        if "(today" in name:
            base = size
        ratio = f", {size / base:.2f} × today" if base else ""
        print(f"{name}: {size / 1e6:.2f} MB ({size / 8000 / 60:.1f} min at 64 kbit/s{ratio}); "
              f"encoding took {seconds:.1f} s")


if __name__ == "__main__":
    main()
