"""The main window: organization tree on the left, meetings / members / reports on the right,
sync status at the bottom. It routes signals between parts and owns no data logic itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from .. import __version__
from ..store import schema
from ..store.workspace import Workspace
from ..sync.account import Accounts
from . import prefs
from .account_actions import AccountActions
from .change_events import ChangeEvents
from .conflict_dialog import ConflictDialog
from .duplicates_dialog import DuplicatesDialog
from .flow_layout import FlowBar
from .idle_lock import IdleWatcher
from .lock_page import LockPage
from .meeting_editor import MeetingEditor
from .meetings_view import MeetingsView
from .members_view import MembersView
from .org_tree import OrgTreeView
from .review_view import ReviewView
from .settings_menu import SettingsMenu
from .sizing import fit_main_window
from .status_bar import SyncStatusBar
from .style import MessageLabel
from .sync_controller import SyncController
from .undo import UndoNotice, UndoStack

if TYPE_CHECKING:
    from ..demo_server import DemoServer


class MainWindow(QMainWindow):
    """`start()` after `show()` signs in (or starts the demo server) and begins syncing.

    The workspace may be locked (encrypted, nobody signed in): the window then shows the lock
    page and no data until `unlocked()`; `lock_now()` goes back there.
    """

    def __init__(self, workspace: Workspace, *, accounts: Accounts | None = None,
                 demo_server: DemoServer | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("e支部 · 组织生活记录"))
        self.accounts = accounts or Accounts(workspace)
        self.sync = SyncController(workspace, self.accounts, self)

        self.events = ChangeEvents(workspace, self)
        self.undo = UndoStack(workspace, self)
        self.tree = OrgTreeView(workspace)
        self.meetings = MeetingsView(workspace)
        self.members = MembersView(workspace)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.meetings, self.tr("会议"))
        self.tabs.addTab(self.members, self.tr("党员名册"))
        # The reports tab (QtCharts and all) is built the first time someone opens it.
        self._reports: QWidget | None = None
        self._scope: tuple[list[str], str | None] = ([], None)
        self._tree_fitted = False
        self._reports_tab = self.tabs.addTab(QWidget(), self.tr("报表"))
        self.tabs.currentChanged.connect(lambda i: self.reports if i == self._reports_tab else None)
        # 审核: the township's backlog / the branch's returned records (ui/review_view.py).
        self.review = ReviewView(workspace)
        self._review_tab = self.tabs.addTab(self.review, self.tr("审核"))
        self.splitter = splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 1040])
        self.content = splitter
        self.lock_page = LockPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.lock_page)
        self.setCentralWidget(self.stack)
        # Dialogs hidden by a lock, per user: shown again when that user unlocks.
        self._hidden_dialogs: dict[str, list[QWidget]] = {}
        self.scope_label = MessageLabel()  # only says something while the workspace is empty
        self.sync_bar = SyncStatusBar()
        bottom = FlowBar()  # wraps onto a second line at large sizes instead of cutting words
        self.undo_notice = UndoNotice(self.undo)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo.undo)
        bottom.flow.addWidget(self.undo_notice)
        bottom.flow.addWidget(self.scope_label)
        bottom.flow.addWidget(self.sync_bar, stretch=True)
        self.statusBar().addPermanentWidget(bottom, 1)

        self.account_actions = AccountActions(self, self.accounts, self.sync)
        self.demo = None
        if demo_server is not None:
            from .demo_actions import DemoActions

            self.demo = DemoActions(self, demo_server, self.accounts, self.sync)

        self.tree.scope_changed.connect(self._scope_changed)
        self.meetings.open_meeting.connect(self.open_meeting)
        self.review.open_meeting.connect(self.open_meeting)
        self.meetings.new_meeting.connect(self.new_meeting)
        self.sync.status_changed.connect(self.sync_bar.show_status)
        # One change event behind every screen: each view decides what, if anything, to redraw.
        self.meetings.undo = self.undo
        for view in (self.tree, self.meetings, self.members, self.review):
            self.events.changed.connect(view.on_changes)
        self.events.changed.connect(self._changed)
        self.sync.progress.connect(self.sync_bar.show_progress)
        self.sync.needs_sign_in.connect(self._needs_sign_in)
        self.sync_bar.sync_clicked.connect(self.sync.sync_now)
        self.sync_bar.cancel_clicked.connect(self.sync.cancel)
        self.sync_bar.conflicts_clicked.connect(self.show_conflicts)
        self.sync_bar.sync_log_clicked.connect(self.show_sync_log)
        self.account_actions.signed_in.connect(lambda _s: self._update_title())
        self.account_actions.signed_out.connect(self._update_title)
        self.lock_page.sign_in_clicked.connect(lambda: self.account_actions.prompt(
            username=self.accounts.last_user() or ""))
        self.lock_page.recover_clicked.connect(self._recover)
        self.idle = IdleWatcher(QApplication.instance(), prefs.IDLE_LOCK_MINUTES.get(), self)
        self.idle.idle.connect(self.account_actions.lock)
        self._build_menus()
        geometry = prefs.WINDOW_GEOMETRY.get()
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        fit_main_window(self, QSize(1360, 860))
        if workspace.locked:
            self.show_lock_page("locked")
        self.tree.reload()
        self._fit_tree()
        self._show_empty_hint()
        self.sync.refresh_status()

    def start(self) -> None:
        if self.demo is not None:
            self.demo.start()
        else:
            self.account_actions.start()

    @property
    def reports(self) -> QWidget:
        """The reports view, made (and put in its tab) on first use."""
        if self._reports is None:
            from .reports import ReportsView

            self._reports = ReportsView(self.workspace, self)
            current = self.tabs.currentIndex()
            self.tabs.removeTab(self._reports_tab)
            self.tabs.insertTab(self._reports_tab, self._reports, self.tr("报表"))
            self.tabs.setCurrentIndex(current)
            self._reports.set_scope(*self._scope)
        return self._reports

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        new_meeting = QAction(self.tr("新建会议"), self, shortcut=QKeySequence.StandardKey.New)
        new_meeting.triggered.connect(self.new_meeting)
        import_roster = QAction(self.tr("导入党员名册…"), self)
        import_roster.triggered.connect(lambda: self.members.import_roster())
        audit_log = QAction(self.tr("个人信息使用记录…"), self)
        audit_log.triggered.connect(self.show_audit)
        quit_action = QAction(self.tr("退出"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (new_meeting, import_roster, audit_log):
            file_menu.addAction(action)
        file_menu.addSeparator()
        from .package_actions import PackageActions  # 数据包: a branch with no link, by USB stick

        self.packages = PackageActions(self, self.workspace, self.sync)
        package_actions = self.packages.add_to(file_menu)
        from .update_actions import UpdateActions  # 从U盘更新; updates the server offers

        self.updates = UpdateActions(self, self.workspace.data_dir, self.sync, self.sync_bar.show_update)
        self.updates.add_to(file_menu)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        sync_menu = self.menuBar().addMenu(self.tr("同步(&Y)"))
        sync_now = QAction(self.tr("立即同步"), self, shortcut=QKeySequence("F5"))
        sync_now.triggered.connect(self.sync.sync_now)
        conflicts = QAction(self.tr("处理同步冲突…"), self)
        conflicts.triggered.connect(self.show_conflicts)
        sync_log_action = QAction(self.tr("同步记录…"), self)
        sync_log_action.triggered.connect(self.show_sync_log)
        duplicates = QAction(self.tr("可能重复的会议…"), self)
        duplicates.triggered.connect(self.show_duplicates)
        sign_in = QAction(self.tr("登录省级平台…"), self)
        sign_in.triggered.connect(lambda: self.account_actions.prompt())
        switch = QAction(self.tr("切换用户…"), self)
        switch.triggered.connect(self.account_actions.switch_user)
        lock = QAction(self.tr("锁定"), self, shortcut=QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.account_actions.lock)
        self.lock_action = lock
        sign_out = QAction(self.tr("退出登录"), self)
        sign_out.triggered.connect(lambda: self.account_actions.sign_out())
        for action in (sync_now, conflicts, sync_log_action, duplicates):
            sync_menu.addAction(action)
        sync_menu.addSeparator()
        for action in (sign_in, switch, lock, sign_out):
            sync_menu.addAction(action)
        if self.demo is not None:
            self.demo.add_menu(self.menuBar().addMenu(self.tr("演示(&D)")))

        self.settings = SettingsMenu(self, self.menuBar().addMenu(self.tr("设置(&S)")))
        self.settings.add_idle_lock(self.idle)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        guide = help_menu.addAction(self.tr("使用说明"))
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(self.show_help)
        about = help_menu.addAction(self.tr("关于 e支部"))
        about.triggered.connect(self.show_about)

        # Everything that shows or changes data is off while the workspace is locked.
        self._data_actions = [new_meeting, import_roster, audit_log, sync_now, conflicts, duplicates, lock, switch,
                              sign_out, *package_actions]

    # --- lock and unlock ---------------------------------------------------------------------
    def show_lock_page(self, mode: str, *, user: str = "") -> None:
        self.lock_page.set_mode(mode, user=user, can_recover=self.workspace.vault() is not None)
        self.stack.setCurrentWidget(self.lock_page)
        for action in getattr(self, "_data_actions", []):
            action.setEnabled(False)
        self.idle.pause()

    def lock_now(self, mode: str = "locked", *, user: str = "") -> None:
        """Hide every window's contents, empty the views, then close the database and drop its key.

        Open dialogs are hidden, not closed (unsaved text in an editor is kept) and come back when
        the same person unlocks; another person never sees them.
        """
        self.sync.cancel()  # a running sync stops at its next page; locking it out is safe
        self.sync.set_session(None)
        owner = user or (self.sync.session.username if self.sync.session else "")
        hidden = self._hidden_dialogs.setdefault(owner, [])
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and isinstance(widget, QDialog):
                widget.hide()
                hidden.append(widget)
        self.show_lock_page(mode, user=user)
        self.undo.clear()  # one person's actions are not another's to take back
        self._drop_reports()
        self.accounts.lock()
        self.reload_data()
        self.sync.refresh_status()

    def unlocked(self, session: object) -> None:
        """Someone signed in: the data comes back (with the dialogs that person left open)."""
        username = getattr(session, "username", "")
        self.stack.setCurrentWidget(self.content)
        for action in self._data_actions:
            action.setEnabled(True)
        self.packages.update_state()  # the township's package entries need an online township account
        self.idle.restart()
        self.reload_data()
        for owner, dialogs in list(self._hidden_dialogs.items()):
            if owner == username:
                for dialog in dialogs:
                    dialog.show()
                del self._hidden_dialogs[owner]
            else:  # someone else's unsaved work is not shown to this person
                for dialog in dialogs:
                    dialog.setParent(None)
                    dialog.deleteLater()
                del self._hidden_dialogs[owner]
        self.sync.refresh_status()

    def _drop_reports(self) -> None:
        """The reports tab holds computed figures: rebuilt from the database after unlocking."""
        if self._reports is None:
            return
        current = self.tabs.currentIndex()
        self.tabs.removeTab(self._reports_tab)
        self._reports.deleteLater()
        self._reports = None
        self.tabs.insertTab(self._reports_tab, QWidget(), self.tr("报表"))
        self.tabs.setCurrentIndex(current)

    def _recover(self) -> None:
        from .recovery_dialogs import ForgotPasswordDialog

        dialog = ForgotPasswordDialog(self.accounts, self)
        dialog.accepted.connect(lambda: self.account_actions.accept_session(dialog.session))
        dialog.open()

    # --- routing -------------------------------------------------------------------------
    def _scope_changed(self, branch_ids: list[str], org_id: str) -> None:
        node = self.tree.current_node()
        self.meetings.set_branches(branch_ids)
        self.members.set_branches(branch_ids)
        self._scope = (branch_ids, org_id)
        if self._reports is not None:
            self._reports.set_scope(branch_ids, org_id)
        # The tree shows what is selected; the status line keeps its room for the sync state.
        self.scope_label.setText("")
        self.tree.setToolTip(self.tr("当前：%1（%2 个党支部）").replace("%1", node.name).replace(
            "%2", str(len(branch_ids))) if node is not None else "")

    def _fit_tree(self) -> None:
        """The tree as wide as its names (at most a third of the window): the lists get the rest."""
        if self.tree.nodes and not self._tree_fitted:
            self._tree_fitted = True
            total = sum(self.splitter.sizes()) or self.width()
            tree = min(max(self.tree.preferred_width(), 160), total // 3)
            self.splitter.setSizes([tree, total - tree])

    def _changed(self, changes) -> None:  # noqa: ANN001 - store.changes.Changes
        """The reports (if built) and the status bar's counts follow every change."""
        if self._reports is not None:
            self._reports.on_changes(changes)
        if changes.origin == "lock":
            return
        if changes.local_edit or changes.origin in ("sync", "undo", "conflict", "import"):
            self.sync.refresh_status()
        if changes.touches("organizations"):
            self._show_empty_hint()

    def reload_data(self) -> None:
        """After a sync wrote records: redraw the tree and the lists, keeping the selection."""
        self.tree.reload()
        if self.workspace.locked:
            self.meetings.set_branches([])
            self.members.set_branches([])
            self.scope_label.setText("")
        else:
            self._fit_tree()
            self.meetings.refresh_when_shown()
            self.members.refresh_when_shown()
        self._show_empty_hint()

    def _show_empty_hint(self) -> None:
        if not self.tree.nodes and not self.workspace.locked:
            self.scope_label.setText(self.tr("工作区还没有数据：请登录省级平台下载本支部数据（同步 → 登录）"))

    def _update_title(self) -> None:
        session = self.sync.session
        base = self.tr("e支部 · 组织生活记录")
        self.setWindowTitle(f"{base} — {session.display_name}" if session else base)

    def _needs_sign_in(self, why: str) -> None:
        if self.account_actions.dialog is not None and self.account_actions.dialog.isVisible():
            return
        reason = self.tr("登录已过期或凭据未保存，请重新登录以继续同步。") if why == "token" else ""
        user = self.sync.session.username if self.sync.session else ""
        self.account_actions.prompt(reason, username=user)

    def new_meeting(self) -> MeetingEditor | None:
        node = self.tree.current_node()
        branch_ids = node.branch_ids() if node else []
        if not branch_ids:
            QMessageBox.information(self, self.tr("新建会议"), self.tr("请先在左侧选择党支部"))
            return None
        editor = MeetingEditor(self.workspace, branch_ids=branch_ids, undo=self.undo, events=self.events,
                               parent=self)
        editor.open()
        return editor

    def open_meeting(self, meeting_id: str) -> MeetingEditor:
        editor = MeetingEditor(self.workspace, meeting_id=meeting_id, undo=self.undo, events=self.events,
                               parent=self)
        editor.photo_fetcher = self.sync.fetch_blob  # full photos on demand, once that page is shown
        editor.open()
        return editor

    def show_conflicts(self) -> ConflictDialog:
        dialog = ConflictDialog(self.workspace, self)
        dialog.finished.connect(lambda _r: self.sync.sync_now())
        dialog.open()
        return dialog

    def show_sync_log(self) -> QDialog:
        from .sync_log_dialog import SyncLogDialog

        dialog = SyncLogDialog(self.workspace, self)
        dialog.marked_seen.connect(self.sync.refresh_status)  # the status bar stops pointing to it
        dialog.open()
        return dialog

    def show_audit(self) -> QDialog:
        from .audit_dialog import AuditDialog

        node = self.tree.current_node()
        dialog = AuditDialog(self.workspace, node.branch_ids() if node else None, self)
        dialog.open()
        return dialog

    def show_duplicates(self) -> DuplicatesDialog:
        node = self.tree.current_node()
        dialog = DuplicatesDialog(self.workspace, node.branch_ids() if node else None, self)
        dialog.open()
        return dialog

    def show_help(self) -> QDialog:
        from .help_dialog import HelpDialog

        dialog = HelpDialog(self)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        from ..sync.wire import PROTOCOL_VERSION

        QMessageBox.about(
            self, self.tr("关于 e支部"),
            self.tr("e支部 桌面版 %1\n数据库版本 %2\n同步协议版本 %3\n工作区：%4")
            .replace("%1", __version__).replace("%2", schema.HEAD_REVISION)
            .replace("%3", str(PROTOCOL_VERSION)).replace("%4", str(self.workspace.data_dir)),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        prefs.WINDOW_GEOMETRY.set(bytes(self.saveGeometry().data()))
        self.sync.cancel()  # a running sync stops after the page it is writing (atomic)
        self.sync.set_session(None)  # no more timers
        if self.demo is not None:
            self.demo.shutdown()
        super().closeEvent(event)
