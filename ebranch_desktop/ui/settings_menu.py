"""设置 menu: interface language (offers to restart at once), the three font sizes, and how soon an
idle window locks itself."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, QProcess
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox

from . import prefs, style
from .i18n import LANGUAGES, current_language
from .idle_lock import CHOICES_MINUTES, IdleWatcher


def restart_command(argv: list[str], executable: str | None = None,
                    frozen: bool | None = None) -> tuple[str, list[str]]:
    """Program and arguments that start this program again as it was started, minus `--lang`
    (the saved choice must win after a language switch)."""
    executable = executable or sys.executable
    frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    args: list[str] = []
    rest = list(argv[1:])
    while rest:
        arg = rest.pop(0)
        if arg == "--lang":
            if rest:
                rest.pop(0)
            continue
        if not arg.startswith("--lang="):
            args.append(arg)
    if frozen:
        return executable, args
    # From source argv[0] may be a console-script wrapper, a module path or "-c": start the
    # entry point itself so every way of starting works the same.
    return executable, ["-c", "import sys; from ebranch_desktop.ui.app import main; sys.exit(main())", *args]


class SettingsMenu(QObject):
    """Fills the 设置 menu; exactly one language and one font size are ticked at any time."""

    def __init__(self, window: QMainWindow, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.menu = menu
        self.restart_requested = False
        self.restart_slot = None  # what starts the program again when this one quits
        lang_menu = menu.addMenu(self.tr("界面语言"))
        self.languages = QActionGroup(self)
        self.languages.setExclusive(True)
        chosen_lang = current_language()  # the language in use (a --lang argument wins)
        self.language_actions: dict[str, QAction] = {}
        for key, name in LANGUAGES.items():  # each language named in itself: findable from both
            action = lang_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(key == chosen_lang)
            action.triggered.connect(lambda _c=False, k=key: self.set_language(k))
            self.languages.addAction(action)
            self.language_actions[key] = action
        font_menu = menu.addMenu(self.tr("字体大小"))
        self.fonts = QActionGroup(self)
        self.fonts.setExclusive(True)
        chosen_size = style.font_size(prefs.FONT_POINT_SIZE.get())
        self.font_actions: dict[int, QAction] = {}
        names = (self.tr("标准"), self.tr("大"), self.tr("特大"))
        for size, name in zip(style.FONT_SIZES, names, strict=True):
            action = font_menu.addAction(self.tr("%1（%2 磅）").replace("%1", name).replace("%2", str(size)))
            action.setCheckable(True)
            action.setChecked(size == chosen_size)
            action.triggered.connect(lambda _c=False, s=size: self.set_font_size(s))
            self.fonts.addAction(action)
            self.font_actions[size] = action

    def add_idle_lock(self, watcher: IdleWatcher) -> None:
        """无操作自动锁定: 5/10/15/30 minutes or never; applies at once."""
        self.idle_watcher = watcher
        menu = self.menu.addMenu(self.tr("无操作自动锁定"))
        self.idle_group = QActionGroup(self)
        self.idle_group.setExclusive(True)
        chosen = prefs.IDLE_LOCK_MINUTES.get()
        self.idle_actions: dict[int, QAction] = {}
        for minutes in CHOICES_MINUTES:
            name = self.tr("%1 分钟后").replace("%1", str(minutes)) if minutes else self.tr("从不")
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(minutes == chosen)
            action.triggered.connect(lambda _c=False, m=minutes: self.set_idle_minutes(m))
            self.idle_group.addAction(action)
            self.idle_actions[minutes] = action

    def set_idle_minutes(self, minutes: int) -> None:
        prefs.IDLE_LOCK_MINUTES.set(minutes)
        self.idle_actions[minutes].setChecked(True)
        self.idle_watcher.set_minutes(minutes)  # while locked it only takes note

    def set_font_size(self, size: int) -> None:
        """Applies at once: every window redraws and re-fits its columns (FontChange)."""
        size = style.apply(QApplication.instance(), size)
        prefs.FONT_POINT_SIZE.set(size)
        self.font_actions[size].setChecked(True)

    def set_language(self, key: str) -> None:
        """Save the choice and offer to restart now: every text is built in the new language."""
        self.language_actions[key].setChecked(True)
        if key == prefs.LANGUAGE.get() and key == current_language():
            return
        prefs.LANGUAGE.set(key)
        if key == current_language():
            return  # back to the language in use: nothing to restart for
        box = self.restart_box(key)
        box.exec()
        if box.clickedButton() is box.restart_button:
            self.restart()

    def restart_box(self, key: str) -> QMessageBox:
        """'Restart now?' in the language in use, naming the new one in its own words."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("界面语言"),
                          self.tr("界面语言将改为 %1，需要重新启动程序。现在重新启动吗？\n"
                                  "未同步的修改不受影响；正在编辑的会议请先保存。").replace("%1", LANGUAGES[key]),
                          QMessageBox.StandardButton.NoButton, self.window)
        restart = box.addButton(self.tr("现在重新启动"), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(self.tr("下次启动时再改"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(later)
        box.restart_button = restart  # type: ignore[attr-defined]
        return box

    def restart(self) -> bool:
        """Close the window (which saves geometry and stops syncing safely), then start again."""
        if not self.window.close():
            return False
        self.restart_requested = True
        program, args = restart_command(sys.argv)
        self.restart_slot = lambda: QProcess.startDetached(program, args)
        QCoreApplication.instance().aboutToQuit.connect(self.restart_slot)
        return True
