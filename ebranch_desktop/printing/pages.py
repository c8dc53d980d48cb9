"""Lay out an HTML document on A4 pages with a running header and page numbers, and paint it.

The document is laid out once at a fixed 96 dpi and painted scaled to the device, so a PDF, the
print preview and a real printer show the same line and page breaks. Table header rows
(`<thead>`) repeat at the top of every page a table continues on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from ..domain.filenames import check_output_path
from .fonts import print_family

LAYOUT_DPI = 96
MARGINS_MM = QMarginsF(18, 15, 18, 15)
HEADER_MM, FOOTER_MM = 9.0, 9.0
BODY_PT, HEADER_PT = 11, 9


@dataclass(frozen=True)
class PrintJob:
    """What to print: the HTML body, the running header texts, and the orientation."""

    html: str
    header_left: str
    header_right: str = ""
    landscape: bool = False
    title: str = ""  # PDF document title
    lang: str = "zh"  # of the page numbers in the footer


def page_layout(landscape: bool) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, MARGINS_MM,
                       QPageLayout.Unit.Millimeter)


def _layout_device() -> QImage:
    # A 96-dpi paint device: the document's fonts and pixel lengths are laid out against it.
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    dots_per_metre = round(LAYOUT_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def _mm(mm: float) -> float:
    return mm / 25.4 * LAYOUT_DPI


def build_document(job: PrintJob, body_width: float, body_height: float) -> QTextDocument:
    doc = QTextDocument()
    doc.setUseDesignMetrics(True)  # laid out at 96 dpi, painted at 1200: keep advances exact
    device = _layout_device()
    doc.documentLayout().setPaintDevice(device)
    font = QFont(print_family())
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(job.html)
    doc.setPageSize(QSizeF(body_width, body_height))
    doc._device = device  # type: ignore[attr-defined] - the layout keeps a raw pointer to it
    return doc


def paint(job: PrintJob, device: QPagedPaintDevice) -> int:
    """Paint every page of the job on a PDF writer or printer; returns the page count."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始打印（打印机或文件不可用） / Cannot start printing")
    try:
        return _paint_pages(job, device, painter)
    finally:
        painter.end()


def _paint_pages(job: PrintJob, device: QPagedPaintDevice, painter: QPainter) -> int:
    sx, sy = device.logicalDpiX() / LAYOUT_DPI, device.logicalDpiY() / LAYOUT_DPI
    width, height = device.width() / sx, device.height() / sy
    top, bottom = _mm(HEADER_MM), _mm(FOOTER_MM)
    body_height = height - top - bottom
    doc = build_document(job, width, body_height)
    pages = doc.pageCount()
    header_font = QFont(print_family())
    # Pixels of the 96-dpi layout: the painter scales them to the device like the document.
    header_font.setPixelSize(round(HEADER_PT * LAYOUT_DPI / 72))
    for page in range(pages):
        if page:
            device.newPage()
        painter.save()
        painter.scale(sx, sy)
        _running_texts(painter, job, header_font, width, height, top, bottom, page, pages)
        painter.translate(0, top - page * body_height)
        clip = QRectF(0, page * body_height, width, body_height)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()
    return pages


def _running_texts(painter: QPainter, job: PrintJob, font: QFont, width: float, height: float,
                   top: float, bottom: float, page: int, pages: int) -> None:
    """Header (what the document is) and footer (第 n 页 / 共 N 页) on every page."""
    painter.setFont(font)
    painter.setPen(QPen(Qt.GlobalColor.black))
    band = QRectF(0, 0, width, top * 0.7)
    painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, job.header_left)
    painter.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, job.header_right)
    painter.setPen(QPen(Qt.GlobalColor.darkGray, 0.6))
    painter.drawLine(QLineF(0, top * 0.8, width, top * 0.8))
    painter.setPen(QPen(Qt.GlobalColor.black))
    foot = QRectF(0, height - bottom * 0.8, width, bottom * 0.8)
    number = f"Page {page + 1} of {pages}" if job.lang == "en" else f"第 {page + 1} 页 / 共 {pages} 页"
    painter.drawText(foot, Qt.AlignmentFlag.AlignCenter, number)


def write_pdf(job: PrintJob, path: Path | str) -> int:
    """Write the job as an A4 PDF with the print font embedded; returns the page count.

    Refuses (ValidationError) a file name Windows would refuse (domain/filenames.py).
    """
    check_output_path(path)
    writer = QPdfWriter(str(path))
    writer.setPageLayout(page_layout(job.landscape))
    writer.setResolution(1200)
    writer.setTitle(job.title or job.header_left)
    writer.setCreator("ebranch-desktop")
    try:
        return paint(job, writer)
    finally:
        del writer  # flushes and closes the file
