"""The blob channel: content-addressed files uploaded and downloaded in chunks, resumably.

A blob is named by the SHA-256 of its bytes. A client uploads one after the record that names
it (a photo) has synced: `POST /blobs/{sha256}/upload` says where the upload stands (which chunks
arrived), `PUT /blobs/{sha256}/chunks/{n}` sends one chunk, and the chunk that completes it makes
the server check the whole hash and store it. A cut link loses only the chunk in flight; two PCs
sending the same photo store it once. `GET /blobs/{sha256}` (with `Range`) reads it back.

Who may: upload, whoever may write a record that names the blob; read, whoever may read one.
Photos today; signed client updates (issue 14) will add their own kind of reference.

Where the bytes live is a `BlobStorage`: a folder by default (`FolderStorage`); an S3-compatible
store (MinIO) fits the same four methods (docs/server.md).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path
from typing import Annotated, Protocol

from fastapi import APIRouter, Header, Request, Response
from fastapi import Path as PathParam
from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from ebranch_desktop.sync import wire

from . import blobrefs
from .db import Database
from .errors import ApiError
from .records import utcnow
from .routes import Bearer, caller_of, ensure_primary, error_responses
from .scope import Caller
from .tables import blob_chunks, blob_uploads, blobs

_SHA = re.compile(r"^[0-9a-f]{64}$")
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")
CHUNK_HASH_HEADER = "X-Chunk-Sha256"
# Path parameters as the routes publish them (module level: the routes' annotations are strings).
Name = Annotated[str, PathParam(pattern=_SHA.pattern, description="The blob's SHA-256 (hex)")]
ChunkNo = Annotated[int, PathParam(ge=0, le=wire.MAX_BLOB_BYTES // 4096, description="Chunk number")]


class BlobStorage(Protocol):
    """Where whole blobs are kept. Writes are atomic (all or nothing) and idempotent."""

    def has(self, sha256: str) -> bool: ...

    def write(self, sha256: str, data: bytes) -> None: ...

    def read(self, sha256: str, start: int, end: int) -> bytes:
        """Bytes [start, end) of the blob."""
        ...

    def size(self, sha256: str) -> int | None: ...


class FolderStorage:
    """Blobs as files `<root>/ab/<sha256>`, written to a temporary name, flushed and renamed."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        if not _SHA.match(sha256):
            raise ValueError("not a blob name")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self._path(sha256).exists()

    def size(self, sha256: str) -> int | None:
        try:
            return self._path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def write(self, sha256: str, data: bytes) -> None:
        target = self._path(sha256)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{sha256}.{secrets.token_hex(4)}.tmp")
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, target)

    def read(self, sha256: str, start: int, end: int) -> bytes:
        with open(self._path(sha256), "rb") as f:
            f.seek(start)
            return f.read(max(0, end - start))


def default_folder(db: Database) -> Path:
    """Beside a SQLite database (`x.sqlite3.blobs/`), else `./ebranch-blobs`."""
    env = os.environ.get("EBRANCH_SERVER_BLOBS")
    if env:
        return Path(env)
    if db.sqlite_path is not None:
        return db.sqlite_path.with_name(db.sqlite_path.name + ".blobs")
    return Path("ebranch-blobs").resolve()


def _check_name(sha256: str) -> None:
    if not _SHA.match(sha256):
        raise ApiError(422, "invalid_request", "文件名（SHA-256）格式不正确", "Malformed blob name (SHA-256)")


def _not_found() -> ApiError:
    # The same answer for "no such blob" and "not yours": nobody learns what others hold.
    return ApiError(404, "not_found", "没有这个文件，或无权访问", "No such file, or not yours")


def _status(conn: Connection, sha256: str) -> wire.BlobStatus | None:
    whole = conn.execute(select(blobs.c.size).where(blobs.c.sha256 == sha256)).first()
    if whole is not None:
        return wire.BlobStatus(sha256=sha256, size=whole.size, complete=True, chunk_size=wire.BLOB_CHUNK_BYTES)
    up = conn.execute(select(blob_uploads).where(blob_uploads.c.sha256 == sha256)).first()
    if up is None:
        return None
    got = [r.idx for r in conn.execute(select(blob_chunks.c.idx).where(blob_chunks.c.sha256 == sha256)
                                       .order_by(blob_chunks.c.idx))]
    return wire.BlobStatus(sha256=sha256, size=up.size, complete=False, chunk_size=up.chunk_size, received=got)


class BlobService:
    """The blob routes' work, over one database and one storage."""

    def __init__(self, db: Database, storage: BlobStorage):
        self.db = db
        self.storage = storage

    def start(self, caller: Caller, sha256: str, body: wire.BlobUploadRequest) -> wire.BlobStatus:
        _check_name(sha256)
        with self.db.write_engine.begin() as conn:
            if not blobrefs.may_write(conn, caller, sha256):
                raise ApiError(403, "forbidden", "没有记录引用这个文件，或不在您的管辖范围内，不能上传",
                               "No record you may write names this file; it cannot be uploaded")
            status = _status(conn, sha256)
            if status is not None:
                if not status.complete and status.size != body.size:
                    raise ApiError(409, "size_mismatch", "同一文件的大小与已开始的上传不一致",
                                   "The size differs from the upload already started")
                return status
            conn.execute(insert(blob_uploads).values(sha256=sha256, size=body.size, chunk_size=body.chunk_size,
                                                     created_by=caller.username, created_at=utcnow()))
            return wire.BlobStatus(sha256=sha256, size=body.size, complete=False, chunk_size=body.chunk_size)

    def chunk(self, caller: Caller, sha256: str, idx: int, data: bytes, chunk_hash: str | None) -> wire.BlobStatus:
        _check_name(sha256)
        with self.db.engine.connect() as conn:
            if not blobrefs.may_write(conn, caller, sha256):
                raise _not_found()
            up = conn.execute(select(blob_uploads).where(blob_uploads.c.sha256 == sha256)).first()
        if up is None:
            with self.db.engine.connect() as conn:
                done = _status(conn, sha256)
            if done is not None and done.complete:
                return done  # finished meanwhile (another PC, or our own lost answer)
            raise ApiError(409, "no_upload", "请先开始上传", "Start the upload first")
        count = -(-up.size // up.chunk_size)
        expected = up.chunk_size if idx < count - 1 else up.size - up.chunk_size * (count - 1)
        if not 0 <= idx < count or len(data) != expected:
            raise ApiError(422, "bad_chunk", "文件分块的编号或长度不正确", "Wrong chunk number or length")
        if chunk_hash is not None and hashlib.sha256(data).hexdigest() != chunk_hash.lower():
            raise ApiError(422, "bad_chunk", "文件分块在传输中损坏，请重发",
                           "The chunk was damaged on the way; resend it")
        try:
            with self.db.write_engine.begin() as conn:
                conn.execute(insert(blob_chunks).values(sha256=sha256, idx=idx, data=data))
        except IntegrityError:
            pass  # already here (a resend after a lost answer): keep the first
        spoiled = False
        with self.db.write_engine.begin() as conn:
            have = conn.execute(select(func.count()).select_from(blob_chunks)
                                .where(blob_chunks.c.sha256 == sha256)).scalar_one()
            if have == count:
                spoiled = not self._finish(conn, sha256, up.size)
            status = _status(conn, sha256)
        if spoiled:
            # Chunks that passed one by one but not as a whole: they are gone; start again.
            raise ApiError(422, "blob_mismatch", "文件内容与其校验值不符，请重新上传",
                           "The file does not match its checksum; upload it again")
        assert status is not None
        return status

    def _finish(self, conn: Connection, sha256: str, size: int) -> bool:
        parts = [r.data for r in conn.execute(select(blob_chunks.c.data).where(blob_chunks.c.sha256 == sha256)
                                              .order_by(blob_chunks.c.idx))]
        data = b"".join(parts)
        conn.execute(delete(blob_chunks).where(blob_chunks.c.sha256 == sha256))
        conn.execute(delete(blob_uploads).where(blob_uploads.c.sha256 == sha256))
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            return False
        self.storage.write(sha256, data)
        try:
            with conn.begin_nested():
                conn.execute(insert(blobs).values(sha256=sha256, size=size, stored_at=utcnow()))
        except IntegrityError:
            pass  # stored by another process at the same moment
        return True

    def read(self, caller: Caller, sha256: str, range_header: str | None) -> Response:
        _check_name(sha256)
        with self.db.engine.connect() as conn:
            if not blobrefs.may_read(conn, caller, sha256):
                raise _not_found()
            row = conn.execute(select(blobs.c.size).where(blobs.c.sha256 == sha256)).first()
        if row is None:
            raise ApiError(404, "not_uploaded", "文件尚未上传到服务器", "The file has not reached the server yet")
        size = row.size
        headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=31536000, immutable"}
        if range_header:
            m = _RANGE.match(range_header.strip())
            if m is None or int(m.group(1)) >= size:
                raise ApiError(416, "bad_range", "请求的范围无效", "Invalid range",
                               {"Content-Range": f"bytes */{size}"})
            start = int(m.group(1))
            end = min(size, int(m.group(2)) + 1) if m.group(2) else size
            if end <= start:
                raise ApiError(416, "bad_range", "请求的范围无效", "Invalid range",
                               {"Content-Range": f"bytes */{size}"})
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
            return Response(self.storage.read(sha256, start, end), status_code=206, headers=headers,
                            media_type="application/octet-stream")
        return Response(self.storage.read(sha256, 0, size), headers=headers, media_type="application/octet-stream")


def storage_for(blob_dir: str | None, db: Database) -> BlobStorage:
    """The storage `serve` uses: the folder given (`--blob-dir`), else `default_folder`."""
    return FolderStorage(Path(blob_dir) if blob_dir else default_folder(db))


def add_routes(r: APIRouter, ctx, service: BlobService) -> None:  # noqa: ANN001 - routes.Context
    """The /blobs routes on the API router (their bodies are read capped, like every body)."""
    what = {404: "`not_found`: no such blob, or not yours (the same answer for both); "
                 "`not_uploaded`: named by a record but not on the server yet",
            409: "`no_upload`: start the upload first; `size_mismatch`: another size than the "
                 "upload already started",
            416: "`bad_range`: a Range the blob does not have",
            422: "`invalid_request`, `bad_chunk` (wrong number, length or chunk hash), "
                 "`blob_mismatch` (the whole does not match its name; start again)"}

    @r.post("/blobs/{sha256}/upload", response_model=wire.BlobStatus,
            responses=error_responses(400, 401, 403, 409, 413, 415, 503, what=what | {
                403: "`forbidden`: no record you may write names this blob"}))
    def start_upload(sha256: Name, body: wire.BlobUploadRequest, credentials: Bearer) -> wire.BlobStatus:
        caller = caller_of(ctx, credentials)
        ensure_primary(ctx)
        return service.start(caller, sha256, body)

    @r.put("/blobs/{sha256}/chunks/{idx}", response_model=wire.BlobStatus,
           responses=error_responses(401, 403, 404, 409, 413, 503, what=what))
    async def put_chunk(sha256: Name, idx: ChunkNo, request: Request, credentials: Bearer,
                        chunk_sha256: str | None = Header(default=None, alias=CHUNK_HASH_HEADER)) -> wire.BlobStatus:
        data = await request.body()
        caller = await run_in_threadpool(caller_of, ctx, credentials)
        ensure_primary(ctx)
        return await run_in_threadpool(service.chunk, caller, sha256, idx, data, chunk_sha256)

    @r.get("/blobs/{sha256}", responses=error_responses(401, 403, 404, 416, what=what) | {
        206: {"description": "A range of the blob"}})
    def get_blob(sha256: Name, credentials: Bearer,
                 range_: str | None = Header(default=None, alias="Range")) -> Response:
        return service.read(caller_of(ctx, credentials), sha256, range_)
