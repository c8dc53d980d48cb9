"""Reports, exports and report PDFs in one language at a time: the core takes the language as
a parameter (Chinese unless told), so an English interface gets English headers and cells."""

import datetime as dt
import re

import openpyxl

from ebranch_desktop.export.report_tables import absence_table, attendance_tables, compliance_tables, votes_table
from ebranch_desktop.export.run import export_records
from ebranch_desktop.printing.html_reports import compliance_job
from ebranch_desktop.reports.absence import absence_watch
from ebranch_desktop.reports.attendance_stats import attendance_report
from ebranch_desktop.reports.compliance import compliance
from ebranch_desktop.reports.periods import parse_period
from ebranch_desktop.reports.rules import load_rules
from ebranch_desktop.reports.votes import vote_records

CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff01-\uff60]")
NAMES = {"红旗村党支部", "张三", "李四", "重温入党誓词", "外出务工", "青山镇", "第一党小组"}


def english(text) -> bool:
    """No Chinese left once the names people typed are taken out."""
    text = str(text or "")
    for name in NAMES:
        text = text.replace(name, "")
    return not CJK.search(text)


def small_town(town):
    town.branch("A", "001", "红旗村党支部")
    town.group("g1", "A", "第一党小组")
    town.member("a", "A", name="张三", committee="书记", group="g1")
    town.member("b", "A", name="李四", category="probationary")
    town.meeting("m1", "A", "theme_day", "2026-03-05 09:00", topic="重温入党誓词")
    town.mark("m1", "a")
    town.mark("m1", "b", "leave", "外出务工")
    return town


def test_period_names_in_each_language():
    assert parse_period("2026Q4").name("zh") == "2026年第四季度"
    assert parse_period("2026Q4").name("en") == "2026 Q4"
    assert parse_period("2026-07").name("zh") == "2026年7月"
    assert parse_period("2026-07").name("en") == "Jul 2026"
    assert parse_period("2016..2025").name("zh") == "2016年至2025年"
    assert parse_period("2016..2025").name("en") == "2016 – 2025"
    assert parse_period("2026-07..2026-09").name("en") == "2026 Q3"


def test_report_tables_are_wholly_english_or_wholly_chinese(town):
    small_town(town)
    with town.ws.read() as s:
        comp = compliance(s, load_rules(), parse_period("2026Q1"), as_of=dt.date(2026, 5, 1))
        watch = absence_watch(s, (3, 5, 6), as_of=dt.date(2026, 12, 1))
        stats = attendance_report(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        votes = vote_records(s, parse_period("2026"))
    tables = [*compliance_tables(comp, "en"), absence_table(watch, "en"), *attendance_tables(stats, "en"),
              votes_table(votes, "en")]
    for table in tables:
        assert english(table.name), table.name
        assert all(english(h) for h in table.headers), table.headers
        assert all(english(n) for n in table.notes), table.notes
        for row in table.rows:
            assert all(english(v) for v in row if isinstance(v, str)), row
    assert compliance_tables(comp, "en")[0].headers[:2] == ["Branch", "Branch general meeting"]
    chinese = compliance_tables(comp)[0]
    assert chinese.headers[:2] == ["党支部", "支部党员大会"]
    assert "2026年第一季度" in chinese.notes[0] and "2026Q1" not in chinese.notes[0]
    watch_rows = list(absence_table(watch, "en").rows)
    assert any("6 months" in str(row) or "months in a row" in str(row) for row in watch_rows)


def test_report_pdf_in_english(town):
    small_town(town)
    with town.ws.read() as s:
        comp = compliance(s, load_rules(), parse_period("2026Q1"), as_of=dt.date(2026, 5, 1))
    job = compliance_job(comp, "Qingshan", "en")
    assert job.title == "Qingshan: meeting compliance, 2026 Q1" and job.lang == "en"
    assert "√ met" in job.html and "达标" not in job.html


def test_roster_export_in_english_translates_vocabularies(town, tmp_path):
    small_town(town)
    out = tmp_path / "members.xlsx"
    export_records(town.ws, "members", out, lang="en")
    rows = [list(r) for r in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    header = rows[0]
    assert header[:4] == ["Name", "Branch", "Party group", "Sex"]
    people = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert people["张三"]["Committee role"] == "Secretary"
    assert people["李四"]["Category"] == "Probationary member"
    assert people["张三"]["Ethnicity"] == "Han"
    assert all(english(v) for r in rows for v in r if isinstance(v, str))
