"""Keeps the workspace in sync in the background: probes while offline, syncs soon after local
edits and periodically while online, and re-emits what happens as Qt signals for the window.

The network work runs on a one-thread pool, so two syncs never overlap and the GUI thread
never waits on the network.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from ..services import sync_log
from ..store.workspace import Workspace
from ..sync import local_state
from ..sync import status as sync_status
from ..sync.account import Accounts, Session
from ..sync.clock import clock_skew_warning
from ..sync.errors import AuthRequired, SyncError, Unreachable
from .i18n import current_language
from .tasks import Task, run_task

if TYPE_CHECKING:
    from ..sync.engine import SyncReport

log = logging.getLogger(__name__)

PROBE_DELAYS_S = (5, 10, 20, 40, 80, 160, 300)  # backoff while the server does not answer
PERIODIC_SYNC_S = 300
PERIODIC_SPREAD = 0.2  # each wait is 300 s ± 20 %: PCs switched on at 9:00 drift apart, not sync in step
HEARTBEAT_S = 60  # while online: a light probe, so "在线" turns "离线" without waiting for an edit
AFTER_EDIT_S = 5  # an edit is pushed this soon after it was saved, if online


@dataclass(frozen=True)
class StatusView:
    """Everything the status bar shows."""

    bound: bool
    online: bool | None  # None: not known yet
    syncing: bool
    pending: int
    conflicts: int
    rejected: int
    last_sync: str
    error: str
    warning: str
    user: str
    locked: bool = False
    history_arriving: bool = False  # a first download's older meetings are still coming
    overruled: int = 0  # 同步记录 entries not seen yet: this PC's edits changed elsewhere


class SyncController(QObject):
    """One per window. `session` is who is signed in (None: local use only, nothing syncs)."""

    status_changed = Signal(object)  # StatusView
    progress = Signal(int, int)
    synced = Signal(object)  # SyncReport
    needs_sign_in = Signal(str)  # why
    update_required = Signal(object)  # the 426 (sync.errors.UpdateRequired, with the server's offer)
    _edit_signal = Signal()  # internal: a local edit was committed on some thread

    def __init__(self, workspace: Workspace, accounts: Accounts, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.accounts = accounts
        self.session: Session | None = None
        self.online: bool | None = None
        self.task: Task | None = None
        self.probe_delays_s: tuple[float, ...] = PROBE_DELAYS_S
        self._probe_attempt = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._probe_timer = QTimer(self, singleShot=True)
        self._probe_timer.timeout.connect(self.probe)
        self._periodic = QTimer(self, interval=self.periodic_ms())
        self._periodic.timeout.connect(self._periodic_due)
        self.heartbeat_s: float = HEARTBEAT_S
        self._heartbeat = QTimer(self, singleShot=True)
        self._heartbeat.timeout.connect(self._beat)
        self._after_edit = QTimer(self, singleShot=True, interval=AFTER_EDIT_S * 1000)
        self._after_edit.timeout.connect(self.sync_now)
        self._edited_flag = False
        # Edits are saved on whatever thread saved them; hop to the GUI thread via a signal.
        workspace.on_change(self._change_from_any_thread)
        self._edit_signal.connect(self._local_edit)

    # --- session -------------------------------------------------------------------------
    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.online = None
        self._probe_attempt = 0
        if session is None:
            self._probe_timer.stop()
            self._periodic.stop()
            self._heartbeat.stop()
        else:
            self._periodic.start()
            self.probe()
        self.refresh_status()

    # --- triggers ------------------------------------------------------------------------
    @staticmethod
    def periodic_ms(rng: random.Random | None = None) -> int:
        """The wait before the next periodic sync, spread around PERIODIC_SYNC_S."""
        factor = 1 + (rng or random).uniform(-PERIODIC_SPREAD, PERIODIC_SPREAD)
        return int(PERIODIC_SYNC_S * factor * 1000)

    def _periodic_due(self) -> None:
        self._periodic.setInterval(self.periodic_ms())
        self.sync_now()

    def _change_from_any_thread(self, changes: object) -> None:
        if getattr(changes, "local_edit", False):  # something new to push
            self._edit_signal.emit()

    def _local_edit(self) -> None:
        self.refresh_status()
        if self.running:
            self._edited_flag = True  # push it right after the current run
        elif self.session is not None and self.online:
            self._after_edit.start()

    def probe(self, *, then_sync: bool = True) -> None:
        """A light health check; when it answers, sync at once (unless only checking)."""
        if self.session is None or self.running:
            return
        url, ca = self.session.server_url, self.accounts.ca_bundle()

        def work(_progress: object) -> bool:
            from ..sync.http import ServerClient

            client = ServerClient(url, ca_bundle=ca)
            try:
                client.health(timeout=3.0)
                return True
            finally:
                client.close()

        run_task(self, work, on_done=lambda _ok: self._probe_answered(then_sync),
                 on_error=self._probe_failed, pool=self._pool)

    def _probe_answered(self, then_sync: bool = True) -> None:
        self._probe_attempt = 0
        self._set_online(True)
        if then_sync:
            self.sync_now()
        else:
            self._heartbeat.start(int(self.heartbeat_s * 1000))

    def _beat(self) -> None:
        """Online and idle: is the server still there?"""
        if self.session is not None and self.online and not self.running:
            self.probe(then_sync=False)

    def _probe_failed(self, exc: Exception) -> None:
        self._set_online(False)
        if isinstance(exc, SyncError) and not isinstance(exc, Unreachable):
            self._record_error(exc)
        self._schedule_probe()

    def _schedule_probe(self) -> None:
        delay = self.probe_delays_s[min(self._probe_attempt, len(self.probe_delays_s) - 1)]
        self._probe_attempt += 1
        self._probe_timer.start(int(delay * 1000))

    def _set_online(self, online: bool) -> None:
        if self.online != online:
            self.online = online
            self.refresh_status()

    # --- syncing -------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def sync_now(self) -> None:
        if self.running:
            return
        if self.session is None:
            self.needs_sign_in.emit("")
            return
        if not self.session.token:
            self.needs_sign_in.emit("token")
            return
        session, ca, ws = self.session, self.accounts.ca_bundle(), self.ws

        def work(progress):  # noqa: ANN001, ANN202 - runs on the sync thread
            from ..sync.engine import SyncEngine
            from ..sync.http import ServerClient

            client = ServerClient(session.server_url, token=session.token, ca_bundle=ca)
            try:
                return SyncEngine(ws, client).run(progress)
            finally:
                client.close()

        self.task = run_task(self, work, on_done=self._done, on_error=self._failed,
                             on_progress=lambda d, t, m: self.progress.emit(d, t) if m.startswith("pull") else None,
                             on_cancelled=self._cancelled, pool=self._pool)
        self.refresh_status()

    def fetch_blob(self, sha256: str) -> bytes:
        """A full photo from the server, on demand (runs on a worker thread; sync/blob_sync.py)."""
        from ..sync.blob_sync import BlobSync
        from ..sync.errors import AuthRequired
        from ..sync.http import ServerClient

        session = self.session
        if session is None or not session.token:
            raise AuthRequired("请先登录", "Please sign in first")
        client = ServerClient(session.server_url, token=session.token, ca_bundle=self.accounts.ca_bundle())
        try:
            return BlobSync(self.ws, client).fetch(sha256)
        finally:
            client.close()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, report: SyncReport) -> None:
        self._set_online(True)
        self._heartbeat.start(int(self.heartbeat_s * 1000))
        if self._edited_flag:
            self._edited_flag = False
            self._after_edit.start()
        self.synced.emit(report)  # what it wrote reached the views through the change event
        self.refresh_status()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, Unreachable):
            self._set_online(False)
            self._schedule_probe()
        elif isinstance(exc, AuthRequired):
            self.needs_sign_in.emit("token")
        elif getattr(exc, "kind", "") == "update":
            # What it means here (an update on its way, or where to get one) replaces the
            # server's words in the status bar (updates/service.py).
            from ..updates.service import explain_update_required

            explain_update_required(exc, self.ws.data_dir)
            self._record_error(exc)
            self.update_required.emit(exc)
        if not isinstance(exc, SyncError) and not self.ws.locked:
            log.error("sync failed: %r", exc)
            with self.ws.write() as s:
                local_state.record_error(s, "同步出错，已记录在日志中", "Sync failed; see the log", "bug")
        self.refresh_status()

    def _cancelled(self) -> None:
        self.refresh_status()

    def _record_error(self, exc: SyncError) -> None:
        if self.ws.locked:
            return
        with self.ws.write() as s:
            local_state.record_error(s, exc.message, exc.message_en, exc.kind)

    # --- status --------------------------------------------------------------------------
    def status(self) -> StatusView:
        if self.ws.locked:
            return StatusView(bound=False, online=None, syncing=False, pending=0, conflicts=0, rejected=0,
                              last_sync="", error="", warning="", user="", locked=True)
        with self.ws.read() as s:
            st = sync_status.status(s)
            overruled = sync_log.unseen_count(s)
        english = current_language() == "en"
        error = ""
        if st.last_error:
            error = st.last_error.get("message_en" if english else "message", "")
        warning = clock_skew_warning(st.clock_skew_seconds)
        return StatusView(
            bound=st.bound, online=self.online if self.session else None, syncing=self.running,
            pending=st.pending, conflicts=st.conflicts, rejected=st.rejected,
            last_sync=st.last_sync.strftime("%m-%d %H:%M") if st.last_sync else "",
            error=error, warning=(warning[1] if english else warning[0]) if warning else "",
            user=self.session.display_name if self.session else "",
            history_arriving=st.history_arriving, overruled=overruled,
        )

    def refresh_status(self) -> None:
        self.status_changed.emit(self.status())
