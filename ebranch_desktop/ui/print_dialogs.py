"""Dialogs to preview and print a document, or save it as PDF; print_meeting for the editor.

(The documents themselves are built and painted by `printing/`, which the CLI uses too.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import ValidationError
from ..domain.filenames import safe_file_name, safe_path
from ..printing.documents import meeting_print_job
from ..printing.pages import PrintJob, page_layout, paint, write_pdf
from ..store.workspace import Workspace
from .file_dialogs import ask_save_path, show_saved
from .labels import error_text
from .sizing import usable_size

# Module-level texts, marked for lupdate, translated when shown.
PREVIEW_TITLE = QT_TRANSLATE_NOOP("PrintDialogs", "打印预览")
SAVE_PDF_TITLE = QT_TRANSLATE_NOOP("PrintDialogs", "保存为 PDF")
PDF_FILTER = QT_TRANSLATE_NOOP("PrintDialogs", "PDF 文件 (*.pdf)")
SAVE_FAILED = QT_TRANSLATE_NOOP("PrintDialogs", "保存失败")
CANNOT_WRITE = QT_TRANSLATE_NOOP("PrintDialogs", "无法写入文件：%1")
SAVED = QT_TRANSLATE_NOOP("PrintDialogs", "已保存")
SAVED_PAGES = QT_TRANSLATE_NOOP("PrintDialogs", "已保存 %1 页到：\n%2")
CANNOT_PRINT = QT_TRANSLATE_NOOP("PrintDialogs", "无法打印")
MINUTES = QT_TRANSLATE_NOOP("PrintDialogs", "会议记录")
SIGNIN = QT_TRANSLATE_NOOP("PrintDialogs", "签到表")
CHOOSE = QT_TRANSLATE_NOOP("PrintDialogs", "请选择：打印（先预览）或保存为 PDF 文件。")
PREVIEW_BUTTON = QT_TRANSLATE_NOOP("PrintDialogs", "打印预览…")
SAVE_PDF_BUTTON = QT_TRANSLATE_NOOP("PrintDialogs", "保存为 PDF…")
CANCEL = QT_TRANSLATE_NOOP("PrintDialogs", "取消")


def _tr(text: str) -> str:
    return QCoreApplication.translate("PrintDialogs", text)


def _printer(job: PrintJob) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(job.landscape))
    printer.setDocName(job.title or job.header_left)
    return printer


def preview(parent: QWidget | None, job: PrintJob) -> int:
    """Show the print preview; its toolbar prints. Returns the dialog's result code."""
    printer = _printer(job)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_tr(PREVIEW_TITLE))
    dialog.paintRequested.connect(lambda p: paint(job, p))
    dialog.resize(QSize(1000, 800).boundedTo(usable_size(dialog)))
    return dialog.exec()


def suggested_file_name(job: PrintJob, suffix: str = ".pdf") -> str:
    """The document's title as a file name every Windows PC accepts (domain/filenames.py)."""
    return safe_file_name(job.title or job.header_left, suffix)


def save_pdf(parent: QWidget | None, job: PrintJob) -> Path | None:
    """Ask where to save (in 文档), write the PDF, say where it went and offer to open it."""
    path = ask_save_path(parent, _tr(SAVE_PDF_TITLE), suggested_file_name(job), [_tr(PDF_FILTER)])
    if path is None:
        return None
    # A name typed into a non-native dialog may hold what Windows forbids; ".pdf" is ensured.
    path = safe_path(path, ".pdf")
    try:
        pages = write_pdf(job, path)
    except OSError as exc:
        QMessageBox.warning(parent, _tr(SAVE_FAILED), _tr(CANNOT_WRITE).replace("%1", str(exc)))
        return None
    show_saved(parent, _tr(SAVED), _tr(SAVED_PAGES).replace("%1", str(pages)).replace("%2", str(path)), path)
    return path


def print_meeting(parent: QWidget | None, workspace: Workspace, meeting_id: str, kind: str) -> None:
    """Minutes ('minutes') or sign-in sheet ('signin') of a meeting: choose preview or PDF.

    The print preview's toolbar prints to any printer; "保存为 PDF" writes an A4 PDF with the
    font embedded.
    """
    try:
        job = meeting_print_job(workspace, meeting_id, kind)
    except ValidationError as exc:
        QMessageBox.warning(parent, _tr(CANNOT_PRINT), error_text(exc))
        return
    box = QMessageBox(parent)
    box.setWindowTitle(_tr(MINUTES) if kind == "minutes" else _tr(SIGNIN))
    box.setText(_tr(CHOOSE))
    print_button = box.addButton(_tr(PREVIEW_BUTTON), QMessageBox.ButtonRole.AcceptRole)
    pdf_button = box.addButton(_tr(SAVE_PDF_BUTTON), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_tr(CANCEL), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is print_button:
        preview(parent, job)
    elif box.clickedButton() is pdf_button:
        save_pdf(parent, job)
