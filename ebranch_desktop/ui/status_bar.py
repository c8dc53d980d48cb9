"""The sync part of the status bar: online/offline, waiting changes, last sync, conflicts, the
last error in plain words, and a progress bar with cancel while a sync runs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from ..sync.meter import Meter
from . import labels
from .flow_layout import FlowBar
from .sync_controller import StatusView


class SyncStatusBar(FlowBar):
    """Shows a StatusView; its buttons ask the controller to sync, cancel or show conflicts."""

    sync_clicked = Signal()
    cancel_clicked = Signal()
    conflicts_clicked = Signal()
    sync_log_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.online_label = QLabel()
        self.pending_label = QLabel()
        self.last_label = QLabel()
        self.history_label = QLabel(self.tr("历史记录仍在下载"))
        self.history_label.setToolTip(self.tr("已可使用：组织、党员和今年、去年的会议已下载；更早的会议记录正在后台下载"))
        self.history_label.hide()
        self.meter: Meter | None = None
        self.conflicts_button = QPushButton()
        self.conflicts_button.setFlat(True)
        self.conflicts_button.clicked.connect(self.conflicts_clicked)
        # Points to 同步记录 while it has entries not seen yet (issue 11 §5).
        self.sync_log_button = QPushButton()
        self.sync_log_button.setFlat(True)
        self.sync_log_button.hide()
        self.sync_log_button.clicked.connect(self.sync_log_clicked)
        # A newer program: downloading in the background, or downloaded (ui/update_actions.py).
        self.update_label = QLabel()
        self.update_label.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("取消同步"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.clicked.connect(self.sync_clicked)
        # One line where it fits; at large sizes it wraps instead of cutting words.
        for w in (self.online_label, self.pending_label, self.last_label, self.history_label, self.conflicts_button,
                  self.sync_log_button, self.update_label):
            self.flow.addWidget(w)
        self.flow.addWidget(self.error_label, stretch=True)
        for w in (self.progress, self.cancel_button, self.sync_button):
            self.flow.addWidget(w)

    def show_status(self, st: StatusView) -> None:
        if st.locked:
            self.online_label.setText(self.tr("已锁定"))
        elif not st.bound:
            self.online_label.setText(self.tr("○ 仅本机使用（未登录省级平台）"))
        elif not st.user:
            self.online_label.setText(self.tr("○ 未登录，暂停同步"))
        elif st.online is None:
            self.online_label.setText(self.tr("… 正在连接"))
        elif st.online:
            self.online_label.setText(self.tr("● 在线"))
        else:
            self.online_label.setText(self.tr("○ 离线"))
        self.pending_label.setText(self.tr("待同步 %1 条").replace("%1", str(st.pending)))
        self.last_label.setText(
            self.tr("上次同步 %1").replace("%1", st.last_sync) if st.last_sync else self.tr("尚未同步"))
        self.history_label.setVisible(st.history_arriving)
        self.conflicts_button.setVisible(st.conflicts > 0 or st.rejected > 0)
        parts = []
        if st.conflicts:
            parts.append(self.tr("⚠ %1 个冲突待处理").replace("%1", str(st.conflicts)))
        if st.rejected:
            parts.append(self.tr("✘ %1 条被服务器拒绝").replace("%1", str(st.rejected)))
        self.conflicts_button.setText(labels.gap().join(parts))
        self.sync_log_button.setVisible(st.overruled > 0)
        self.sync_log_button.setText(
            self.tr("ⓘ 本机的 %1 处修改已在其他电脑上被改掉，查看同步记录").replace("%1", str(st.overruled)))
        self.error_label.setText(st.error or st.warning)
        self.error_label.setToolTip(st.error or st.warning)
        self.sync_button.setEnabled(st.bound and not st.syncing)
        self.cancel_button.setVisible(st.syncing)
        self.progress.setVisible(st.syncing)
        if st.syncing:
            self.progress.setRange(0, 0)  # busy until the first page says how much
            self.progress.setFormat("%p%")
            self.meter = Meter()
        else:
            self.meter = None

    def show_update(self, text: str) -> None:
        self.update_label.setText(text)
        self.update_label.setVisible(bool(text))

    def show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            reading = self.meter.read(done, total, 0) if self.meter is not None else None
            if reading is not None and reading.seconds_left is not None:
                minutes = max(1, round(reading.seconds_left / 60))
                self.progress.setFormat(self.tr("%p% · 约剩 %1 分钟").replace("%1", str(minutes)))
            else:
                self.progress.setFormat("%p%")
