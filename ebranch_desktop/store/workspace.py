"""A workspace: one local database file in a data folder, opened the one supported way.

A workspace is locked until someone signs in: its database is encrypted (SQLCipher) and the key
lives only in memory between sign-in and lock/sign-out/quit (store/vault.py holds it wrapped).
"""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from . import blobs, changes, encryption, schema, undo
from .blobs import BlobStore
from .changes import Changes
from .engine import create_sqlite_engine, writer
from .models import Setting
from .tracking import WorkspaceSession
from .vault import Vault

DB_FILENAME = "workspace.sqlite3"
log = logging.getLogger(__name__)


class WorkspaceLocked(RuntimeError):
    """The workspace is locked: sign in first. Raised by read()/write() while locked."""

    def __init__(self) -> None:
        super().__init__("工作区已锁定，请先登录 / The workspace is locked; sign in first")
        self.message = "工作区已锁定，请先登录"
        self.message_en = "The workspace is locked; sign in first"


class Workspace:
    """Engine, sessions and settings of one local database.

    `read()` sessions never write; `write()` sessions commit on success and roll back on error,
    and stamp every synced row they change with `actor`. Until `open()` (and after `lock()`) the
    workspace is locked: its folder is known, its data is not readable.
    """

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.db_path = self.data_dir / DB_FILENAME
        self.engine: Engine | None = None
        self.encrypted = False
        self._blobs: BlobStore | None = None
        self.actor = _default_actor()
        # Called (on the writing thread) with what each committed write changed.
        self._change_listeners: list[Callable[[Changes], None]] = []

    # --- lock state ----------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.engine is None

    @property
    def exists(self) -> bool:
        return self.db_path.exists()

    def vault(self) -> Vault | None:
        """The key file, read afresh (another program may have added a user meanwhile)."""
        return Vault.load(self.data_dir)

    def open(self, key: bytes | None, *, create: bool = True) -> None:
        """Open the database with `key` (None: a plain file) and bring its schema up to date."""
        if not self.locked:
            return
        if not self.db_path.exists():
            if not create:
                raise FileNotFoundError(
                    f"在 {self.data_dir} 中没有找到工作区 / No workspace found in {self.data_dir}"
                )
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            if key is not None and os.name == "posix":  # other accounts on the PC: no access
                self.db_path.touch(mode=0o600)
        if key is not None:  # a conversion killed after its rename may have left plain copies
            encryption.secure_leftovers(self.db_path, key)
        engine = create_sqlite_engine(self.db_path, key=key, cipher=True)
        try:
            schema.upgrade(engine, self.db_path, key=key)
        except BaseException:
            engine.dispose()
            raise
        self.engine = engine
        self.encrypted = key is not None
        self._blobs = BlobStore(self.data_dir / blobs.FOLDER, blobs.blob_key(key) if key is not None else None)
        self._read = sessionmaker(engine, class_=WorkspaceSession, expire_on_commit=False)
        self._write = sessionmaker(writer(engine), class_=WorkspaceSession, expire_on_commit=False)
        self._tell(Changes.everything(changes.LOCK))

    def lock(self) -> None:
        """Close the database and forget the key. Work still running fails with WorkspaceLocked.

        The key lives in the engine's connection factory and SQLCipher's connections; both go
        with the engine (Python cannot promise to wipe the bytes, only to drop every reference).
        """
        engine, self.engine = self.engine, None
        self._read = self._write = None
        self._blobs = None
        if engine is not None:
            engine.dispose()
            self._tell(Changes.everything(changes.LOCK))

    @property
    def blobs(self) -> BlobStore:
        """The workspace's content-addressed files (photos), encrypted like its database."""
        if self._blobs is None:
            raise WorkspaceLocked()
        return self._blobs

    def on_change(self, listener: Callable[[Changes], None]) -> None:
        """`listener(changes)` after every committed write (on the writing thread), and with
        origin LOCK when the workspace is opened or locked."""
        self._change_listeners.append(listener)

    def off_change(self, listener: Callable[[Changes], None]) -> None:
        if listener in self._change_listeners:
            self._change_listeners.remove(listener)

    def _tell(self, what: Changes) -> None:
        for listener in list(self._change_listeners):
            try:
                listener(what)
            except Exception:  # noqa: BLE001 - a listener must never undo a saved edit
                log.exception("change listener failed")

    def _sessions(self) -> tuple[sessionmaker, sessionmaker]:
        read, write = self._read, self._write
        if read is None or write is None:
            raise WorkspaceLocked()
        return read, write

    @contextmanager
    def read(self) -> Iterator[WorkspaceSession]:
        session = self._sessions()[0]()
        session.info["actor"] = self.actor  # who is reading (what awaits them: services/review)
        try:
            yield session
        finally:
            # close() ends the transaction and detaches objects with their loaded values;
            # rollback() would expire them and make later attribute access fail.
            session.close()

    @contextmanager
    def write(self, actor: str | None = None, *, durable: bool = True, origin: str = changes.LOCAL,
              undoable: bool = False) -> Iterator[WorkspaceSession]:
        """A write transaction. `durable=False` commits without waiting for the disk (WAL
        synchronous=NORMAL): still atomic, but power loss may undo it. Only for data that can be
        fetched again, i.e. what the sync engine writes; users' own edits are always durable.
        After the commit, the listeners hear what it changed (`origin` says where it came from).
        `undoable`: remember how the changed rows were, as `session.info["inverse"]` after the
        commit (store/undo.py)."""
        conn = raw = None
        make_write = self._sessions()[1]
        if not durable:
            # The safety level can only change outside a transaction: set it on the pooled
            # connection before the session begins on it, and put it back afterwards.
            conn = writer(self.engine).connect()
            raw = conn.connection.driver_connection
            raw.execute("PRAGMA synchronous=NORMAL")
            # Checkpoint later, in one go, instead of every few pages of a big pull.
            raw.execute("PRAGMA wal_autocheckpoint=0")
        session = make_write(bind=conn) if conn is not None else make_write()
        session.info["actor"] = actor or self.actor
        if undoable:
            undo.start(session)
        try:
            yield session
            if undoable:
                session.flush()
                session.info["inverse"] = undo.finish(session)
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
        what = changes.collected(session, origin)
        if what is not None:
            self._tell(what)

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as s:
            value = s.scalar(select(Setting.value).where(Setting.key == key))
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as s:
            s.merge(Setting(key=key, value=value))

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (after a big, non-durable pull)."""
        if self.engine is None:
            raise WorkspaceLocked()
        with self.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        self.lock()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some kiosk setups
        return "local"


def open_workspace(data_dir: Path | str, *, key: bytes | None = None, create: bool = True) -> Workspace:
    """Open (and if needed create and migrate) the workspace in `data_dir` with a known key.

    Programs sign in instead (sync/account.py), which finds the key; this is for code that
    already holds it, and for plain files (tests, benchmarks' comparison). A workspace with a
    key file is never opened as a plain one.
    """
    ws = Workspace(Path(data_dir))
    if key is None and Vault.path_in(ws.data_dir).exists():
        raise WorkspaceLocked()
    ws.open(key, create=create)
    return ws
