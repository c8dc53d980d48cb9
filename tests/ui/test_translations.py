"""Translations: placeholders match, nothing unfinished, and every committed .qm is current."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS_FILES = sorted((ROOT / "resources" / "translations").glob("*.ts"))
sys.path.insert(0, str(ROOT / "tools"))
import i18n  # noqa: E402


def test_there_is_an_english_catalog():
    assert any(ts.name == "ebranch_en.ts" for ts in TS_FILES)


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_catalog_is_complete_and_placeholders_match(ts):
    assert i18n.problems(ts) == []


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_compiled_qm_matches_its_ts(ts, tmp_path):
    fresh = tmp_path / ts.with_suffix(".qm").name
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(ts), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == ts.with_suffix(".qm").read_bytes(), "run: python tools/i18n.py release"


def test_english_interface_is_english(qtbot, demo_dir, window_on, qapp):
    from ebranch_desktop.ui import i18n as ui_i18n

    ui_i18n.install(qapp, "en")
    try:
        window = window_on(demo_dir)
        assert window.tabs.tabText(0) == "Meetings"
        assert window.meetings.new_button.text() == "New meeting"
    finally:
        ui_i18n.install(qapp, "zh")
    window2 = window_on(demo_dir)
    assert window2.tabs.tabText(0) == "会议"
