import openpyxl
import pytest

from ebranch_desktop.services import members, orgs, roster_import

BRANCH = "220122105001"
HEADER = ["姓名", "性别", "公民身份号码", "人员类别", "党小组", "入党日期", "转正日期", "联系电话"]
GOOD = [
    ["赵铁柱", "男", "220122197003154416", "正式党员", "第一党小组", "1998-07-01", "1999-07-01", "13904310001"],
    ["钱秀英", "女", "220122198811204420", "预备党员", "第二党小组", "2026/3/1", "", "13904310002"],
]


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青山镇红旗村党支部党员名册"])  # a title row above the header, as people do
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def count(ws):
    with ws.read() as s:
        return members.count_members(s, [orgs.branch_by_code(s, BRANCH).id])


def run_import(ws, path):
    with ws.write() as s:
        report = roster_import.import_roster(s, path, BRANCH)
        if not report.ok:
            s.rollback()
    return report


def test_a_good_roster_imports_and_reimporting_changes_nothing(demo_workspace, tmp_path):
    before = count(demo_workspace)
    path = write_xlsx(tmp_path / "roster.xlsx", GOOD)
    report = run_import(demo_workspace, path)
    assert (report.ok, report.added, report.updated) == (True, 2, 0)
    assert count(demo_workspace) == before + 2
    again = run_import(demo_workspace, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert count(demo_workspace) == before + 2


def test_one_bad_row_means_nothing_is_imported_and_every_bad_row_is_named(demo_workspace, tmp_path):
    before = count(demo_workspace)
    rows = GOOD + [
        ["孙建国", "男", "220122197003154419", "正式党员", "", "", "", ""],  # check digit wrong
        ["李桂兰", "男", "220122198811204420", "正式党员", "", "", "", ""],  # duplicate of row 4, and sex
        ["周某", "女", "220122199002304427", "正式党员", "", "", "", ""],  # 30 February
        ["吴某", "男", "220122197003154416", "团员", "", "", "", ""],  # unknown category
        ["郑某", "女", "220122198811204420", "正式党员", "第九党小组", "", "", ""],  # unknown group
    ]
    report = run_import(demo_workspace, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert not report.ok
    by_row = {p.row: p.message for p in report.problems}
    assert set(by_row) == {5, 6, 7, 8, 9}
    assert "校验位" in by_row[5]
    assert "重复" in by_row[6] or "性别" in by_row[6]
    assert "有效日期" in by_row[7]
    assert "人员类别" in by_row[8]
    assert "党小组" in by_row[9]
    assert count(demo_workspace) == before


def test_a_member_of_another_branch_is_not_silently_moved(demo_workspace, tmp_path):
    with demo_workspace.read() as s:
        other = members.members_of(s, [orgs.branch_by_code(s, "220122105002").id])[0]
        id_number, name = other.id_number, other.name
    report = run_import(demo_workspace, write_xlsx(tmp_path / "x.xlsx", [[name, "", id_number, "", "", "", "", ""]]))
    assert not report.ok
    assert "其他党支部" in report.problems[0].message


def test_csv_saved_by_chinese_excel_in_gbk_is_read(demo_workspace, tmp_path):
    path = tmp_path / "roster.csv"
    lines = [",".join(HEADER)] + [",".join(r) for r in GOOD]
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    report = run_import(demo_workspace, path)
    assert report.ok and report.added == 2


def test_unsupported_file_is_refused(demo_workspace, tmp_path):
    path = tmp_path / "roster.doc"
    path.write_text("x")
    from ebranch_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="不支持"):
        run_import(demo_workspace, path)


def test_a_roster_that_says_when_members_came_fills_their_stay(demo_workspace, tmp_path):
    import csv
    import datetime as dt

    from ebranch_desktop.services import membership

    path = tmp_path / "roster.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["姓名", "公民身份号码", "入党日期", "转正日期", "转入日期", "转入前所在党组织"])
        writer.writerow(["赵铁柱", "220122197003154416", "1998-07-01", "1999-07-01", "2026-05-01",
                         "德惠市某村党支部"])
        writer.writerow(["钱秀英", "220122198811204420", "2010-03-01", "2011-03-01", "", ""])
    report = run_import(demo_workspace, path)
    assert report.ok, report.problems
    with demo_workspace.read() as s:
        branch = orgs.branch_by_code(s, BRANCH).id
        on = {x.member.name: x.period for x in membership.roster_on(s, [branch], dt.date(2026, 4, 30))}
        later = {x.member.name: x.period for x in membership.roster_on(s, [branch], dt.date(2026, 5, 1))}
    assert "赵铁柱" not in on and later["赵铁柱"].start_from == "德惠市某村党支部"
    assert on["钱秀英"].start_reason == "became_formal" and on["钱秀英"].derived  # from the dates

    half = tmp_path / "half.csv"
    half.write_text("姓名,公民身份号码,转入日期\n孙立新,220122197003154416,2026-05-01\n", encoding="utf-8")
    report = run_import(demo_workspace, half)
    assert not report.ok and "转入前所在党组织" in report.problems[0].message
