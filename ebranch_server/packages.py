"""Data packages (数据包): the server's side of the USB round trip (docs/sync-protocol.md).

- The server's package keys (Ed25519 + X25519) are made once, at `ebranch-server init` (or at
  first use), and kept in `package_keys`.
- A PC registers its public keys at an online sign-in (`register`); a new PC's keys come with the
  seed the township fetches for it (`fetch` with `seed`).
- `deliver`: an export package brought by a township officer is checked (the device's signature,
  this server's key, not older than one already delivered, not made before that PC's last online
  sync) and its batches go through the normal push (`push.push`), as the package's author and
  under the push's idempotency, so delivering it twice changes nothing.
- `fetch`: an answer package for a PC — the stored push answers of its delivered exports, and the
  pages (`pull.changes_page`) of its scope since the cursor it last reported — signed by the
  server and encrypted for that PC.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pydantic
from sqlalchemy import Connection, and_, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from ebranch_desktop.sync import package_format as fmt
from ebranch_desktop.sync import wire

from . import accounts, generation, orgnodes, pull, push
from .body import ensure_storable
from .db import Database
from .errors import ApiError
from .records import utcnow
from .scope import Caller
from .tables import counter, package_devices, package_keys, package_log, push_batches

log = logging.getLogger(__name__)

# Batch ids of the pushes a package makes: "p:<package id>:<n>" (an online push uses a UUID).
BATCH_PREFIX = "p:"
_PAGE = wire.MAX_PAGE_SIZE
_ROLE_OF_LEVEL = {"branch": "secretary", "township": "township"}


class ExportManifest(pydantic.BaseModel):
    """The first line of an export package's payload."""

    package_id: str = pydantic.Field(max_length=36)
    device_id: str = pydantic.Field(max_length=64)
    seq: int = pydantic.Field(ge=1, le=wire.MAX_REV)
    author: str = pydantic.Field(min_length=1, max_length=64)
    cursor: int = pydantic.Field(ge=0, le=wire.MAX_REV)
    results_seen: int = pydantic.Field(ge=0, le=wire.MAX_REV)
    batches: int = pydantic.Field(ge=0, le=100_000)
    records: int = pydantic.Field(ge=0)
    created_at: str = pydantic.Field(default="", max_length=40)


def _error(status: int, exc: fmt.PackageError) -> ApiError:
    return ApiError(status, exc.code, exc.message, exc.message_en)


# --- the server's keys ---------------------------------------------------------------------------

_keys_cache: dict[str, ServerKeys] = {}
_keys_lock = threading.Lock()


@dataclass(frozen=True)
class ServerKeys:
    """The current key pair (new packages) and every pair by id (older exports still open)."""

    current: fmt.KeyPair
    by_id: dict[str, fmt.KeyPair]


def ensure_keys(db: Database) -> fmt.KeyPair:
    """The current package key pair, made (once, whoever comes first) if there is none."""
    with db.engine.connect() as conn:
        found = _current(conn)
    if found is not None:
        return found
    pair = fmt.KeyPair.generate()
    try:
        with db.write_engine.begin() as conn:
            if _current(conn) is None:
                conn.execute(insert(package_keys).values(
                    key_id=pair.key_id, sign_private=fmt.b64(pair.sign_private),
                    box_private=fmt.b64(pair.box_private), current=True, created_at=utcnow()))
    except IntegrityError:
        pass  # another process made it at the same moment
    with db.engine.connect() as conn:
        found = _current(conn)
    assert found is not None
    return found


def _current(conn: Connection) -> fmt.KeyPair | None:
    row = conn.execute(select(package_keys.c.sign_private, package_keys.c.box_private)
                       .where(package_keys.c.current.is_(True))).first()
    return fmt.KeyPair(fmt.unb64(row[0], 32), fmt.unb64(row[1], 32)) if row else None


def server_keys(db: Database) -> ServerKeys:
    """The server's key pairs (cached per database: a pair never changes once made)."""
    with _keys_lock:
        known = _keys_cache.get(db.url)
    if known is None:
        current = ensure_keys(db)
        with db.engine.connect() as conn:
            rows = conn.execute(select(package_keys.c.sign_private, package_keys.c.box_private)).all()
        pairs = [fmt.KeyPair(fmt.unb64(a, 32), fmt.unb64(b, 32)) for a, b in rows]
        known = ServerKeys(current, {p.key_id: p for p in pairs})
        with _keys_lock:
            _keys_cache[db.url] = known
    return known


# --- devices ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    device_id: str
    org_id: str
    device_name: str
    registered_by: str
    sign_public: bytes
    box_public: bytes
    export_seq: int
    results_seen: int
    cursor: int
    answer_seq: int
    updated_at: dt.datetime


_DEVICE_COLUMNS = (package_devices.c.device_id, package_devices.c.org_id, package_devices.c.device_name,
                   package_devices.c.registered_by, package_devices.c.sign_public, package_devices.c.box_public,
                   package_devices.c.export_seq, package_devices.c.results_seen, package_devices.c.cursor,
                   package_devices.c.answer_seq, package_devices.c.updated_at)


def _device_of(row: Any) -> Device:
    return Device(row[0], row[1], row[2], row[3], fmt.unb64(row[4], 32), fmt.unb64(row[5], 32), *row[6:])


def device(conn: Connection, device_id: str) -> Device | None:
    row = conn.execute(select(*_DEVICE_COLUMNS).where(package_devices.c.device_id == device_id)).first()
    return _device_of(row) if row else None


def register(db: Database, caller: Caller, device_id: str, reg: fmt.DeviceRegistration) -> fmt.PublicKeys:
    """A PC of the caller's organization leaves its public keys (its workspace is bound there)."""
    ensure_storable(device_id, reg.device_name)
    keys = server_keys(db).current
    now = utcnow()
    with db.write_engine.begin() as conn:
        known = device(conn, device_id)
        if known is not None and known.org_id != caller.org_id:
            raise ApiError(409, "device_elsewhere", "这台电脑已登记在另一个组织下",
                           "This PC is registered for another organization")
        values = {"sign_public": reg.keys.sign_public, "box_public": reg.keys.box_public,
                  "device_name": reg.device_name, "registered_by": caller.username, "updated_at": now,
                  "cursor": reg.cursor}
        if known is None:
            conn.execute(insert(package_devices).values(
                device_id=device_id, org_id=caller.org_id, created_at=now, export_seq=0, results_seen=0,
                answer_seq=0, **values))
        else:
            if fmt.b64(known.sign_public) != reg.keys.sign_public:
                log.warning("device %s registered new package keys (by %s)", device_id, caller.username)
            conn.execute(update(package_devices).where(package_devices.c.device_id == device_id).values(**values))
    return keys.public()


def _node_of(conn: Connection, org_id: str) -> orgnodes.OrgNode:
    node = orgnodes.by_id(conn, org_id)
    if node is None or node.deleted:
        raise ApiError(404, "no_org", "该电脑所属的组织已不存在", "The PC's organization no longer exists")
    return node


def _out_of_scope() -> ApiError:
    return ApiError(403, "out_of_scope", "这台电脑的组织不在您的管辖范围内",
                    "That PC's organization is outside your scope")


# --- deliver ---------------------------------------------------------------------------------------


def deliver(db: Database, caller: Caller, data: bytes) -> fmt.PackageSummary:
    """Hand an export package to the push; the same package twice changes nothing."""
    try:
        header, body = fmt.read_header(data)
    except fmt.PackageError as exc:
        raise _error(422, exc) from None
    if header["kind"] != fmt.EXPORT:
        raise ApiError(422, "wrong_kind",
                       "这是服务器发给电脑的数据包，请拷到那台电脑上，用“导入数据包”导入",
                       "This package is the server's answer for a PC: import it on that PC")
    keys = server_keys(db)
    pair = keys.by_id.get(str(header.get("server_key")))
    if pair is None:
        where = str(header.get("server_url") or "?")[:200]
        raise ApiError(422, "foreign_server",
                       f"这个数据包是为另一个服务器（{where}）制作的，不能递交到本服务器",
                       f"This package was made for another server ({where}); it cannot be delivered here")
    device_id = str(header.get("device_id", ""))[:64]
    with db.engine.connect() as conn:
        dev = device(conn, device_id)
        if dev is None:
            raise ApiError(422, "unknown_device",
                           "制作这个数据包的电脑没有在本服务器登记过（需要联网登录一次，或由乡镇用种子数据包安装）",
                           "The PC that made this package is not registered with this server (it needs one "
                           "online sign-in, or an install from a township's seed package)")
        node = _node_of(conn, dev.org_id)
    if not caller.can_write(node.path):
        raise _out_of_scope()
    try:
        payload = fmt.open_sealed(data, header, body, sender_sign_public=dev.sign_public, recipient=pair)
        manifest, requests = _read_export(payload, header, dev)
    except fmt.PackageError as exc:
        raise _error(422, exc) from None
    with db.engine.connect() as conn:
        done = _logged(conn, manifest.package_id)
        if done is not None:
            return done.model_copy(update={"already_delivered": True})
        if manifest.seq <= dev.export_seq:
            raise ApiError(409, "older_package",
                           f"这个数据包（第 {manifest.seq} 号）比已递交的第 {dev.export_seq} 号旧，已拒收，"
                           "未做任何更改。请递交该电脑最新导出的数据包",
                           f"This package (no. {manifest.seq}) is older than no. {dev.export_seq}, already "
                           "delivered; it was refused and nothing changed. Deliver the PC's newest package")
        if _synced_online_since(conn, dev.device_id, manifest.cursor):
            raise ApiError(409, "superseded",
                           "这个数据包制作之后，该电脑已经联网同步过，包中的内容可能比服务器上的旧，已拒收，"
                           "未做任何更改。请在该电脑上重新导出数据包",
                           "That PC has synced online since it made this package, so the package may hold "
                           "older versions; it was refused and nothing changed. Export a new package there")
        author = accounts.account(conn, manifest.author)
        if author is None or author.org_id != dev.org_id:
            raise ApiError(422, "unknown_author",
                           f"数据包的制作人 {manifest.author} 不是该组织在服务器上的账号",
                           f"The package's author {manifest.author} is not an account of that organization")
        if author.disabled:
            raise accounts.account_disabled()
        author_node = _node_of(conn, author.org_id)
    as_author = Caller(author.username, author.display_name, author.role, author.org_id, author.org_code,
                       author.org_name, author_node.path, "", 0)
    summary = fmt.PackageSummary(package_id=manifest.package_id, kind=fmt.EXPORT, device_id=dev.device_id,
                                 device_name=dev.device_name, org_code=node.code, org_name=node.name,
                                 seq=manifest.seq, records=manifest.records)
    counts: Counter[str] = Counter()
    for request in requests:  # each batch its own transaction, answered idempotently
        response = wire.PushResponse.model_validate_json(push.push(db, as_author, request))
        counts.update(result.status for result in response.results)
    summary.applied, summary.merged = counts["applied"], counts["merged"]
    summary.conflicts, summary.rejected = counts["conflict"], counts["rejected"]
    _log_delivery(db, caller, dev, manifest, [r.batch_id for r in requests], summary)
    return summary


def _read_export(payload: bytes, header: dict[str, Any], dev: Device) -> tuple[ExportManifest, list[wire.PushRequest]]:
    lines = fmt.iter_lines(payload)
    try:
        manifest = ExportManifest.model_validate(fmt.loads_line(next(lines)))
        requests = [wire.PushRequest.model_validate(fmt.loads_line(line)) for line in lines]
    except (StopIteration, pydantic.ValidationError):
        raise fmt.tampered() from None
    if (manifest.package_id != header.get("package_id") or manifest.device_id != dev.device_id
            or manifest.seq != header.get("seq") or len(requests) != manifest.batches
            or sum(len(r.changes) for r in requests) != manifest.records):
        raise fmt.tampered()
    for i, request in enumerate(requests):
        if request.device_id != dev.device_id or request.batch_id != f"{BATCH_PREFIX}{manifest.package_id}:{i}":
            raise fmt.tampered()
        ensure_storable([(c.updated_at, c.fields) for c in request.changes])
    return manifest, requests


def _synced_online_since(conn: Connection, device_id: str, cursor: int) -> bool:
    """Whether the PC pushed online after the pull that `cursor` came from: a complete online sync
    pulls after it pushes, so its pushes lie at or below the cursor of any later package."""
    row = conn.execute(text(
        "SELECT 1 FROM revisions WHERE rev > :cursor AND device_id = :device AND batch_id NOT LIKE 'p:%' LIMIT 1"),
        {"cursor": cursor, "device": device_id}).first()
    return row is not None


def _logged(conn: Connection, package_id: str) -> fmt.PackageSummary | None:
    row = conn.execute(select(package_log.c.summary).where(package_log.c.package_id == package_id)).first()
    return fmt.PackageSummary.model_validate_json(row[0]) if row else None


def _log_delivery(db: Database, caller: Caller, dev: Device, manifest: ExportManifest, batch_ids: list[str],
                  summary: fmt.PackageSummary) -> None:
    try:
        with db.write_engine.begin() as conn:
            conn.execute(insert(package_log).values(
                package_id=manifest.package_id, device_id=dev.device_id, kind=fmt.EXPORT, seq=manifest.seq,
                by_user=caller.username, at=utcnow(), batches=json.dumps(batch_ids),
                summary=summary.model_dump_json()))
            conn.execute(update(package_devices).where(
                package_devices.c.device_id == dev.device_id, package_devices.c.export_seq < manifest.seq,
            ).values(export_seq=manifest.seq, results_seen=manifest.results_seen, cursor=manifest.cursor,
                     updated_at=utcnow()))
    except IntegrityError:
        pass  # the same package delivered at the same moment by someone else: logged once


# --- fetch -----------------------------------------------------------------------------------------


def fetch(db: Database, caller: Caller, request: fmt.FetchRequest) -> tuple[bytes, fmt.PackageSummary]:
    """An answer package (or, with `seed`, the first one of a new PC) and what it holds."""
    keys = server_keys(db).current
    with db.write_engine.begin() as conn:
        if request.seed is not None:
            dev, node, accounts_list = _seed_device(conn, caller, request)
        else:
            dev = _find_device(conn, caller, request.target)
            node, accounts_list = _node_of(conn, dev.org_id), []
        if not caller.can_read(node.path):
            raise _out_of_scope()
        seq = dev.answer_seq + 1
        conn.execute(update(package_devices).where(package_devices.c.device_id == dev.device_id)
                     .values(answer_seq=seq))
        results = _results_since(conn, dev)
        upto = conn.execute(select(counter.c.value).where(counter.c.id == 1)).scalar_one()
        gen = generation.current(conn)
    package_id = str(uuid.uuid4())
    # The PC's scope as its own pull would see it (its pages carry the database generation).
    scope = Caller(dev.registered_by, "", _ROLE_OF_LEVEL.get(node.level, "county"), node.id, node.code,
                   node.name, node.path, "", upto, gen.id, gen.started_rev)
    lines, records, next_rev = _answer_lines(db, scope, dev.cursor, results)
    manifest = {"package_id": package_id, "device_id": dev.device_id, "seq": seq, "since": dev.cursor,
                "next": next_rev, "records": records, "results": [r["export_seq"] for r in results],
                "server_time": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
                "org_id": node.id}
    payload = fmt.compress_lines([fmt.dumps_line(manifest), *lines])
    # The generation makes (generation, seq) unique: a restored database counts answers again.
    header = {"kind": fmt.ANSWER, "package_id": package_id, "device_id": dev.device_id, "seq": seq,
              "generation": gen.id, "org_name": node.name, "server_key": keys.key_id,
              "created_at": manifest["server_time"]}
    data = fmt.seal(header, payload, recipient_box_public=dev.box_public, sender=keys)
    summary = fmt.PackageSummary(package_id=package_id, kind=fmt.SEED if request.seed else fmt.ANSWER,
                                 device_id=dev.device_id, device_name=dev.device_name, org_code=node.code,
                                 org_name=node.name, seq=seq, records=records, results=len(results),
                                 since=dev.cursor, next=next_rev, accounts=accounts_list)
    with db.write_engine.begin() as conn:
        conn.execute(insert(package_log).values(
            package_id=package_id, device_id=dev.device_id, kind=summary.kind, seq=seq, by_user=caller.username,
            at=utcnow(), batches="[]", summary=summary.model_dump_json()))
        if request.seed is not None:  # a new PC starts from its seed, or does not exist at all
            conn.execute(update(package_devices).where(package_devices.c.device_id == dev.device_id)
                         .values(cursor=next_rev))
    return data, summary


def _seed_device(conn: Connection, caller: Caller, request: fmt.FetchRequest
                 ) -> tuple[Device, orgnodes.OrgNode, list[dict[str, str]]]:
    seed = request.seed
    assert seed is not None
    node = orgnodes.by_code(conn, request.target)
    if node is None:
        raise ApiError(404, "no_org", f"没有代码为 {request.target} 的组织",
                       f"No organization with code {request.target}")
    if not caller.can_write(node.path):
        raise ApiError(403, "out_of_scope", "只能为您管辖范围内的组织制作种子数据包",
                       "You can make seed packages only for organizations in your scope")
    ensure_storable(seed.device_name)
    now = utcnow()
    try:
        with conn.begin_nested():
            conn.execute(insert(package_devices).values(
                device_id=seed.device_id, org_id=node.id, device_name=seed.device_name,
                registered_by=caller.username, sign_public=seed.keys.sign_public, box_public=seed.keys.box_public,
                created_at=now, updated_at=now, export_seq=0, results_seen=0, cursor=0, answer_seq=0))
    except IntegrityError:
        raise ApiError(409, "device_exists", "这个工作区编号已经登记过",
                       "This workspace id is already registered") from None
    people = [{"username": a.username, "display_name": a.display_name, "role": a.role}
              for a in accounts.list_accounts(conn) if a.org_id == node.id and not a.disabled]
    dev = device(conn, seed.device_id)
    assert dev is not None
    return dev, node, people


def _find_device(conn: Connection, caller: Caller, target: str) -> Device:
    """The PC an answer is for: by its workspace id (or its first 8+ characters), or by its
    organization's code when that names one PC — or one PC that has delivered packages."""
    node = orgnodes.by_code(conn, target)
    query = select(*_DEVICE_COLUMNS)
    if node is not None:
        query = query.where(package_devices.c.org_id == node.id)
    elif len(target) >= 8 and all(c in "0123456789abcdef-" for c in target.lower()):
        query = query.where(package_devices.c.device_id.like(target.lower() + "%"))
    else:
        raise ApiError(404, "no_device", f"没有代码为 {target} 的组织，也没有以它开头的工作区编号",
                       f"No organization with code {target}, and no workspace id starting with it")
    found = []
    for row in conn.execute(query.order_by(package_devices.c.updated_at.desc())):
        dev = _device_of(row)
        where = orgnodes.by_id(conn, dev.org_id)
        if where is not None and caller.can_read(where.path):
            found.append(dev)
    if not found:
        raise ApiError(404, "no_device",
                       f"{target} 没有登记过交换数据包的电脑。那台电脑需要联网登录一次，或用 --seed 为新电脑制作种子",
                       f"No PC of {target} is registered for data packages. It needs one online sign-in, "
                       "or make a seed for a new PC with --seed")
    if len(found) > 1:  # several PCs: the one that exchanges packages (has delivered one)
        exchanging = [d for d in found if d.export_seq > 0]
        if len(exchanging) == 1:
            return exchanging[0]
    if len(found) > 1:
        listing_zh = "；".join(f"{d.device_id[:8]}（{d.device_name or '未命名'}）" for d in found)
        listing_en = "; ".join(f"{d.device_id[:8]} ({d.device_name or 'unnamed'})" for d in found)
        raise ApiError(409, "ambiguous_device",
                       f"{target} 有 {len(found)} 台电脑：{listing_zh}。请用 --for 加工作区编号指定一台",
                       f"{target} has {len(found)} PCs: {listing_en}. Name one with --for and its workspace id")
    return found[0]


def _results_since(conn: Connection, dev: Device) -> list[dict[str, Any]]:
    """The stored push answers of the PC's delivered exports it has not seen the results of."""
    rows = conn.execute(select(package_log.c.package_id, package_log.c.seq, package_log.c.batches).where(
        and_(package_log.c.device_id == dev.device_id, package_log.c.kind == fmt.EXPORT,
             package_log.c.seq > dev.results_seen)).order_by(package_log.c.seq)).all()
    out = []
    for package_id, seq, batches in rows:
        for batch_id in json.loads(batches):
            stored = conn.execute(select(push_batches.c.response).where(
                push_batches.c.device_id == dev.device_id, push_batches.c.batch_id == batch_id)).scalar()
            if stored is not None:
                out.append({"export_seq": seq, "package_id": package_id, "batch_id": batch_id, "response": stored})
    return out


def _answer_lines(db: Database, scope: Caller, since: int, results: list[dict[str, Any]]
                  ) -> tuple[list[bytes], int, int]:
    """Payload lines after the manifest: the push results, then the pull pages as the page
    builder makes them (embedded whole)."""
    lines = []
    for r in results:
        lines.append(b'{"t":"results","export_seq":%d,"package_id":%s,"batch_id":%s,"response":%s}' % (
            r["export_seq"], json.dumps(r["package_id"]).encode(), json.dumps(r["batch_id"]).encode(),
            r["response"].encode("utf-8")))
    records = 0
    cursor = since
    while True:
        page = pull.changes_page(db, scope, cursor, _PAGE)
        head = json.loads(page)
        records += len(head["changes"])
        lines.append(b'{"t":"page","page":' + page + b"}")
        if head["next"] < cursor:  # a database restored from an older backup: nothing to send
            break
        cursor = head["next"]
        if not head["has_more"]:
            break
    return lines, records, cursor
