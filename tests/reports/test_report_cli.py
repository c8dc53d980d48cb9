import json

import openpyxl
import pytest

from ebranch_desktop.cli import main as cli_main
from ebranch_desktop.cli import report_cmd


@pytest.fixture
def run(demo_workspace, monkeypatch, capsys):
    # The lead registers report_cmd in cli/main.py; until then the tests plug it in here.
    monkeypatch.setattr(cli_main, "_extra_command_modules", lambda: [report_cmd])
    data_dir = str(demo_workspace.data_dir)

    def run(*argv: str) -> tuple[int, str, str]:
        import io

        monkeypatch.setattr("sys.stdin", io.StringIO("demo1234\n"))
        code = cli_main.main([*argv, "--data-dir", data_dir, "--password-stdin"])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_compliance_table_json_and_files(run, tmp_path):
    code, out, _ = run("report", "compliance", "--period", "2025")
    assert code == 0 and "会议制度落实情况" in out and "永丰村党支部" in out
    code, out, _ = run("report", "compliance", "--period", "2025Q2", "--branch", "220122105002",
                       "--json")
    data = json.loads(out)
    assert code == 0 and [b["branch"]["code"] for b in data["branches"]] == ["220122105002"]
    assert {c["meeting_type"] for c in data["branches"][0]["cells"]} >= {"branch_general", "theme_day"}
    code, _, _ = run("report", "compliance", "--period", "2025", "--out", str(tmp_path / "c.xlsx"))
    assert code == 0 and openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames == ["落实情况矩阵", "明细"]
    code, _, _ = run("report", "compliance", "--period", "2025Q4", "--format", "pdf",
                     "--out", str(tmp_path / "c.pdf"))
    assert code == 0 and (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "compliance", "--period", "2026Q5"),
        ("report", "compliance", "--period", "2026", "--branch", "nope"),
        ("report", "compliance", "--period", "2026", "--format", "xlsx"),
        ("report", "attendance", "--from", "2026-05-01", "--to", "2026-01-01"),
        ("report", "absence", "--as-of", "yesterday"),
        ("export", "members", "--out", "m.xlsx", "--full"),
        ("print", "minutes", "no-such-meeting", "--out", "x.pdf"),
        ("print", "signin", "whatever", "--out", "x.txt"),
    ],
)
def test_bad_input_exits_2_with_both_languages(run, argv):
    code, _out, err = run(*argv)
    assert code == 2
    assert "错误" in err or "参数错误" in err
    assert "Error" in err or "Usage error" in err


def test_absence_attendance_votes(run, tmp_path):
    code, out, _ = run("report", "absence")
    assert code == 0 and "连续未参加组织生活预警" in out
    code, out, _ = run("report", "absence", "--json")
    assert code == 0 and json.loads(out)["thresholds"] == [3, 5, 6]
    code, out, _ = run("report", "attendance", "--from", "2025-01-01", "--to", "2025-12-31")
    assert code == 0 and "合计出席率" in out
    code, _, _ = run("report", "attendance", "--from", "2025-01-01", "--to", "2025-12-31",
                     "--out", str(tmp_path / "a.csv"))
    assert code == 0 and (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, _ = run("report", "votes", "--period", "2025")
    assert code == 0 and "支部党员大会" in out


def test_print_and_export(run, demo_workspace, tmp_path):
    from sqlalchemy import select

    from ebranch_desktop.store.models import Meeting

    with demo_workspace.read() as s:
        mid = s.scalar(select(Meeting.id).where(Meeting.status == "held").limit(1))
    for kind in ("minutes", "signin"):
        code, out, _ = run("print", kind, mid, "--out", str(tmp_path / f"{kind}.pdf"))
        assert code == 0 and "页" in out
    code, out, _ = run("export", "members", "--out", str(tmp_path / "m.xlsx"), "--json")
    assert code == 0 and json.loads(out)["masked"] is True
    code, out, _ = run("export", "members", "--out", str(tmp_path / "full.csv"), "--full",
                       "--yes-i-understand")
    assert code == 0 and "妥善保管" in out
    code, out, _ = run("export", "attendance", "--out", str(tmp_path / "a.xlsx"),
                       "--from", "2025-01-01", "--to", "2025-03-31", "--org", "220122105")
    assert code == 0 and "已导出" in out
