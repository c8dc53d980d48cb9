"""File names Windows forbids never reach the disk: proposals are made safe, writers refuse bad names.

Windows refuses `<>:"/\\|?*`, drops trailing dots and spaces, maps CON, PRN, COM1… (with any
extension) to devices, and many programs fail on long paths. One helper
(`ebranch_desktop/domain/filenames.py`) serves the save dialogs' proposals, the names typed into
them, the xlsx/csv writers, the PDF writer and so the CLI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.domain.filenames import (
    MAX_CHARS,
    check_output_path,
    is_reserved,
    name_problem,
    safe_file_name,
    safe_path,
)
from ebranch_desktop.export.run import export_records

FORBIDDEN_NAMES = [
    "会议记录：讨论发展党员?",
    'a<b>c:d"e/f\\g|h?i*j',
    "报告.",
    "报告. . ",
    "CON",
    "con",
    "Con.pdf",
    "nul .tar.gz",
    "COM1",
    "lpt9.xlsx",
    "COM¹",
    "AUX.",
    "tab\there",
    "line\nbreak",
    " ",
    "...",
    "",
    "党" * 300,
    "a" * 300,
]


@pytest.mark.parametrize("name", FORBIDDEN_NAMES)
def test_each_forbidden_name_is_refused_and_its_safe_form_accepted(name):
    assert name_problem(name) is not None
    safe = safe_file_name(name, ".pdf")
    assert name_problem(safe) is None, safe
    assert safe.endswith(".pdf") and len(safe) <= MAX_CHARS
    assert safe_file_name(safe, ".pdf") == safe  # stable: a safe name is left alone


@pytest.mark.parametrize(("name", "expected"), [
    ("会议记录：讨论发展党员?", "会议记录：讨论发展党员-.pdf"),  # the full-width colon is allowed
    ("红旗村党支部/第一党小组 会议记录", "红旗村党支部-第一党小组 会议记录.pdf"),
    ('a<b>c:d"e/f\\g|h?i*j', "a-b-c-d-e-f-g-h-i-j.pdf"),
    ("报告. . ", "报告.pdf"),
    ("CON", "CON_.pdf"),
    ("con.pdf", "con_.pdf"),
    ("nul .tar", "nul_.tar.pdf"),
    ("COM1", "COM1_.pdf"),
    ("COM10", "COM10.pdf"),  # only COM0–COM9 are devices
    ("CONSOLE", "CONSOLE.pdf"),
    ("???", "document.pdf"),
    ("", "document.pdf"),
    ("2026年第四季度　三会一课", "2026年第四季度 三会一课.pdf"),  # an ideographic space becomes a plain one
])
def test_safe_names_keep_what_they_can(name, expected):
    assert safe_file_name(name, ".pdf") == expected


def test_reserved_names_are_recognised_with_any_extension_and_case():
    for name in ("CON", "prn.txt", "Aux.pdf", "NUL.tar.gz", "com1", "LPT3.xlsx", "conin$", "CONOUT$.log", "COM²"):
        assert is_reserved(name), name
    for name in ("CONTACT", "console.pdf", "com.pdf", "COM10", "LPT", "报告", "xCON"):
        assert not is_reserved(name), name


def test_long_names_are_cut_within_windows_and_linux_limits(tmp_path):
    name = safe_file_name("青山镇" * 100, ".xlsx")
    assert name.endswith(".xlsx")
    assert len(name) <= MAX_CHARS and len(name.encode("utf-8")) <= 200
    (tmp_path / name).write_bytes(b"x")  # the file can really be created (ext4: 255 bytes a name)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.sampled_from(["", ".pdf", ".xlsx", ".csv"]))
def test_any_text_becomes_a_name_windows_accepts(text, suffix):
    safe = safe_file_name(text, suffix)
    assert name_problem(safe) is None, (text, safe)
    assert safe.endswith(suffix)
    assert safe_file_name(safe, suffix) == safe


def test_a_path_keeps_its_folder_and_only_its_last_part_changes(tmp_path):
    folder = tmp_path / "张 三" / "文档"
    assert safe_path(folder / "报告:2026?.pdf", ".pdf") == folder / "报告-2026-.pdf"
    assert safe_path(folder / "CON", ".xlsx") == folder / "CON_.xlsx"
    assert safe_path(folder / "已有.xlsx", ".xlsx") == folder / "已有.xlsx"


def test_writers_refuse_a_forbidden_name_and_suggest_a_safe_one(demo_workspace, tmp_path):
    target = tmp_path / "CON.xlsx"
    with pytest.raises(ValidationError) as caught:
        export_records(demo_workspace, "meetings", target)
    assert "CON_.xlsx" in caught.value.message_zh and "CON_.xlsx" in caught.value.message_en
    assert "保留名" in caught.value.message_zh
    assert not target.exists()
    with pytest.raises(ValidationError, match="不允许的字符"):
        check_output_path(tmp_path / "a|b.csv")
    with pytest.raises(ValidationError, match="句点或空格"):
        check_output_path(tmp_path / "报告.csv.")
    assert check_output_path(tmp_path / "会议 2026.csv") == tmp_path / "会议 2026.csv"


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    unlock = [] if args[0] == "demo" else ["--password-stdin"]  # the demo workspace: demo / demo1234
    return subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args, *unlock],
                          input="demo1234\n", capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_cli_refuses_forbidden_output_names_with_the_reason_and_a_suggestion(tmp_path):
    data = tmp_path / "data"
    assert _cli(data, "demo").returncode == 0
    meeting = __import__("json").loads(_cli(data, "meetings", "list", "--json").stdout)[0]["id"]
    cases = [
        (["export", "meetings", "--out", str(tmp_path / "PRN.csv")], "PRN_.csv"),
        (["export", "members", "--out", str(tmp_path / "名册?.xlsx")], "名册-.xlsx"),
        (["print", "minutes", meeting, "--out", str(tmp_path / "会议:记录.pdf")], "会议-记录.pdf"),
        (["report", "compliance", "--period", "2026Q4", "--out", str(tmp_path / "lpt1.pdf")], "lpt1_.pdf"),
    ]
    for args, suggestion in cases:
        result = _cli(data, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert suggestion in result.stderr, result.stderr
        assert "Windows" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # nothing was written
    ok = _cli(data, "export", "meetings", "--out", str(tmp_path / "会议 2026.csv"))
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "会议 2026.csv").stat().st_size > 0
