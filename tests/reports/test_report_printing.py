import datetime as dt
import shutil

import pytest

from ebranch_desktop.printing.documents import meeting_pdf
from ebranch_desktop.printing.html_reports import absence_job, compliance_job
from ebranch_desktop.printing.pages import write_pdf
from ebranch_desktop.reports.absence import absence_watch
from ebranch_desktop.reports.compliance import compliance
from ebranch_desktop.reports.periods import parse_period
from ebranch_desktop.reports.rules import load_rules

pdftools = pytest.importorskip("pdftools")
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture
def meeting(town, qapp):
    town.branch("A", "001", "红旗村党支部")
    town.group("g1", "A", "第一党小组")
    for i in range(70):  # a large branch: the sign-in sheet needs several pages
        town.member(f"m{i}", "A", name=f"党员{i:02d}号", group="g1",
                    committee="书记" if i == 0 else "", category="probationary" if i == 69 else "formal",
                    join=dt.date(2026, 1, 1) if i == 69 else dt.date(2000, 1, 1))
    town.meeting(
        "gen", "A", "branch_general", "2026-03-20 09:00", topic="讨论发展预备党员",
        place="村党员活动室", host="党员00号", recorder="党员01号",
        agenda=["讨论接收预备党员", "通报村务"],
        speech_notes="党员00号：介绍发展对象情况。\n党员02号：同意。",
        minutes="会议由党员00号主持，讨论接收预备党员。",
        observers=[{"name": "王书记", "role": "镇党委包村干部"}],
        resolutions=[{"text": "同意接收张三为预备党员", "for": 50, "against": 3, "abstain": 2}],
    )
    for i in range(70):
        if i == 5:
            town.mark("gen", f"m{i}", "leave", "外出务工")
        elif i == 6:
            town.mark("gen", f"m{i}", "absent", "联系不上")
        elif i == 7:
            town.mark("gen", f"m{i}", "absent", excluded=True, exclusion_reason="出国超过六个月")
        else:
            town.mark("gen", f"m{i}", "late" if i == 8 else "present")
    return town


def test_minutes_pdf_has_every_field_and_embedded_font(meeting, tmp_path):
    out = tmp_path / "minutes.pdf"
    meeting_pdf(meeting.ws, meeting.meetings["gen"], "minutes", out)
    text = pdftools.text(out)
    flat = text.replace(" ", "").replace("\n", "")
    for expected in ("红旗村党支部", "支部党员大会会议记录", "时间", "2026年03月20日09:00至11:00",
                     "地点", "村党员活动室", "主持人", "记录人", "应到69人", "实到67人", "请假1人",
                     "缺席1人", "不计应到", "出国超过六个月", "党员05号（外出务工）",
                     "党员06号（联系不上）", "列席人员", "王书记（镇党委包村干部）", "议题",
                     "1.讨论接收预备党员", "发言要点", "党员02号：同意。", "决议和表决情况",
                     "同意接收张三为预备党员", "通过", "有表决权的党员应到68人、实到66人"):
        assert expected in flat, expected
    assert "⽀" not in text  # the Kangxi look-alike that Noto CJK would give for 支
    info = pdftools.info(out)
    assert info["Page size"].strip().startswith("595")  # A4 portrait in points
    fonts = pdftools.fonts(out)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts


def test_signin_sheet_flows_onto_pages_with_the_header_repeated(meeting, tmp_path):
    out = tmp_path / "signin.pdf"
    pages = meeting_pdf(meeting.ws, meeting.meetings["gen"], "signin", out)
    assert pages == pdftools.pages(out) >= 3
    for page in range(1, pages + 1):
        text = pdftools.text(out, page)
        assert "签到表" in text  # running header
        assert f"第{page}页/共{pages}页" in text.replace(" ", "")
    assert "本人签名" in pdftools.text(out, 2)  # the table header row repeats
    every = pdftools.text(out)
    assert all(f"党员{i:02d}号" in every for i in range(70))
    assert "请假：外出务工" in every.replace(" ", "")


def test_long_minutes_span_pages(meeting, tmp_path):
    from ebranch_desktop.services.meetings import update_meeting

    with meeting.ws.write() as s:
        update_meeting(s, meeting.meetings["gen"],
                       {"speech_notes": "\n".join(f"第{i}位党员发言：结合本村实际谈体会。" for i in range(150))})
    out = tmp_path / "long.pdf"
    pages = meeting_pdf(meeting.ws, meeting.meetings["gen"], "minutes", out)
    assert pages >= 3
    assert "第149位党员发言" in pdftools.text(out).replace(" ", "")


def test_report_pdfs_are_landscape_and_readable(meeting, tmp_path):
    with meeting.ws.read() as s:
        report = compliance(s, load_rules(), parse_period("2026Q1"), as_of=dt.date(2026, 5, 1))
        watch = absence_watch(s, (3, 5, 6), as_of=dt.date(2026, 12, 1))
    out = tmp_path / "compliance.pdf"
    write_pdf(compliance_job(report, "青山镇"), out)
    text = pdftools.text(out).replace(" ", "")
    assert "青山镇2026年第一季度会议制度落实情况" in text and "√达标" in text and "√1/1" in text and "×0/3" in text
    assert pdftools.info(out)["Page size"].strip().startswith("842")  # landscape
    out = tmp_path / "absence.pdf"
    write_pdf(absence_job(watch, "青山镇"), out)
    text = pdftools.text(out).replace(" ", "")
    assert "满6个月" in text and "党员00号" in text and "不计应到" in text


def test_the_printer_path_paints_the_same_pages(meeting, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from ebranch_desktop.printing.documents import meeting_print_job
    from ebranch_desktop.printing.pages import paint
    from ebranch_desktop.ui.print_dialogs import _printer

    job = meeting_print_job(meeting.ws, meeting.meetings["gen"], "signin")
    printer = _printer(job)  # what the preview dialog and the print dialog use
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    pages = paint(job, printer)
    del printer
    assert pages == write_pdf(job, tmp_path / "writer.pdf") == pdftools.pages(tmp_path / "printer.pdf")
