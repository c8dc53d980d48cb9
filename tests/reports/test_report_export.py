import csv
import datetime as dt

import openpyxl
import pytest

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.export.report_tables import absence_table, compliance_tables
from ebranch_desktop.export.run import export_records, write_tables
from ebranch_desktop.progress import Cancelled, Progress
from ebranch_desktop.reports.absence import absence_watch
from ebranch_desktop.reports.compliance import compliance
from ebranch_desktop.reports.periods import parse_period
from ebranch_desktop.reports.rules import load_rules


@pytest.fixture
def small(town):
    town.branch("A", "001", "红旗村党支部")
    town.member("a", "A", name="张三", phone="13912345678")
    town.member("b", "A", name="李四", phone="13800001111")
    town.meeting("m1", "A", "theme_day", "2026-03-05 09:00", topic="重温入党誓词")
    town.mark("m1", "a")
    town.mark("m1", "b", "leave", "外出务工")
    return town


def _rows(path, sheet=None):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return ws, [list(r) for r in ws.iter_rows(values_only=True)]


def test_members_are_masked_by_default(small, tmp_path):
    out = tmp_path / "members.xlsx"
    assert export_records(small.ws, "members", out) == 2
    ws, rows = _rows(out)
    header = rows[0]
    assert header[:3] == ["姓名", "党支部", "党小组"]
    id_col, phone_col = header.index("公民身份号码"), header.index("联系电话")
    data = {r[0]: r for r in rows[1:]}
    assert data["张三"][id_col] in ("1101**********002X", "4405**********0014")
    assert data["张三"][phone_col] == "139****5678"
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 10


def test_full_export_is_unmasked_and_says_so(small, tmp_path):
    out = tmp_path / "members-full.xlsx"
    export_records(small.ws, "members", out, full=True)
    ws, rows = _rows(out)
    assert "敏感个人信息" in rows[0][0]  # the note above the header
    header = rows[1]
    data = {r[0]: r for r in rows[2:]}
    assert data["张三"][header.index("公民身份号码")] in ("11010519491231002X", "440524188001010014")
    assert data["李四"][header.index("联系电话")] == "13800001111"
    assert ws.freeze_panes == "A3"


def test_attendance_and_meetings_xlsx_and_csv(small, tmp_path):
    export_records(small.ws, "attendance", tmp_path / "att.xlsx")
    _ws, rows = _rows(tmp_path / "att.xlsx")
    assert rows[0][:6] == ["党支部", "会议时间", "会议类型", "会议主题", "会议状态", "姓名"]
    by_name = {r[5]: r for r in rows[1:]}
    assert by_name["李四"][7:9] == ["请假", "外出务工"]
    assert by_name["张三"][1] == dt.datetime(2026, 3, 5, 9, 0)  # a real date cell, not text

    export_records(small.ws, "meetings", tmp_path / "meetings.csv")
    raw = (tmp_path / "meetings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on Chinese Windows reads it
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "党支部" and rows[1][1] == "主题党日" and rows[1][4] == "2026-03-05 09:00"
    assert rows[1][11:15] == ["2", "1", "1", "0"]  # 应到 实到 请假 缺席


def test_date_range_and_bad_suffix(small, tmp_path):
    n = export_records(small.ws, "attendance", tmp_path / "a.csv",
                       date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 30))
    assert n == 0
    with pytest.raises(ValidationError):
        export_records(small.ws, "attendance", tmp_path / "a.pdf")


def test_cancel_leaves_no_file_and_keeps_an_older_one(demo_workspace, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "att.xlsx"
    out.write_bytes(b"older export")
    seen = []
    progress = Progress(lambda done, total, _m: seen.append((done, total)))
    progress.cancel()
    with pytest.raises(Cancelled):
        export_records(demo_workspace, "attendance", out, progress=progress)
    assert out.read_bytes() == b"older export"
    assert list(folder.iterdir()) == [out]  # no temporary file left behind


def test_progress_reports_rows(demo_workspace, tmp_path):
    seen = []
    n = export_records(demo_workspace, "attendance", tmp_path / "att.xlsx",
                       progress=Progress(lambda done, total, _m: seen.append((done, total))))
    assert n > 2000 and seen[-1] == (n, n) and seen[0][1] == n


def test_compliance_matrix_and_absence_sheets(small, tmp_path):
    with small.ws.read() as s:
        report = compliance(s, load_rules(), parse_period("2026Q1"), as_of=dt.date(2026, 5, 1))
        watch = absence_watch(s, (3, 5, 6), as_of=dt.date(2026, 9, 1))
    out = tmp_path / "compliance.xlsx"
    write_tables(out, compliance_tables(report))
    ws, rows = _rows(out, "落实情况矩阵")
    assert rows[1][0] == "党支部" and rows[1][1] == "支部党员大会"
    assert rows[2][0] == "红旗村党支部"
    assert rows[2][5] == "× 1/3\n缺 1月、2月"  # 主题党日: only March held
    assert ws.freeze_panes == "A3"
    _ws, detail = _rows(out, "明细")
    assert detail[0][:4] == ["支部代码", "党支部", "会议类型", "要求"]
    write_tables(tmp_path / "absence.xlsx", [absence_table(watch)])
    _ws, rows = _rows(tmp_path / "absence.xlsx")
    names = [r[1] for r in rows[2:]]
    assert names == ["张三", "李四"]  # both have not taken part since March
