"""Save dialogs start in 文档 and speak the interface language; after every export and PDF the
user can open the file or its folder."""

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from ebranch_desktop.printing.documents import meeting_print_job
from ebranch_desktop.services import meetings
from ebranch_desktop.ui import print_dialogs
from ebranch_desktop.ui.file_dialogs import documents_folder
from ebranch_desktop.ui.reports.export_page import ExportPage


class Opened(QObject):
    """Receives the URLs the program asks the desktop to open (instead of starting a viewer)."""

    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url):
        self.urls.append(url)


@pytest.fixture
def opened():
    receiver = Opened()
    QDesktopServices.setUrlHandler("file", receiver, "open")
    yield receiver
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def documents(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home / "Documents"


def held_meeting(ws):
    with ws.read() as s:
        rows = meetings.fetch_meetings(s, meetings.MeetingFilter(statuses=["held"]), 0, 1)
    return rows[0].id


def test_save_pdf_starts_in_documents_in_chinese_and_offers_to_open(qtbot, demo_workspace, documents,
                                                                   opened, answer_modal):
    assert documents_folder() == documents
    job = meeting_print_job(demo_workspace, held_meeting(demo_workspace), "minutes")
    seen = {}

    def choose_file(dialog):
        assert isinstance(dialog, QFileDialog)
        seen["folder"] = Path(dialog.directory().absolutePath())
        seen["labels"] = [dialog.labelText(label) for label in QFileDialog.DialogLabel]
        seen["name"] = dialog.selectedFiles()[0]
        answer_modal(saved)
        dialog.selectFile(str(documents / "会议记录"))
        dialog.accept()

    def saved(box):
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        box.open_folder_button.click()

    answer_modal(choose_file)
    path = print_dialogs.save_pdf(None, job)
    assert seen["folder"] == documents
    assert seen["name"].endswith(".pdf") and Path(seen["name"]).parent == documents
    assert seen["labels"] == ["位置(&I)：", "文件名称(&N)：", "文件类型(&T)：", "保存(&S)", "取消"]
    assert path == documents / "会议记录.pdf" and path.read_bytes().startswith(b"%PDF")
    assert seen["buttons"] == sorted(["打开文件", "打开所在文件夹", "关闭"])
    assert [u.toLocalFile() for u in opened.urls] == [str(documents)]


def test_export_page_offers_to_open_the_file_it_wrote(qtbot, demo_workspace, documents, opened):
    page = ExportPage(demo_workspace)
    qtbot.addWidget(page)
    page.show()
    assert not page.open_file_button.isVisible()
    target = documents / "会议.xlsx"
    with qtbot.waitSignal(page.finished, timeout=20_000) as done:
        page.start_export("meetings", target)
    assert done.args == ["done"]
    assert target.exists()
    assert page.open_file_button.isVisible() and page.open_folder_button.isVisible()
    page.open_file_button.click()
    page.open_folder_button.click()
    assert [u.toLocalFile() for u in opened.urls] == [str(target), str(documents)]
