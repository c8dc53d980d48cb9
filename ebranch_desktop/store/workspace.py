"""A workspace: one local database file in a data folder, opened the one supported way."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from . import schema
from .engine import create_sqlite_engine, writer
from .models import Setting
from .tracking import WorkspaceSession

DB_FILENAME = "workspace.sqlite3"
log = logging.getLogger(__name__)


class Workspace:
    """Engine, sessions and settings of one local database.

    `read()` sessions never write; `write()` sessions commit on success and roll back on error,
    and stamp every synced row they change with `actor`.
    """

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.db_path = self.data_dir / DB_FILENAME
        self.engine = create_sqlite_engine(self.db_path)
        self._read = sessionmaker(self.engine, class_=WorkspaceSession, expire_on_commit=False)
        self._write = sessionmaker(
            writer(self.engine), class_=WorkspaceSession, expire_on_commit=False
        )
        self.actor = _default_actor()
        # Called (on the writing thread) after a commit that holds local edits of synced rows.
        self._edit_listeners: list[Callable[[], None]] = []

    def on_local_edit(self, listener: Callable[[], None]) -> None:
        self._edit_listeners.append(listener)

    @contextmanager
    def read(self) -> Iterator[WorkspaceSession]:
        session = self._read()
        try:
            yield session
        finally:
            # close() ends the transaction and detaches objects with their loaded values;
            # rollback() would expire them and make later attribute access fail.
            session.close()

    @contextmanager
    def write(self, actor: str | None = None, *, durable: bool = True) -> Iterator[WorkspaceSession]:
        """A write transaction. `durable=False` commits without waiting for the disk (WAL
        synchronous=NORMAL): still atomic, but power loss may undo it. Only for data that can be
        fetched again, i.e. what the sync engine writes; users' own edits are always durable."""
        conn = raw = None
        if not durable:
            # The safety level can only change outside a transaction: set it on the pooled
            # connection before the session begins on it, and put it back afterwards.
            conn = writer(self.engine).connect()
            raw = conn.connection.driver_connection
            raw.execute("PRAGMA synchronous=NORMAL")
            # Checkpoint later, in one go, instead of every few pages of a big pull.
            raw.execute("PRAGMA wal_autocheckpoint=0")
        session = self._write(bind=conn) if conn is not None else self._write()
        session.info["actor"] = actor or self.actor
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            if conn is not None:
                raw.execute("PRAGMA synchronous=FULL")  # back to the pool durable
                raw.execute("PRAGMA wal_autocheckpoint=1000")
                conn.close()
        if session.info.get("local_edits"):
            for listener in list(self._edit_listeners):
                try:
                    listener()
                except Exception:  # noqa: BLE001 - a listener must never undo a saved edit
                    log.exception("local-edit listener failed")

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as s:
            value = s.scalar(select(Setting.value).where(Setting.key == key))
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as s:
            s.merge(Setting(key=key, value=value))

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (after a big, non-durable pull)."""
        with self.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        self.engine.dispose()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some kiosk setups
        return "local"


def open_workspace(data_dir: Path | str, *, create: bool = True) -> Workspace:
    """Open (and if needed create and migrate) the workspace in `data_dir`."""
    data_dir = Path(data_dir)
    db_path = data_dir / DB_FILENAME
    if not db_path.exists():
        if not create:
            raise FileNotFoundError(
                f"在 {data_dir} 中没有找到工作区 / No workspace found in {data_dir}"
            )
        data_dir.mkdir(parents=True, exist_ok=True)
    ws = Workspace(data_dir)
    try:
        schema.upgrade(ws.engine, db_path)
    except BaseException:
        ws.close()
        raise
    return ws
