"""Signed update packages of the desktop program, hosted for the clients (issue 14 §1).

`ebranch-server publish-client FILE --version V [--min-protocol P]` checks the package as a
client would (signed by a key the program trusts, unaltered; `V` must be the version it holds),
copies it to `<blob folder>/releases/<sha256>` and records it for its target (platform + kind,
read from the signed manifest). Every pull page, push answer and 426 answer then carries an
optional `client_update` for a client that named itself with X-Ebranch-Client and runs an older
version of the same target (docs/sync-protocol.md, "Client updates"). The client downloads
`GET /api/v1/updates/{target}/{file}` in ranges, without a token and whatever protocol it
speaks: a program is no secret (the signature, not the server, is what the client trusts), and a
client too old for this server must still be able to fetch the program that fixes that.

`--min-protocol P`: the release is offered only while this server speaks protocol P or newer
(default: the protocol the new version speaks — a server offering a client it would then refuse
with 426 would strand it). A release staged before a server upgrade waits until then.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi import Path as PathParam
from sqlalchemy import Connection, insert, select, update

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.sync import wire
from ebranch_desktop.updates import package as pkg
from ebranch_desktop.updates.errors import UpdateError

from .db import Database
from .errors import ApiError
from .records import utcnow
from .tables import client_releases

RELEASES = "releases"
_CLIENT = re.compile(r"^ebranch-desktop/(\S{1,40}) ([a-z0-9][a-z0-9_-]{0,39})$")
_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_READ = 1024 * 1024
UPDATES_PATH = wire.API_PREFIX + "/updates/"  # served to any protocol (middleware.py)
Target = Annotated[str, PathParam(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$", description="platform and kind")]
FileName = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,150}$")]


class ReleaseStorage:
    """Package files as `<root>/<sha256>`: copied in under a temporary name, flushed, renamed."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if not _SHA.match(sha256):
            raise ValueError("not a release name")
        return self.root / sha256

    def put(self, source: Path, sha256: str) -> None:
        target = self.path(sha256)
        if target.exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.root / f".{sha256}.{secrets.token_hex(4)}.tmp"
        with open(source, "rb") as src, open(temporary, "wb") as out:
            shutil.copyfileobj(src, out, _READ)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)

    def read(self, sha256: str, start: int, end: int) -> bytes:
        with open(self.path(sha256), "rb") as f:
            f.seek(start)
            return f.read(max(0, end - start))


def storage_for(blob_dir: str | None, db: Database) -> ReleaseStorage:
    """Beside the blobs (`serve --blob-dir`, else the blobs' default folder)."""
    from .blobs import default_folder

    return ReleaseStorage((Path(blob_dir) if blob_dir else default_folder(db)) / RELEASES)


@dataclass(frozen=True)
class Published:
    target: str
    version: str
    file_name: str
    size: int
    sha256: str
    min_protocol: int
    signed_by: str
    offered_now: bool


def publish(db: Database, storage: ReleaseStorage, path: Path, version: str,
            min_protocol: int | None = None) -> Published:
    """Checks and stores a package; raises UpdateError (refused: nothing stored) or
    ValidationError (a wrong option)."""
    package = pkg.verify(Path(path))  # a trusted signature and an unaltered payload
    key = pkg.check_signature(package, pkg.trusted_keys())
    m = package.manifest
    if pkg.version_key(version) != pkg.version_key(m.version):
        raise ValidationError(f"--version {version} 与更新包内的版本 {m.version} 不一致",
                              f"--version {version} differs from the package's version {m.version}", "version")
    floor = m.protocol if min_protocol is None else min_protocol
    if floor < m.protocol:
        raise ValidationError(
            f"--min-protocol {floor} 低于新版本使用的同步协议 {m.protocol}：说这个协议的服务器会拒绝它",
            f"--min-protocol {floor} is below the protocol {m.protocol} the new version speaks: a server "
            "speaking it would refuse that version", "min_protocol")
    sha256 = pkg.sha256_of(path)
    storage.put(path, sha256)
    row = {"target": m.target, "version": m.version, "file_name": pkg.file_name(m),
           "size": Path(path).stat().st_size, "sha256": sha256, "protocol": m.protocol,
           "min_protocol": floor, "notes": m.notes_zh, "notes_en": m.notes_en,
           "signed_by": f"{key.name} {key.key_id}".strip(), "published_at": utcnow(), "withdrawn": False}
    with db.write_engine.begin() as conn:
        found = conn.execute(select(client_releases.c.sha256).where(
            client_releases.c.target == m.target, client_releases.c.version == m.version)).first()
        if found is not None and found.sha256 != sha256:
            raise ValidationError(
                f"{m.target} 的 {m.version} 版已发布过另一个文件；请使用新的版本号",
                f"Version {m.version} for {m.target} was published with another file; use a new version",
                "version")
        if found is None:
            conn.execute(insert(client_releases).values(**row))
        else:
            conn.execute(update(client_releases).where(
                client_releases.c.target == m.target, client_releases.c.version == m.version).values(
                    withdrawn=False, min_protocol=floor))
    return Published(m.target, m.version, row["file_name"], row["size"], sha256, floor, row["signed_by"],
                     floor <= wire.PROTOCOL_VERSION)


def withdraw(db: Database, target: str, version: str) -> bool:
    """No longer offered or served (a release found faulty after publishing); the file stays.
    False when there is no such release."""
    with db.write_engine.begin() as conn:
        done = conn.execute(update(client_releases).where(
            client_releases.c.target == target, client_releases.c.version == version).values(withdrawn=True))
    return done.rowcount > 0


def releases(conn: Connection) -> list[dict]:
    rows = conn.execute(select(client_releases).order_by(client_releases.c.target,
                                                         client_releases.c.published_at)).mappings()
    return [dict(r) for r in rows]


def parse_client(value: str | None) -> tuple[str, str] | None:
    """(version, target) of an X-Ebranch-Client value, or None."""
    m = _CLIENT.match((value or "").strip())
    return (m.group(1), m.group(2)) if m else None


def offer_for(db: Database, client: str | None, protocol: str | None = None) -> wire.ClientUpdate | None:
    """The newest release for the asking program's target that is newer than it, if any.

    One small query per answer (a handful of rows per target); a client that does not name
    itself (a program run from source, an old client) is offered nothing."""
    who = parse_client(client)
    if who is None:
        return None
    version, target = who
    try:
        running = pkg.version_key(version)
    except UpdateError:
        return None
    with db.engine.connect() as conn:
        rows = conn.execute(select(client_releases).where(
            client_releases.c.target == target, client_releases.c.withdrawn.is_(False),
            client_releases.c.min_protocol <= wire.PROTOCOL_VERSION)).mappings().all()
    best = None
    for row in rows:
        key = pkg.version_key(row["version"])
        if key > running and (best is None or key > pkg.version_key(best["version"])):
            best = row
    if best is None:
        return None
    try:
        speaks = int(protocol) if protocol is not None else None
    except ValueError:
        speaks = None
    return wire.ClientUpdate(
        version=best["version"], target=target, url=f"/updates/{target}/{best['file_name']}", size=best["size"],
        sha256=best["sha256"], required=speaks is None or speaks < wire.MIN_PROTOCOL_VERSION,
        notes=best["notes"][:2000], notes_en=best["notes_en"][:2000])


def with_offer(answer: bytes | str, offer: wire.ClientUpdate | None) -> bytes | str:
    """A JSON object answer (text or bytes) with `client_update` added at its end; unchanged
    without an offer (the bytes old clients and tests know)."""
    if offer is None:
        return answer
    text = isinstance(answer, str)
    body = (answer.encode("utf-8") if text else answer).rstrip()
    if not body.endswith(b"}"):
        return answer
    head = body[:-1].rstrip()
    comma = b"" if head.endswith(b"{") else b","  # `{}`: the offer is the only member
    out = head + comma + b'"client_update":' + offer.model_dump_json().encode("utf-8") + b"}"
    return out.decode("utf-8") if text else out


def router(db: Database, blob_dir: str | None) -> APIRouter:
    """GET /api/v1/updates/{target}/{file}: a published package, whole or a Range of it. Its own
    router: no protocol header is asked for (middleware.py lets these paths through too)."""
    from .body import WireRoute

    r = APIRouter(prefix=wire.API_PREFIX, route_class=WireRoute)
    storage = storage_for(blob_dir, db)

    @r.get("/updates/{target}/{file_name}", responses={
        206: {"description": "A range of the package"},
        404: {"model": wire.ErrorBody, "description": "`not_found`: no such package (or withdrawn)"},
        416: {"model": wire.ErrorBody, "description": "`bad_range`: a Range the package does not have"}})
    def get_release(target: Target, file_name: FileName,
                    range_: str | None = Header(default=None, alias="Range")) -> Response:
        with db.engine.connect() as conn:
            row = conn.execute(select(client_releases.c.sha256, client_releases.c.size).where(
                client_releases.c.target == target, client_releases.c.file_name == file_name,
                client_releases.c.withdrawn.is_(False))).first()
        if row is None or not storage.path(row.sha256).exists():
            raise ApiError(404, "not_found", "没有这个更新包", "No such update package")
        size = row.size
        headers = {"Accept-Ranges": "bytes", "Cache-Control": "public, max-age=31536000, immutable",
                   "ETag": f'"{row.sha256}"'}
        if range_:
            m = _RANGE.match(range_.strip())
            start = int(m.group(1)) if m else size
            end = (min(size, int(m.group(2)) + 1) if m.group(2) else size) if m else 0
            if m is None or start >= size or end <= start:
                raise ApiError(416, "bad_range", "请求的范围无效", "Invalid range",
                               {"Content-Range": f"bytes */{size}"})
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
            return Response(storage.read(row.sha256, start, end), status_code=206, headers=headers,
                            media_type="application/octet-stream")
        return Response(storage.read(row.sha256, 0, size), headers=headers, media_type="application/octet-stream")

    return r
