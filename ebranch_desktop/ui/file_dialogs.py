"""Choosing where to save or what to open, and "saved: open the file / its folder" afterwards.

The dialogs start in the user's Documents (文档) folder and speak the interface language: the
operating system's own dialog is used only where it speaks that language too; elsewhere Qt's
dialog, translated by the qtbase catalog that i18n installs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDir, QLocale, QSize, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QListView, QMessageBox, QWidget

from .i18n import current_language
from .sizing import usable_size

LOOK_IN = QT_TRANSLATE_NOOP("FileDialogs", "位置(&I)：")
FILE_TYPE = QT_TRANSLATE_NOOP("FileDialogs", "文件类型(&T)：")
OPEN_FILE = QT_TRANSLATE_NOOP("FileDialogs", "打开文件")
OPEN_FOLDER = QT_TRANSLATE_NOOP("FileDialogs", "打开所在文件夹")
CLOSE = QT_TRANSLATE_NOOP("FileDialogs", "关闭")


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileDialogs", text)


def documents_folder() -> Path:
    """文档 / Documents, or the home folder where a PC has none (never the program folder)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(folder) if folder else Path(QDir.homePath())
    return path if path.is_dir() else Path(QDir.homePath())


def native_dialog_speaks_our_language() -> bool:
    """Windows' and macOS's dialogs follow the system language, which may not be ours."""
    if sys.platform not in ("win32", "darwin"):
        return False  # Linux desktops' portals vary; Qt's dialog is translated for sure
    system = QLocale.system().language()
    wanted = QLocale.Language.English if current_language() == "en" else QLocale.Language.Chinese
    return system == wanted


def file_dialog(parent: QWidget | None, title: str, filters: list[str], *, save_as: str = "") -> QFileDialog:
    """A dialog to open a file, or with `save_as` to save one under that suggested name."""
    dialog = QFileDialog(parent, title, str(documents_folder()))
    dialog.setNameFilters(filters)
    if save_as:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile(save_as)
        dialog.setDefaultSuffix(Path(save_as).suffix.lstrip("."))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not native_dialog_speaks_our_language())
    # Two labels Qt's Chinese catalog leaves in English.
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, _tr(LOOK_IN))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, _tr(FILE_TYPE))
    dialog.setViewMode(QFileDialog.ViewMode.List)  # names only: no columns to squeeze
    places = dialog.findChild(QListView, "sidebar")
    if places is not None:  # Qt's dialog: its list of places as wide as their names
        places.setMinimumWidth(places.sizeHintForColumn(0) + 2 * places.frameWidth() + 8)
    dialog.resize(dialog.sizeHint().expandedTo(QSize(900, 560)).boundedTo(usable_size(dialog)))
    return dialog


def ask_save_path(parent: QWidget | None, title: str, file_name: str, filters: list[str]) -> Path | None:
    """Where to save `file_name` (None if cancelled); the suffix of the chosen filter is added."""
    dialog = file_dialog(parent, title, filters, save_as=file_name)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_open_path(parent: QWidget | None, title: str, filters: list[str]) -> Path | None:
    dialog = file_dialog(parent, title, filters)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def open_file(path: Path) -> bool:
    """Open with the program the PC uses for it (Excel, WPS, a PDF reader)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    """Show the folder that holds `path` in the file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def saved_box(parent: QWidget | None, title: str, text: str, path: Path) -> QMessageBox:
    """'Saved to …' with 打开文件 / 打开所在文件夹 / 关闭."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.open_file_button = box.addButton(_tr(OPEN_FILE), QMessageBox.ButtonRole.ActionRole)  # type: ignore[attr-defined]
    box.open_folder_button = box.addButton(_tr(OPEN_FOLDER), QMessageBox.ButtonRole.ActionRole)  # type: ignore[attr-defined]
    close = box.addButton(_tr(CLOSE), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.path = path  # type: ignore[attr-defined]
    return box


def show_saved(parent: QWidget | None, title: str, text: str, path: Path) -> None:
    """Tell where the file went and offer to open it or its folder."""
    box = saved_box(parent, title, text, path)
    box.exec()
    if box.clickedButton() is box.open_file_button:  # type: ignore[attr-defined]
        open_file(path)
    elif box.clickedButton() is box.open_folder_button:  # type: ignore[attr-defined]
        open_folder(path)
