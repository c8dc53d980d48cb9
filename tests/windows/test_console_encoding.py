"""`ebranch` on a Chinese Windows console: readable in GBK (code page 936) and UTF-8, never a UnicodeEncodeError.

Windows' console shows Unicode, but output piped or redirected (`ebranch … > out.txt`, a support
script) is encoded with the ANSI code page, GBK on Chinese Windows; PYTHONIOENCODING=gbk/cp936
does the same here. Data typed by users may hold what GBK lacks (✘ ⚠ ✔, rare characters in names).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ebranch_desktop.cli import console
from ebranch_desktop.cli.main import main

TOPIC = "✘⚠ 讨论发展党员 𠮷 ✔"  # 𠮷 (U+20BB7) is in neither GBK nor the BMP
BRANCH = "220122105001"


def run(data: Path, *args: str, encoding: str, flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUTF8",)} | {"PYTHONIOENCODING": encoding}
    unlock = [] if args[0] == "demo" else ["--password-stdin"]  # the demo workspace: demo / demo1234
    return subprocess.run([sys.executable, *flags, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args,
                           *unlock], input=b"demo1234\n", capture_output=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def workspace_with_symbols(tmp_path_factory):
    data = tmp_path_factory.mktemp("console") / "数据 ✘"
    assert run(data, "demo", encoding="utf-8").returncode == 0
    added = run(data, "meetings", "add", "--branch", BRANCH, "--type", "branch_general",
                "--start", "2026-12-20 09:00", "--topic", TOPIC, "--place", "村部⚠会议室", "--json", encoding="utf-8")
    assert added.returncode == 0, added.stderr.decode()
    return data, json.loads(added.stdout)["id"]


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "utf-8"])
def test_every_kind_of_output_is_readable_in_the_console_encoding(workspace_with_symbols, encoding):
    data, meeting = workspace_with_symbols
    gbk = encoding != "utf-8"
    commands = [
        ("meetings", "list"),
        ("meetings", "show", meeting),
        ("orgs",),
        ("members", "list", "--branch", BRANCH),
        ("report", "compliance", "--period", "2026Q4"),
        ("--help",),
        ("meetings", "add", "--help"),
    ]
    for args in commands:
        result = run(data, *args, encoding=encoding)
        err = result.stderr.decode(encoding)  # strict: every byte is valid in the code page
        assert result.returncode == 0, (args, err)
        assert "Traceback" not in err, (args, err)
        out = result.stdout.decode(encoding)
        assert any(word in out for word in ("党支部", "会议", "党小组", "工作区")), (args, out[:300])

    listed = run(data, "meetings", "list", encoding=encoding).stdout.decode(encoding)
    line = next(ln for ln in listed.splitlines() if "讨论发展党员" in ln)
    # GBK has no ✘ ⚠ ✔: the nearest symbols stand in; 𠮷 becomes "?"
    assert ("×! 讨论发展党员 ? √" if gbk else TOPIC) in line


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "utf-8"])
def test_json_stays_exact_in_any_code_page(workspace_with_symbols, encoding):
    data, meeting = workspace_with_symbols
    shown = run(data, "meetings", "show", meeting, "--json", encoding=encoding)
    assert shown.returncode == 0
    text = shown.stdout.decode(encoding)
    record = json.loads(text)
    assert record["topic"] == TOPIC and record["place"] == "村部⚠会议室"
    assert "讨论发展党员" in text  # what GBK holds stays readable; only the rest is escaped
    listed = json.loads(run(data, "meetings", "list", "--json", encoding=encoding).stdout.decode(encoding))
    assert TOPIC in {m["topic"] for m in listed}


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_errors_naming_a_path_with_symbols_are_shown_not_crashed(tmp_path, encoding):
    missing = tmp_path / "✘ 没有这个文件夹"
    result = run(missing, "orgs", encoding=encoding)
    assert result.returncode == 2
    err = result.stderr.decode(encoding)
    assert "没有工作区" in err and "No workspace" in err and "Traceback" not in err
    assert ("× 没有这个文件夹" if encoding == "gbk" else "✘ 没有这个文件夹") in err


def test_a_cp936_stream_in_process(workspace_with_symbols, monkeypatch):
    """The same through a TextIOWrapper named cp936, as a Windows pipe hands to Python."""
    data, meeting = workspace_with_symbols
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp936", newline="\n")
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "stdin", io.StringIO("demo1234\ndemo1234\n"))
    assert main(["--data-dir", str(data), "meetings", "show", meeting, "--password-stdin"]) == 0
    assert main(["--data-dir", str(data), "meetings", "show", meeting, "--json", "--password-stdin"]) == 0
    stream.flush()
    text = raw.getvalue().decode("cp936")
    assert "×! 讨论发展党员 ? √" in text
    assert json.loads(text[text.index("{"):])["topic"] == TOPIC


def test_json_text_escapes_only_what_the_code_page_lacks():
    text = console.json_text({"a": "红旗 ✘ 𠮷 \"x\""}, io.TextIOWrapper(io.BytesIO(), encoding="gbk"))
    assert text.encode("gbk")
    assert "红旗" in text and "\\u2718" in text and "\\ud842\\udfb7" in text
    assert json.loads(text) == {"a": "红旗 ✘ 𠮷 \"x\""}
    utf8 = console.json_text({"a": "✘"}, io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert utf8 == '{\n  "a": "✘"\n}'


def test_the_self_test_report_survives_a_gbk_console(tmp_path):
    """`ebranch-desktop-debug --self-test > file` on Chinese Windows; the data folder has ✘ in its name."""
    env = os.environ | {"PYTHONIOENCODING": "gbk", "EBRANCH_DATA_DIR": str(tmp_path / "✘ 张 三"),
                        "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "ebranch_desktop.ui.app", "--self-test"], capture_output=True,
                            env=env, timeout=300)
    out = result.stdout.decode("gbk")
    assert result.returncode == 0, out + result.stderr.decode("gbk", "replace")
    assert "自检通过" in out and "× 张 三" in out


def test_no_text_file_is_opened_in_the_locale_encoding(tmp_path):
    """Windows' locale encoding is cp936: every text file we read or write must name its encoding.

    Python's EncodingWarning (-X warn_default_encoding) reports each open() without one; the CLI
    paths that read resources, write exports and create workspaces must raise none from our code.
    """
    data = tmp_path / "ws"
    flags = ("-X", "warn_default_encoding")
    steps = [("demo",), ("meetings", "list"), ("report", "compliance", "--period", "2026Q4"),
             ("export", "meetings", "--out", str(tmp_path / "m.csv")),
             ("export", "attendance", "--out", str(tmp_path / "a.xlsx"))]
    for args in steps:
        result = run(data, *args, encoding="utf-8", flags=flags)
        assert result.returncode == 0, result.stderr.decode()
        ours = [ln for ln in result.stderr.decode().splitlines()
                if "EncodingWarning" in ln and ("ebranch_desktop" in ln or "ebranch_server" in ln)]
        assert not ours, ours


def test_ebranch_io_encoding_chooses_the_encoding_where_pythonioencoding_cannot(workspace_with_symbols):
    """A frozen ebranch.exe ignores PYTHON* variables (PyInstaller); EBRANCH_IO_ENCODING still works."""
    data, meeting = workspace_with_symbols
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    for encoding in ("cp936", "utf-8"):
        result = subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data),
                                 "meetings", "show", meeting, "--password-stdin"], capture_output=True, timeout=120,
                                input=b"demo1234\n", env=env | {"EBRANCH_IO_ENCODING": encoding})
        assert result.returncode == 0
        text = result.stdout.decode(encoding)
        assert ("×! 讨论发展党员 ? √" if encoding == "cp936" else TOPIC) in text
    unknown = subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data),
                              "meetings", "show", meeting, "--password-stdin"], capture_output=True, timeout=120,
                             input=b"demo1234\n",
                             env=env | {"EBRANCH_IO_ENCODING": "no-such-codec", "PYTHONIOENCODING": "utf-8"})
    assert unknown.returncode == 0 and TOPIC in unknown.stdout.decode("utf-8")  # ignored, not a crash
