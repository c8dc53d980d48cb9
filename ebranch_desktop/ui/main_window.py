"""The main window: organization tree on the left, meetings / members / reports on the right."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from .. import __version__
from ..store import schema
from ..store.workspace import Workspace
from . import prefs
from .i18n import LANGUAGES
from .meeting_editor import MeetingEditor
from .meetings_view import MeetingsView
from .members_view import MembersView
from .org_tree import OrgTreeView


class MainWindow(QMainWindow):
    """Holds the views and routes the tree selection to them; owns no data logic itself."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("e支部 · 组织生活记录"))
        self.resize(1360, 860)

        self.tree = OrgTreeView(workspace)
        self.meetings = MeetingsView(workspace)
        self.members = MembersView(workspace)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.meetings, self.tr("会议"))
        self.tabs.addTab(self.members, self.tr("党员名册"))
        self.reports = self._reports_view()
        if self.reports is not None:
            self.tabs.addTab(self.reports, self.tr("报表"))
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 1060])
        self.setCentralWidget(splitter)
        self.scope_label = QLabel()
        self.statusBar().addWidget(self.scope_label, 1)

        self.tree.scope_changed.connect(self._scope_changed)
        self.meetings.open_meeting.connect(self.open_meeting)
        self.meetings.new_meeting.connect(self.new_meeting)
        self._build_menus()
        geometry = prefs.WINDOW_GEOMETRY.get()
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        self.tree.reload()
        if not self.tree.nodes:
            self.scope_label.setText(self.tr("工作区还没有数据：请登录下载本支部数据，或以 --demo 打开演示工作区"))

    def _reports_view(self) -> QWidget | None:
        try:
            from .reports import ReportsView
        except ImportError:
            return None
        return ReportsView(self.workspace, self)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        new_meeting = QAction(self.tr("新建会议"), self, shortcut=QKeySequence.StandardKey.New)
        new_meeting.triggered.connect(self.new_meeting)
        import_roster = QAction(self.tr("导入党员名册…"), self)
        import_roster.triggered.connect(lambda: self.members.import_roster())
        quit_action = QAction(self.tr("退出"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (new_meeting, import_roster):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        settings = self.menuBar().addMenu(self.tr("设置(&S)"))
        lang_menu = settings.addMenu(self.tr("界面语言"))
        for key, name in LANGUAGES.items():
            action = lang_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(prefs.LANGUAGE.get() == key)
            action.triggered.connect(lambda _c=False, k=key: self._set_language(k))
        font_menu = settings.addMenu(self.tr("字体大小"))
        for size, name in ((12, self.tr("标准")), (13, self.tr("大")), (15, self.tr("特大"))):
            action = font_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(prefs.FONT_POINT_SIZE.get() == size)
            action.triggered.connect(lambda _c=False, s=size: self._set_font_size(s))

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = help_menu.addAction(self.tr("关于 e支部"))
        about.triggered.connect(self.show_about)

    # --- routing -------------------------------------------------------------------------
    def _scope_changed(self, branch_ids: list[str], _org_id: str) -> None:
        node = self.tree.current_node()
        self.meetings.set_branches(branch_ids)
        self.members.set_branches(branch_ids)
        if self.reports is not None and hasattr(self.reports, "set_scope"):
            self.reports.set_scope(branch_ids, _org_id)
        if node is not None:
            self.scope_label.setText(
                self.tr("当前：%1（%2 个党支部）").replace("%1", node.name).replace("%2", str(len(branch_ids)))
            )

    def new_meeting(self) -> MeetingEditor | None:
        node = self.tree.current_node()
        branch_ids = node.branch_ids() if node else []
        if not branch_ids:
            QMessageBox.information(self, self.tr("新建会议"), self.tr("请先在左侧选择党支部"))
            return None
        editor = MeetingEditor(self.workspace, branch_ids=branch_ids, parent=self)
        editor.saved.connect(lambda _id: self.meetings.refresh())
        editor.open()
        return editor

    def open_meeting(self, meeting_id: str) -> MeetingEditor:
        editor = MeetingEditor(self.workspace, meeting_id=meeting_id, parent=self)
        editor.saved.connect(lambda _id: self.meetings.refresh())
        editor.open()
        return editor

    # --- settings ------------------------------------------------------------------------
    def _set_language(self, key: str) -> None:
        prefs.LANGUAGE.set(key)
        QMessageBox.information(
            self, "e支部", self.tr("界面语言将在下次启动时生效。\nThe language changes at the next start.")
        )

    def _set_font_size(self, size: int) -> None:
        from PySide6.QtWidgets import QApplication

        from . import style

        prefs.FONT_POINT_SIZE.set(size)
        style.apply(QApplication.instance(), size)

    def show_about(self) -> None:
        QMessageBox.about(
            self, self.tr("关于 e支部"),
            self.tr("e支部 桌面版 %1\n数据库版本 %2\n同步协议版本 %3\n工作区：%4")
            .replace("%1", __version__).replace("%2", schema.HEAD_REVISION)
            .replace("%3", str(_protocol_version())).replace("%4", str(self.workspace.data_dir)),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        prefs.WINDOW_GEOMETRY.set(bytes(self.saveGeometry().data()))
        super().closeEvent(event)


def _protocol_version() -> int:
    from ..sync.wire import PROTOCOL_VERSION

    return PROTOCOL_VERSION


