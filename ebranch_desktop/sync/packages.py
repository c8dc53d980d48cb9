"""Data packages (数据包) on the PC: export what waits to be pushed, import the server's answer.

A branch with no link exports its unsynced work into one file (`export`), a township officer
delivers it to the server and fetches the answer on a connected PC (`deliver`, `fetch`), and the
branch imports the answer (`import_answer`) like a pull. The building blocks are the online
sync's: `outbox.collect` makes the batches, the server runs them through its push, and the
answer's push results and pages are applied by `apply.apply_push_results` and `apply.apply_page`
after `inbound.screen`, exactly as a sync would. docs/sync-protocol.md, "Data packages".

What this PC keeps (settings in the encrypted workspace, never in the plain key file):
- its package key pair (private halves: the workspace's encryption protects them);
- the server's public package keys, learned at an online sign-in (`register`);
- the sequence numbers of its exports and of the answers it imported (a replayed or older
  answer is refused), and the batches of exports whose results have not come back yet.

No Qt here: the CLI (`ebranch package …`) and the window call these functions.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ..store import changes
from . import inbound, local_state, outbox
from . import package_format as fmt
from .apply import ApplyStats, apply_page, apply_push_results, scope_gate
from .outbox import Outgoing

if TYPE_CHECKING:
    from ..store.workspace import Workspace
    from .http import ServerClient

log = logging.getLogger(__name__)

DEVICE_KEYS = "package.device_keys"  # this PC's KeyPair (JSON, private)
SERVER_KEYS = "package.server_keys"  # {"server_url", "keys": PublicKeys}
REGISTERED = "package.registered"  # "<server url> <device id> <device key id> <server key id>"
EXPORT_SEQ = "package.export_seq"  # the newest export made here
ANSWER_SEQ = "package.answers"  # the newest answer imported here: {generation, seq, older}
RESULTS_SEEN = "package.results_seen"  # the newest export whose push results came back
OPEN_EXPORTS = "package.open_exports"  # {seq: {"package_id", "batches": {batch id: dumped batch}}}

BATCH_SIZE = 500  # changes per push batch inside an export (the online push's size)
_BATCH_PREFIX = "p:"  # the server's convention for the batch ids of a package


# --- keys --------------------------------------------------------------------------------------


def device_keys(session: Session) -> fmt.KeyPair:
    """This PC's package key pair, made once (in the caller's write session)."""
    raw = local_state.get(session, DEVICE_KEYS)
    if raw:
        return fmt.KeyPair.from_json(json.loads(raw))
    pair = fmt.KeyPair.generate()
    local_state.put(session, DEVICE_KEYS, json.dumps(pair.as_json()))
    return pair


def _server_keys(session: Session) -> tuple[str, fmt.PublicKeys] | None:
    raw = local_state.get(session, SERVER_KEYS)
    if not raw:
        return None
    data = json.loads(raw)
    return str(data.get("server_url", "")), fmt.PublicKeys.model_validate(data["keys"])


def register(ws: Workspace, client: ServerClient, device: str) -> bool:
    """Leave this PC's public keys with the server and learn the server's (at an online sign-in).

    Once per server and key pair; best effort (a server without packages, or a cut link, is
    tried again at the next online sign-in). Returns True when registered now.
    """
    from .errors import SyncError

    with ws.write(durable=False, origin=changes.SYNC) as s:
        pair = device_keys(s)
        cursor = local_state.cursor(s)
        known = local_state.get(s, REGISTERED) or ""
        server = _server_keys(s)
    if server is not None and known == f"{client.base_url} {device} {pair.key_id} {server[1].key_id}":
        return False
    body = fmt.DeviceRegistration(keys=pair.device_keys(), device_name=_device_name(), cursor=cursor)
    try:
        answer = client.send("PUT", f"/packages/devices/{device}", body=body)
        keys = fmt.PublicKeys.model_validate_json(answer.content).check()
    except (SyncError, ValueError, fmt.PackageError) as exc:
        log.info("data package registration skipped: %s", type(exc).__name__)
        return False
    with ws.write(durable=False, origin=changes.SYNC) as s:
        local_state.put(s, SERVER_KEYS, json.dumps({"server_url": client.base_url, "keys": keys.model_dump()}))
        local_state.put(s, REGISTERED, f"{client.base_url} {device} {pair.key_id} {keys.key_id}")
    return True


def _device_name() -> str:
    import platform

    return platform.node()[:128]


# --- export ------------------------------------------------------------------------------------


@dataclass
class ExportReport:
    package_id: str
    seq: int
    records: int
    batches: int
    size: int
    path: Path


def not_ready() -> fmt.PackageError:
    return fmt.PackageError(
        "not_registered",
        "本机还不能制作数据包：需要先联网登录一次（登录时会与服务器交换数据包密钥）",
        "This PC cannot make data packages yet: sign in online once (the sign-in exchanges the package keys)")


def export(ws: Workspace, out: Path) -> ExportReport:
    """Write everything waiting to be pushed into one package for the server (`out`).

    Each export holds all pending changes (a later one supersedes an earlier one not delivered
    yet); the batches are kept until the answer with their results is imported.
    """
    with ws.write(origin=changes.SYNC) as s:
        server = _server_keys(s)
        if server is None:
            raise not_ready()
        server_url, server_keys = server
        pair = device_keys(s)
        device = local_state.device_id(s)
        seq = int(local_state.get(s, EXPORT_SEQ, "0") or 0) + 1
        package_id = str(uuid.uuid4())
        pending = outbox.collect(s, 10**9)
        from . import wire

        batches = []
        for i in range(0, len(pending), BATCH_SIZE):
            part = pending[i: i + BATCH_SIZE]
            request = wire.PushRequest(device_id=device, batch_id=f"{_BATCH_PREFIX}{package_id}:{len(batches)}",
                                       changes=[o.change for o in part])
            batches.append((request, part))
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        manifest = {"package_id": package_id, "device_id": device, "seq": seq, "author": ws.actor,
                    "cursor": local_state.cursor(s),
                    "results_seen": int(local_state.get(s, RESULTS_SEEN, "0") or 0),
                    "batches": len(batches), "records": len(pending), "created_at": created}
        lines = [fmt.dumps_line(manifest)]
        lines += [r.model_dump_json(by_alias=True).encode("utf-8") for r, _ in batches]
        header = {"kind": fmt.EXPORT, "package_id": package_id, "device_id": device, "seq": seq,
                  "server_key": server_keys.key_id, "server_url": server_url,
                  "org_name": _org_name(s), "created_at": created}
        data = fmt.seal(header, fmt.compress_lines(lines),
                        recipient_box_public=fmt.unb64(server_keys.box_public, 32), sender=pair)
        opened = _open_exports(s)
        opened[str(seq)] = {"package_id": package_id,
                            "batches": {r.batch_id: _dump_batch(r, part) for r, part in batches}}
        local_state.put(s, OPEN_EXPORTS, json.dumps(opened, ensure_ascii=False))
        local_state.put(s, EXPORT_SEQ, str(seq))
        _write_file(out, data)  # inside the transaction: no file, no new sequence number
    return ExportReport(package_id, seq, len(pending), len(batches), len(data), out)


def _org_name(session: Session) -> str:
    from ..store.models import Organization

    org = local_state.get(session, local_state.SCOPE_ORG_ID)
    row = session.get(Organization, org) if org else None
    return row.name if row is not None else ""


def _open_exports(session: Session) -> dict[str, Any]:
    raw = local_state.get(session, OPEN_EXPORTS)
    return json.loads(raw) if raw else {}


def _dump_batch(request: Any, part: list[Outgoing]) -> dict[str, Any]:
    return {"changes": [o.change.model_dump(mode="json", by_alias=True) for o in part],
            "dirty": [o.dirty for o in part]}


def _load_batch(data: dict[str, Any]) -> dict[tuple[str, str], Outgoing]:
    from . import wire

    out = [Outgoing(wire.PushChange.model_validate(c), d)
           for c, d in zip(data["changes"], data["dirty"], strict=True)]
    return {o.key: o for o in out}


def _write_file(path: Path, data: bytes) -> None:
    from ..store.vault import write_atomic

    path = Path(path)
    write_atomic(path, data)


# --- deliver and fetch (the township's connected PC) ---------------------------------------------


def read_file(path: Path) -> bytes:
    path = Path(path)
    size = path.stat().st_size
    if size > fmt.MAX_PACKAGE_BYTES:
        raise fmt.not_a_package()
    return path.read_bytes()


def deliver(client: ServerClient, data: bytes) -> fmt.PackageSummary:
    """Hand an export package to the server (its push); the same package twice changes nothing."""
    header, _ = fmt.read_header(data)  # a truncated or foreign file is named before it travels
    if header["kind"] != fmt.EXPORT:
        raise fmt.PackageError("wrong_kind", "这是服务器发给电脑的数据包，请拷到那台电脑上，用“导入数据包”导入",
                               "This is the server's answer for a PC: import it on that PC")
    answer = client.send("POST", "/packages/deliver", raw=data)
    return fmt.PackageSummary.model_validate_json(answer.content)


def fetch(client: ServerClient, target: str, out: Path) -> fmt.PackageSummary:
    """The answer package for a PC (by branch code or workspace id), written to `out`."""
    answer = client.send("POST", "/packages/fetch", body=fmt.FetchRequest(target=target))
    summary = fmt.PackageSummary.model_validate_json(answer.headers.get(fmt.SUMMARY_HEADER, "{}"))
    fmt.read_header(answer.content)  # whole, or not written at all
    _write_file(out, answer.content)
    return summary


# --- import --------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    package_id: str
    seq: int
    results: int = 0  # push results of this PC's exports applied
    pulled: int = 0
    stats: ApplyStats = field(default_factory=ApplyStats)
    pushed_applied: int = 0
    pushed_merged: int = 0
    pushed_conflicts: int = 0
    pushed_rejected: int = 0
    problems: list[inbound.Problem] = field(default_factory=list)
    server_restored: bool = False  # what the server lost is marked to be exported again


def _foreign_device() -> fmt.PackageError:
    return fmt.PackageError("foreign_device", "这个数据包是为另一台电脑制作的，不能在本机导入，已拒收，未做任何更改",
                            "This data package was made for another PC; it cannot be imported here. "
                            "It was refused and nothing changed")


def _foreign_server(name: str) -> fmt.PackageError:
    return fmt.PackageError("foreign_server",
                            f"这个数据包不是本工作区的服务器（{name}）制作的（可能来自另一个省级平台），已拒收，未做任何更改",
                            f"This data package was not made by this workspace's server ({name}); it may come "
                            "from another province's platform. It was refused and nothing changed")


def _replayed(seq: int, known: int) -> fmt.PackageError:
    return fmt.PackageError("replayed",
                            f"这个数据包（第 {seq} 号）已经导入过或比已导入的第 {known} 号旧，已拒收，未做任何更改",
                            f"This data package (no. {seq}) was already imported or is older than no. {known}, "
                            "imported before; it was refused and nothing changed")


def import_answer(ws: Workspace, data: bytes) -> ImportReport:
    """Apply the server's answer package like a pull, in one transaction: all of it or nothing."""
    header, body = fmt.read_header(data)
    if header["kind"] == fmt.EXPORT:
        raise fmt.PackageError("wrong_kind", "这是电脑导出给服务器的数据包，请在联网的电脑上用“递交数据包”交给服务器",
                               "This package is a PC's export for the server: deliver it on a connected PC")
    if header["kind"] != fmt.ANSWER:
        raise fmt.PackageError("wrong_kind", "种子数据包只能用于安装新电脑", "A seed package only installs a new PC")
    with ws.write(origin=changes.SYNC) as s:
        device = local_state.device_id(s)
        server = _server_keys(s)
        if server is None:
            raise not_ready()
        server_url, server_keys = server
        if header.get("device_id") != device:
            raise _foreign_device()
        if header.get("server_key") != server_keys.key_id or header.get("signer") != server_keys.key_id:
            raise _foreign_server(server_url)
        seq = header.get("seq")
        generation = header.get("generation")
        if not isinstance(seq, int) or seq < 1 or not isinstance(generation, str | None):
            raise fmt.tampered()
        payload = fmt.open_sealed(data, header, body, sender_sign_public=fmt.unb64(server_keys.sign_public, 32),
                                  recipient=device_keys(s))
        state = _answers_seen(s)  # checked after the signature: a forged number says nothing
        if generation == state["generation"]:
            if seq <= state["seq"]:
                raise _replayed(seq, state["seq"])
        elif generation in state["older"]:  # made before the server was restored from a backup
            raise _replayed(seq, state["seq"])
        report = _apply_answer(s, header, payload)
        if generation != state["generation"] and state["generation"] is not None:
            state["older"].append(state["generation"])
        state["generation"], state["seq"] = generation, seq
        local_state.put(s, ANSWER_SEQ, json.dumps(state))
    return report


def _answers_seen(s: Session) -> dict[str, Any]:
    """The newest answer imported: its server database generation and number, and the
    generations before it (a restored server numbers its answers from 1 again)."""
    raw = local_state.get(s, ANSWER_SEQ)
    state = json.loads(raw) if raw else {}
    return {"generation": state.get("generation"), "seq": int(state.get("seq", 0)),
            "older": list(state.get("older", []))}


def _apply_answer(s: Session, header: dict[str, Any], payload: bytes) -> ImportReport:
    from . import wire
    from .engine import restore_point

    lines = fmt.iter_lines(payload)
    try:
        manifest = fmt.loads_line(next(lines))
    except StopIteration:
        raise fmt.tampered() from None
    if (not isinstance(manifest, dict) or manifest.get("package_id") != header.get("package_id")
            or manifest.get("device_id") != header.get("device_id") or manifest.get("seq") != header.get("seq")):
        raise fmt.tampered()
    report = ImportReport(str(manifest["package_id"]), int(manifest["seq"]))
    since = int(manifest.get("since", 0))
    cursor = local_state.cursor(s)
    if since > cursor:
        raise fmt.PackageError(
            "gap", "这个数据包缺少本机尚未收到的更早的数据，已拒收，未做任何更改。请在本机导出新的数据包，"
            "递交后再取回答复",
            "This package lacks earlier data this PC has not received; it was refused and nothing changed. "
            "Export a new package here, deliver it, then fetch the answer")
    opened = _open_exports(s)
    gate = scope_gate(s)
    generation = local_state.get(s, local_state.SERVER_GENERATION)
    newest_result = 0
    at = since
    try:
        for line in lines:
            item = fmt.loads_line(line)
            kind = item.get("t") if isinstance(item, dict) else None
            if kind == "results":
                seq = int(item["export_seq"])
                batch = opened.get(str(seq), {}).get("batches", {}).get(item["batch_id"])
                response = wire.PushResponse.model_validate(item["response"])
                newest_result = max(newest_result, seq)
                report.results += 1
                if batch is None:  # results of an export this PC no longer waits for
                    continue
                stats = apply_push_results(s, _load_batch(batch), response)
                report.pushed_applied += stats.applied
                report.pushed_merged += stats.merged
                report.pushed_conflicts += stats.conflicts
                report.pushed_rejected += stats.rejected
            elif kind == "page":
                page = wire.ChangesPage.model_validate(item["page"])
                point = restore_point(generation, page, at)
                if point is not None:  # the server was restored from a backup since this PC's last data
                    cursor = min(cursor, _server_went_back(s, point))
                    report.server_restored = True
                if page.generation is not None:
                    generation = page.generation
                good, problems = inbound.screen(page, at)
                stats = apply_page(s, page, records=good, gate=gate, last=not page.has_more)
                report.problems += problems + stats.problems
                _add(report.stats, stats)
                report.pulled += len(good)
                at = max(at, page.next)
                if page.generation is not None:
                    local_state.put(s, local_state.SERVER_GENERATION, page.generation)
                if report.server_restored:
                    cursor = min(cursor, at)  # from the restored server's position on
            else:
                raise fmt.tampered()
    except (KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        if isinstance(exc, fmt.PackageError):
            raise
        raise fmt.tampered() from None
    # A package made from an older cursor never moves this PC's cursor back (unless the server
    # itself went back: then the restored server's position counts).
    local_state.put(s, local_state.CURSOR, str(at if report.server_restored else max(cursor, at)))
    if newest_result:
        seen = max(newest_result, int(local_state.get(s, RESULTS_SEEN, "0") or 0))
        local_state.put(s, RESULTS_SEEN, str(seen))
        remaining = {k: v for k, v in opened.items() if int(k) > seen}
        local_state.put(s, OPEN_EXPORTS, json.dumps(remaining, ensure_ascii=False) if remaining else None)
    if report.problems:
        from .engine import _remember_problems

        _remember_problems(s, report.problems)
    local_state.put(s, LAST_IMPORT, dt.datetime.now().isoformat(timespec="seconds"))
    return report


LAST_IMPORT = "package.last_import"


def _server_went_back(s: Session, upto: int) -> int:
    """As the engine does for a pull (engine.SyncEngine._server_went_back): every version newer
    than the restored server's `upto` is unknown to it now, so it waits to be sent again (as new:
    a difference from the server's older copy becomes a conflict, not an overwrite). Returns the
    cursor to continue from."""
    from sqlalchemy import delete, update

    from ..store.models import SYNCED_MODELS, SyncBase

    log.warning("server restored at rev %s (seen in a data package): records marked to export again", upto)
    for model in SYNCED_MODELS.values():
        s.execute(update(model).where(model.rev > upto).values(rev=None, dirty=model.dirty + 1))
        changes.note(s, model.__tablename__)
    s.execute(delete(SyncBase).where(SyncBase.rev > upto))
    return min(local_state.cursor(s), upto)


def _add(total: ApplyStats, stats: ApplyStats) -> None:
    total.written += stats.written
    total.merged += stats.merged
    total.conflicts += stats.conflicts
    total.skipped += stats.skipped
    total.evicted += stats.evicted


# --- seeds: a new PC's first data, made at the township ------------------------------------------


@dataclass
class SeedReport:
    summary: fmt.PackageSummary
    code: str  # to write down for the new PC's user: without it the file opens for nobody
    path: Path
    size: int


_SEED_LABEL = b"ebranch seed code v1"


def seed_secret(code: str) -> bytes:
    """The AES key of a seed, from the code the township writes down (25 characters of the
    recovery code alphabet: 125 random bits, so a plain hash is enough)."""
    import hashlib

    from ..store.vault import normalize_code

    return hashlib.sha256(_SEED_LABEL + normalize_code(code).encode("ascii", "replace")).digest()


def _bad_seed() -> fmt.PackageError:
    return fmt.PackageError("seed_code", "种子码不对，或种子数据包已损坏、被改动过，没有做任何更改",
                            "Wrong seed code, or the seed package is damaged or was altered; nothing was changed")


def make_seed(ws: Workspace, client: ServerClient, target: str, out: Path) -> SeedReport:
    """At the township: the first package of a PC that never went online (for a branch code).

    This program makes the new PC's keys and device id, the server registers them and answers
    with the branch's data sealed for that PC; the file holds both, encrypted under a new seed
    code that is shown once.
    """
    from ..store.vault import new_recovery_code

    with ws.read() as s:
        server = _server_keys(s)
    if server is None:
        raise not_ready()
    _url, server_keys = server
    pair = fmt.KeyPair.generate()
    device = str(uuid.uuid4())
    request = fmt.FetchRequest(target=target, seed=fmt.SeedDevice(device_id=device, keys=pair.device_keys()))
    answer = client.send("POST", "/packages/fetch", body=request)
    summary = fmt.PackageSummary.model_validate_json(answer.headers.get(fmt.SUMMARY_HEADER, "{}"))
    header, _ = fmt.read_header(answer.content)
    if header.get("device_id") != device or header.get("server_key") != server_keys.key_id:
        raise fmt.tampered()
    code = new_recovery_code()
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    contents = {"device_id": device, "device_keys": pair.as_json(), "server_url": client.base_url,
                "server_keys": server_keys.model_dump(), "org_code": summary.org_code, "org_name": summary.org_name,
                "accounts": summary.accounts, "answer": fmt.b64(answer.content)}
    data = fmt.seal_with_secret(
        {"package_id": summary.package_id, "device_id": device, "org_name": summary.org_name,
         "server_url": client.base_url, "created_at": created},
        fmt.compress_lines([fmt.dumps_line(contents)]), seed_secret(code))
    _write_file(out, data)
    return SeedReport(summary, code, Path(out), len(data))


@dataclass
class Seed:
    """A seed opened with its code and checked (the server's signature on the answer inside)."""

    device_id: str
    keys: fmt.KeyPair
    server_url: str
    server_keys: fmt.PublicKeys
    org_id: str
    org_code: str
    org_name: str
    accounts: list[dict[str, str]]
    answer: bytes


def open_seed(data: bytes, code: str) -> Seed:
    header, body = fmt.read_header(data)
    if header["kind"] != fmt.SEED:
        raise fmt.PackageError("wrong_kind", "这不是种子数据包", "This is not a seed package")
    payload = fmt.open_with_secret(data, header, body, seed_secret(code))
    if payload is None:
        raise _bad_seed()
    try:
        contents = fmt.loads_line(next(fmt.iter_lines(payload)))
        seed = Seed(str(contents["device_id"]), fmt.KeyPair.from_json(contents["device_keys"]),
                    str(contents["server_url"]), fmt.PublicKeys.model_validate(contents["server_keys"]).check(),
                    "", str(contents["org_code"]), str(contents["org_name"]),
                    [dict(a) for a in contents["accounts"]], fmt.unb64(contents["answer"]))
    except (StopIteration, KeyError, TypeError, ValueError):
        raise _bad_seed() from None
    inner, start = fmt.read_header(seed.answer)
    if inner.get("kind") != fmt.ANSWER or inner.get("device_id") != seed.device_id \
            or inner.get("signer") != seed.server_keys.key_id:
        raise fmt.tampered()
    answer_payload = fmt.open_sealed(seed.answer, inner, start,
                                     sender_sign_public=fmt.unb64(seed.server_keys.sign_public, 32),
                                     recipient=seed.keys)
    manifest = fmt.loads_line(next(fmt.iter_lines(answer_payload)))
    if not isinstance(manifest, dict) or not isinstance(manifest.get("org_id"), str):
        raise fmt.tampered()
    seed.org_id = manifest["org_id"]
    return seed


def install_seed(ws: Workspace, data: bytes, code: str, username: str, password: str
                 ) -> tuple[ImportReport, str]:
    """On a new PC: create the workspace from a seed (bound to its server and branch, with the
    device id and keys the township made) and import the data inside. Returns the import's
    figures and the new workspace's recovery code."""
    from .account import Accounts

    seed = open_seed(data, code)
    account = next((a for a in seed.accounts if a.get("username") == username), None)
    if account is None:
        names = "、".join(a.get("username", "") for a in seed.accounts) or "（无）"
        raise fmt.PackageError("unknown_user",
                               f"{username} 不是“{seed.org_name}”在省级平台上的账号。可用的账号：{names}",
                               f"{username} is not an account of {seed.org_name}. Accounts: {names}")
    recovery = Accounts(ws).create_from_seed(
        username, password, display_name=account.get("display_name", username), role=account.get("role", "secretary"),
        device=seed.device_id, server_url=seed.server_url, org_id=seed.org_id, org_name=seed.org_name)
    with ws.write(origin=changes.SYNC) as s:
        local_state.put(s, DEVICE_KEYS, json.dumps(seed.keys.as_json()))
        local_state.put(s, SERVER_KEYS, json.dumps({"server_url": seed.server_url,
                                                    "keys": seed.server_keys.model_dump()}))
        # Registered by the township's request: the first online sign-in has nothing to send.
        local_state.put(s, REGISTERED,
                        f"{seed.server_url} {seed.device_id} {seed.keys.key_id} {seed.server_keys.key_id}")
    return import_answer(ws, seed.answer), recovery
