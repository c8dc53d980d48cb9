"""The meeting editor's 照片 tab: thumbnails first, the full photo on demand; 添加照片 on PCs that
may change the record. Photos are optional evidence, never a gate (services/photos.py).

Shrinking runs in the background (run_task), the record is written on the writer thread
(run_write); the thumbnails redraw from the change event. A full photo not yet on this PC is
fetched through `fetcher` (the window's sync session), in the background too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import ValidationError
from ..services import photos
from ..store.blobs import BlobError
from ..store.workspace import Workspace
from . import labels
from .sizing import scrolling_layout
from .style import MessageLabel
from .tasks import run_task, run_write

THUMB = 160
PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PhotosPanel(QWidget):
    def __init__(self, workspace: Workspace, undo: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self.undo = undo  # the editor's UndoStack: a removed photo comes back with Ctrl+Z
        self.meeting_id: str | None = None
        self.read_only = False
        self.fetcher: Any = None  # sha256 → bytes (the window's sync session); None: offline only
        self.pending = 0
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(self._open_item)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.note = QLabel(self.tr("照片（会议照片、签字的签到表扫描件）是可选的佐证材料，不影响会议记录的报送。"
                                   "双击查看原图。"))
        self.note.setWordWrap(True)
        self.add_button = QPushButton(self.tr("添加照片…"))
        self.add_button.clicked.connect(self._ask_files)
        self.remove_button = QPushButton(self.tr("删除选中的照片"))
        self.remove_button.setToolTip(self.tr("删除后可以撤销（Ctrl+Z）"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)
        self.message = MessageLabel()
        self.message.setObjectName("errorLabel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.add_button)
        layout = scrolling_layout(self)  # at 20 pt and 150 % the page scrolls rather than squeeze the note
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def show_meeting(self, meeting_id: str | None, read_only: bool) -> None:
        self.meeting_id = meeting_id
        self.read_only = read_only
        self.add_button.setVisible(not read_only and meeting_id is not None)
        self.remove_button.setVisible(not read_only and meeting_id is not None)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        if self.meeting_id is None or self._ws.locked:
            return
        with self._ws.read() as s:
            rows = photos.photos_of(s, self.meeting_id)
        for p in rows:
            title = p.caption or (self.tr("签到表") if p.kind == "sign_in_sheet" else self.tr("会议照片"))
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, p.sha256)
            item.setData(PHOTO_ID_ROLE, p.id)
            item.setToolTip(f"{p.width}×{p.height}  {p.size // 1024} KB")
            image = self._image(p.thumb_sha256)
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            else:
                item.setText(title + "\n" + self.tr("（缩略图将在同步后显示）"))
            self.list.addItem(item)

    def on_changes(self, changes: Any) -> None:
        if self.meeting_id is not None and changes.touches("photos", "blob_uploads"):
            self.reload()

    def _image(self, sha: str) -> QImage | None:
        try:
            data = self._ws.blobs.get(sha)
        except BlobError:
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image

    # --- adding ----------------------------------------------------------------------------
    def _ask_files(self) -> None:
        from .file_dialogs import file_dialog

        pictures = self.tr("图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)")
        dialog = file_dialog(self, self.tr("添加照片"), [pictures])
        dialog.setFileMode(dialog.FileMode.ExistingFiles)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_files([Path(f) for f in dialog.selectedFiles()])

    def add_files(self, paths: list[Path], kind: str = "photo") -> None:
        """Shrink in the background, then attach them in one write."""
        meeting_id, blobs = self.meeting_id, self._ws.blobs
        if meeting_id is None or self.read_only or not paths:
            return
        self.pending += 1
        self.message.setText(self.tr("正在处理照片…"))

        def failed(exc: Exception) -> None:
            self.pending -= 1
            self.message.setText(labels.error_text(exc) if isinstance(exc, ValidationError) else str(exc))

        def attach(prepared: list[photos.Prepared]) -> None:
            def done(_r: object) -> None:
                self.pending -= 1
                self.message.setText("")
                self.reload()

            run_write(self, self._ws, lambda s: [photos.attach(s, meeting_id, p, kind=kind) for p in prepared],
                      on_done=done, on_error=failed)

        run_task(self, lambda _progress: [photos.prepare_file(blobs, p) for p in paths], on_done=attach,
                 on_error=failed)

    # --- removing --------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()) and not self.read_only)

    def remove_selected(self) -> None:
        """A wrongly attached photo goes (a tombstone, synced like any record); Ctrl+Z brings it back."""
        ids = [item.data(PHOTO_ID_ROLE) for item in self.list.selectedItems()]
        if not ids or self.read_only:
            return

        def failed(exc: Exception) -> None:
            self.message.setText(labels.error_text(exc) if isinstance(exc, ValidationError) else str(exc))

        undo = (self.undo, self.tr("删除照片")) if self.undo is not None else None
        run_write(self, self._ws, lambda s: [photos.remove(s, photo_id) for photo_id in ids], undo=undo,
                  on_done=lambda _r: self.message.setText(""), on_error=failed)

    # --- viewing ---------------------------------------------------------------------------
    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_photo(item.data(Qt.ItemDataRole.UserRole))

    def open_photo(self, sha: str) -> QDialog | None:
        """The full photo: from this PC, else fetched on demand (thumbnails come first)."""
        image = self._image(sha)
        if image is not None:
            return self._show(image)
        if self.fetcher is None:
            self.message.setText(self.tr("原图尚未下载到本机，请联网同步后再查看。"))
            return None
        self.message.setText(self.tr("正在下载原图…"))
        self.pending += 1

        def done(_data: object) -> None:
            self.pending -= 1
            self.message.setText("")
            shown = self._image(sha)
            if shown is not None:
                self._show(shown)

        def failed(exc: Exception) -> None:
            self.pending -= 1
            self.message.setText(self.tr("原图下载失败：%1").replace("%1", labels.error_text(exc)))

        run_task(self, lambda _p: self.fetcher(sha), on_done=done, on_error=failed)
        return None

    def _show(self, image: QImage) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("照片"))
        label = QLabel()
        label.setPixmap(QPixmap.fromImage(image))
        area = QScrollArea()
        area.setWidget(label)
        QVBoxLayout(dialog).addWidget(area)
        dialog.resize(min(image.width() + 40, 1200), min(image.height() + 40, 900))
        dialog.open()
        self.viewer = dialog
        return dialog
