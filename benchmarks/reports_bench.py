"""Reports benchmark (issues 5 and 10): figures on the large township workspace, not timed tests.

The workspace carries the dated roster (membership periods: two members per branch with a
recorded transfer in or death, the others' periods derived from their dates) and every held
meeting's kept expected list, which the attendance figures count.

    python benchmarks/reports_bench.py [WORKSPACE_DIR]

Prints the median of several runs for each report, and the time and peak memory (RSS) of
exporting every attendance row to .xlsx and .csv, each export in a fresh child process so its
peak is its own.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_workspace import DEFAULT_DIR, build  # noqa: E402

from ebranch_desktop.reports.absence import absence_watch  # noqa: E402
from ebranch_desktop.reports.attendance_stats import attendance_report  # noqa: E402
from ebranch_desktop.reports.compliance import compliance  # noqa: E402
from ebranch_desktop.reports.periods import add_months, parse_period, period_of  # noqa: E402
from ebranch_desktop.reports.rules import load_rules  # noqa: E402
from ebranch_desktop.reports.votes import vote_records  # noqa: E402
from ebranch_desktop.services.members import summaries  # noqa: E402
from ebranch_desktop.store.workspace import open_workspace  # noqa: E402

RUNS = 5


def timed(label: str, fn, runs: int = RUNS) -> object:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    print(f"{label:<58} median {statistics.median(times) * 1000:8.1f} ms"
          f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    return result


def export_child(data_dir: str, kind: str, out: str) -> None:
    """Run in a child process: one export, then print its time and peak RSS as JSON."""
    from ebranch_desktop.export.run import export_records

    ws = open_workspace(data_dir, create=False)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = export_records(ws, kind, Path(out))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": seconds, "rss_before_mb": before / 1024,
                      "peak_rss_mb": peak / 1024, "bytes": Path(out).stat().st_size}))


def run_export(data_dir: Path, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"attendance{suffix}"
        done = subprocess.run(
            [sys.executable, __file__, "--export-child", str(data_dir), "attendance", str(out)],
            check=True, capture_output=True, text=True,
        )
    r = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"export all attendance to {suffix:<5} {r['rows']:>8,} rows {r['seconds']:6.1f} s, "
          f"peak RSS {r['peak_rss_mb']:.0f} MB (after opening: {r['rss_before_mb']:.0f} MB), "
          f"file {r['bytes'] / 1e6:.1f} MB")


def main(data_dir: Path) -> None:
    build(data_dir)
    ws = open_workspace(data_dir, create=False)
    rules = load_rules()
    today = dt.date.today()
    last_quarter = period_of("quarter", add_months(period_of("quarter", today).start, -3))
    ten_years = parse_period(f"{today.year - 9}..{today.year}")
    with ws.read() as s:
        r = timed(f"compliance matrix, township, {last_quarter.label}",
                  lambda: compliance(s, rules, last_quarter, as_of=today))
        print(f"    {len(r.branches)} branches × {len(r.types)} types, {r.gap_count} gaps")
        r = timed(f"compliance matrix, township, {ten_years.label}",
                  lambda: compliance(s, rules, ten_years, as_of=today))
        print(f"    {r.gap_count} gaps")
        r = timed("roster of the township a year ago (dated roster)",
                  lambda: summaries(s, as_of=today - dt.timedelta(days=365)))
        print(f"    {len(r)} members")
        r = timed("absence watch, township, all 10 years of history",
                  lambda: absence_watch(s, rules.absence_warnings, as_of=today))
        print(f"    {r.checked} members checked, {len(r.lines)} listed, {len(r.incomplete)} without dates")
        r = timed(f"attendance statistics, township, {ten_years.label}",
                  lambda: attendance_report(s, ten_years.start, ten_years.last_day))
        print(f"    {r.total.expected:,} marks, rate {r.total.rate:.1%}")
        r = timed(f"quorum and votes, township, {today.year - 1}",
                  lambda: vote_records(s, parse_period(str(today.year - 1))))
        print(f"    {len(r)} general meetings")
    ws.close()
    run_export(data_dir, ".xlsx")
    run_export(data_dir, ".csv")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--export-child":
        export_child(*sys.argv[2:])
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
