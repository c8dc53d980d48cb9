"""The HTTP client of the sync protocol: explicit timeouts, retries, TLS, gzip, clear errors.

Calls that may safely be repeated (GETs, the sign-in, the key PUT, a push, which the server
answers idempotently by its batch id) are retried here, with exponential backoff and jitter,
when the link fails (`Backoff`); nothing is retried inside urllib3, so no library prints its own
retry warnings. `on_retry` lets the engine show the wait and cancel it. TLS certificates are always verified, against a
custom CA bundle when the province runs its own CA.

The client talks only to the origin the user signed in to: no redirect is ever followed (a
redirected sign-in would re-post the password elsewhere), and no answer is read beyond a fixed
size, whatever its headers or its compression claim.
"""

from __future__ import annotations

import gzip
import http.client
import json
import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pydantic
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .. import __version__
from . import columns, wire
from .errors import AuthRequired, BadAnswer, Refused, Unreachable, UpdateRequired

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
# The largest answer read (after decompression): a full page of the biggest records fits well
# below; a gzip bomb or an endless body stops here.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
M = TypeVar("M", bound=pydantic.BaseModel)

BLOB_CHUNK_HASH_HEADER = "X-Chunk-Sha256"  # ebranch_server/blobs.CHUNK_HASH_HEADER

UNREACHABLE = Unreachable("服务器无法连接，将自动重试", "The server cannot be reached; will retry automatically")


class Garbled(BadAnswer):
    """An answer whose HTTP framing broke (status line, headers, length): a hostile server, or
    a link cut inside the headers, which looks the same. Retried like an outage; if every try
    is garbled it is the server's fault (a BadAnswer)."""


@dataclass(frozen=True)
class Backoff:
    """How often a call is tried when the link fails, and how long to wait in between: `first`,
    doubling up to `cap` seconds, each wait ±20 % (so PCs cut by the same outage do not all
    come back in the same second)."""

    attempts: int
    first: float = 1.0
    cap: float = 30.0

    def wait(self, attempt: int) -> float:
        """Seconds before try number `attempt + 1` (`attempt` counts from 0)."""
        scale = float(os.environ.get("EBRANCH_RETRY_SCALE", "1") or 1)  # tests: 0.01
        base = min(self.cap, self.first * 2**attempt)
        return base * random.uniform(0.8, 1.2) * scale  # noqa: S311 - jitter, not secrecy


# Pages, pushes, key calls: a rural link drops for a minute at a time; 1+2+4+8+16+30+30 s.
CALL_BACKOFF = Backoff(attempts=8)
# The sign-in: a person is waiting (and an unreachable server means "sign in offline").
LOGIN_BACKOFF = Backoff(attempts=4, first=1.0, cap=4.0)


class ServerClient:
    """One server, one optional bearer token. Thread-compatible: one instance per worker."""

    def __init__(self, base_url: str, *, token: str | None = None, ca_bundle: str | None = None,
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT), client_ident: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        # The newest program the server offered in any answer (updates/, docs/sync-protocol.md).
        self.update_offer: wire.ClientUpdate | None = None
        self.requests_made = 0
        self.bytes_received = 0
        self.bytes_sent = 0
        self.retries = 0
        self.columns = True  # ask for column pages (protocol 3); False: JSON rows
        self.backoff = CALL_BACKOFF
        self.login_backoff = LOGIN_BACKOFF
        # Called before each wait with (attempt, seconds, error): the engine shows it and may
        # raise (a cancel) to stop waiting; the default sleeps.
        self.on_retry: Callable[[int, float, Exception], None] | None = None
        self._session = requests.Session()
        # Passed with every request: requests lets $REQUESTS_CA_BUNDLE override a session-level
        # setting, and the provincial CA must win over whatever the environment says.
        self.verify: str | bool = ca_bundle or True
        # No retries inside urllib3 (they log raw warnings); `_retrying` does them.
        retry = Retry(total=0, connect=0, read=0, redirect=0, status=0,
                      raise_on_status=False, raise_on_redirect=False)
        adapter = HTTPAdapter(max_retries=retry)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers.update({
            wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION),
            "Accept-Encoding": "gzip",
            "User-Agent": f"ebranch-desktop/{__version__}",
        })
        ident = client_ident if client_ident is not None else _client_ident()
        if ident:
            self._session.headers[wire.CLIENT_HEADER] = ident

    def close(self) -> None:
        self._session.close()

    # --- calls ---------------------------------------------------------------------------
    def health(self, timeout: float = 3.0) -> wire.Health:
        return self._call("GET", "/health", wire.Health, auth=False, timeout=(timeout, timeout))

    def login(self, username: str, password: str, device_id: str, device_name: str = "") -> wire.LoginResponse:
        body = wire.LoginRequest(username=username, password=password, device_id=device_id,
                                 device_name=device_name)
        return self._retrying(self.login_backoff, lambda: self._call(
            "POST", "/auth/login", wire.LoginResponse, body=body, auth=False))

    def logout(self) -> None:
        self._request("POST", "/auth/logout", None, auth=True)

    def changes(self, since: int, limit: int = wire.DEFAULT_PAGE_SIZE,
                own: list[tuple[int, int]] | None = None, count: bool = False) -> wire.ChangesPage:
        """One page after `since`; `own`: runs of revs recorded from our own push answers (the
        server leaves those records out: no echo); `count`: ask how many records remain."""
        runs = [(lo, hi) for lo, hi in (own or []) if hi > since][-wire.MAX_OWN_RUNS:]
        extra = f"&own={wire.format_own_runs(runs)}" if runs else ""
        extra += "&count=1" if count else ""
        path = f"/sync/changes?since={int(since)}&limit={int(limit)}{extra}{self._format}"
        return self._retrying(self.backoff, lambda: self._page(path))

    def changes_part(self, part: str, part_from: str, since: int, limit: int, upto: int | None,
                     count: bool = False) -> wire.ChangesPage:
        """One page of a part ("recent" | "history") of a first download, up to `upto` (None on
        the first page: the server names it in `part_upto`)."""
        path = (f"/sync/changes?since={int(since)}&limit={int(limit)}&part={part}&part_from={part_from}"
                + (f"&upto={int(upto)}" if upto is not None else "") + ("&count=1" if count else "")
                + self._format)
        return self._retrying(self.backoff, lambda: self._page(path))

    def push(self, request: wire.PushRequest, *, retry: bool = True) -> wire.PushResponse:
        """`retry=False`: one try (the engine keeps the batch and resends it next run)."""
        call = lambda: self._call("POST", "/sync/push", wire.PushResponse, body=request)  # noqa: E731
        return self._retrying(self.backoff, call) if retry else call()

    def put_device_key(self, device_id: str, key_b64: str) -> None:
        """Escrow this workspace's database key with the server (docs/security.md)."""
        self._retrying(self.backoff, lambda: self._request(
            "PUT", f"/devices/{_path_part(device_id)}/key", wire.DeviceKey(key=key_b64), auth=True))

    def get_device_key(self, device_id: str) -> wire.DeviceKey | None:
        """The escrowed key of this PC's workspace, if the caller may have it."""
        try:
            return self._retrying(self.backoff, lambda: self._call(
                "GET", f"/devices/{_path_part(device_id)}/key", wire.DeviceKey))
        except Refused as exc:
            if exc.status == 404:
                return None
            raise

    def send(self, method: str, path: str, *, body: pydantic.BaseModel | None = None,
             raw: bytes | None = None) -> requests.Response:
        """An authenticated call whose answer the caller reads itself: a JSON or a raw body
        (the data package endpoints, sync/packages.py)."""
        return self._request(method, path, body, auth=True, raw=raw)

    # --- blobs (photos): chunked, resumable (docs/sync-protocol.md "Blobs") -------------------
    def blob_start(self, sha256: str, size: int, chunk_size: int = wire.BLOB_CHUNK_BYTES) -> wire.BlobStatus:
        """Start or resume an upload: which chunks the server already holds."""
        body = wire.BlobUploadRequest(size=size, chunk_size=chunk_size)
        return self._call("POST", f"/blobs/{_path_part(sha256)}/upload", wire.BlobStatus, body=body)

    def blob_chunk(self, sha256: str, idx: int, data: bytes) -> wire.BlobStatus:
        """One chunk (its SHA-256 in a header: a chunk damaged on the way is refused, not kept)."""
        import hashlib

        return self._call("PUT", f"/blobs/{_path_part(sha256)}/chunks/{int(idx)}", wire.BlobStatus, raw=data,
                          headers={BLOB_CHUNK_HASH_HEADER: hashlib.sha256(data).hexdigest()})

    def blob_range(self, sha256: str, start: int, end: int) -> bytes:
        """Bytes [start, end) of a blob the server holds whole."""
        response = self._request("GET", f"/blobs/{_path_part(sha256)}", None, auth=True,
                                 headers={"Range": f"bytes={int(start)}-{int(end) - 1}"})
        data = response.content
        if response.status_code not in (200, 206) or (response.status_code == 206 and len(data) != end - start):
            raise BadAnswer("服务器返回的文件分块不完整", "The server sent an incomplete part of the file")
        return data[start:end] if response.status_code == 200 else data

    @property
    def _format(self) -> str:
        return "&format=columns" if self.columns else ""

    def _page(self, path: str) -> wire.ChangesPage:
        """A pull page: column pages (protocol 3) are decoded into the same ChangesPage, which
        is validated as any page; a server that does not know them answers rows."""
        response = self._request("GET", path, None, auth=True)
        content = response.content
        if not content.startswith(b'{"format":'):
            return self._noting_offer(self._parse(content, wire.ChangesPage, "GET", path))
        try:
            data = json.loads(content, parse_constant=_no_constant)
            if not isinstance(data, dict) or data.get("format") != columns.FORMAT:
                raise columns.Malformed("format")
            decoded = columns.decode(data, wire.MAX_PAGE_SIZE)
            if "client_update" in data:  # beside the columns, as on a row page
                decoded["client_update"] = data["client_update"]
            return self._noting_offer(wire.ChangesPage.model_validate(decoded))
        except (columns.Malformed, pydantic.ValidationError, ValueError, RecursionError, TypeError,
                KeyError, IndexError) as exc:
            log.warning("bad column page from GET %s: %s", path, type(exc).__name__)
            raise BadAnswer("服务器返回了无法识别的数据，请稍后再试或联系管理员",
                            "The server sent an answer this program cannot read") from None

    # --- plumbing ------------------------------------------------------------------------
    def _retrying(self, backoff: Backoff, call: Callable[[], M]) -> M:
        """`call`, tried again after a wait while the link fails (Unreachable: no answer, a cut
        answer, 502/503/504); any answer the server really gave is final."""
        attempt = 0
        while True:
            try:
                return call()
            except (Unreachable, Garbled) as exc:
                if attempt + 1 >= backoff.attempts:
                    if isinstance(exc, Garbled):
                        log.warning("the server's answers stay malformed (%d tries)", backoff.attempts)
                    raise
                seconds = backoff.wait(attempt)
                self.retries += 1
                log.info("link failed (%s); try %d again in %.1f s", exc.message_en, attempt + 2, seconds)
                if self.on_retry is not None:
                    self.on_retry(attempt, seconds, exc)
                else:
                    time.sleep(seconds)
                attempt += 1

    def _call(self, method: str, path: str, model: type[M], *, body: pydantic.BaseModel | None = None,
              auth: bool = True, timeout: tuple[float, float] | None = None, raw: bytes | None = None,
              headers: dict[str, str] | None = None) -> M:
        response = self._request(method, path, body, auth=auth, timeout=timeout, raw=raw, headers=headers)
        return self._noting_offer(self._parse(response.content, model, method, path))

    def _noting_offer(self, answer: M) -> M:
        """Keeps a newer program the server offered with this answer (`client_update`: pull
        pages, push answers and 426; docs/sync-protocol.md "Client updates")."""
        offer = getattr(answer, "client_update", None)
        if offer is not None:
            self.update_offer = offer
        return answer

    @staticmethod
    def _parse(content: bytes, model: type[M], method: str, path: str) -> M:
        try:
            return model.model_validate_json(content)
        except (pydantic.ValidationError, ValueError, RecursionError) as exc:
            detail = exc.errors()[:3] if isinstance(exc, pydantic.ValidationError) else type(exc).__name__
            log.warning("bad answer from %s %s: %s", method, path, detail)
            raise BadAnswer("服务器返回了无法识别的数据，请稍后再试或联系管理员",
                            "The server sent an answer this program cannot read") from None

    def _request(self, method: str, path: str, body: pydantic.BaseModel | None, *, auth: bool,
                 timeout: tuple[float, float] | None = None, raw: bytes | None = None,
                 headers: dict[str, str] | None = None) -> requests.Response:
        """`raw`: bytes sent as they are (a blob's chunk, a data package already compressed and
        encrypted); `headers`: added to the request."""
        headers = dict(headers or {})
        data = None
        if raw is not None:
            data = raw
            headers.setdefault("Content-Type", "application/octet-stream")
            self.bytes_sent += len(data)
        elif body is not None:
            raw = body.model_dump_json(by_alias=True).encode()
            data = gzip.compress(raw, compresslevel=6) if len(raw) > 1024 else raw
            headers["Content-Type"] = "application/json"
            if data is not raw:
                headers["Content-Encoding"] = "gzip"
            self.bytes_sent += len(data)
        if auth:
            if not self.token:
                raise AuthRequired("请先登录", "Please sign in first")
            headers["Authorization"] = f"Bearer {self.token}"
        url = f"{self.base_url}{wire.API_PREFIX}{path}"
        try:
            response = self._session.request(method, url, data=data, headers=headers, verify=self.verify,
                                             timeout=timeout or self.timeout, stream=True,
                                             allow_redirects=False)
            _read_bounded(response)
        except requests.exceptions.SSLError as exc:
            raise Refused(
                "服务器证书验证失败：请确认服务器地址，或在设置中配置省级平台的根证书",
                f"The server's TLS certificate could not be verified ({type(exc).__name__})",
            ) from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError) as exc:
            if _garbled(exc):
                log.info("malformed answer from %s %s", method, path)
                raise Garbled("服务器返回了无法识别的数据，请稍后再试或联系管理员",
                              "The server sent an answer this program cannot read") from None
            raise UNREACHABLE from None
        except requests.exceptions.ContentDecodingError:
            raise BadAnswer("服务器返回的数据已损坏，请稍后再试", "The server's answer was corrupt") from None
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema) as exc:
            raise Refused(f"服务器地址无效：{exc}", f"Invalid server address: {exc}") from None
        except (requests.exceptions.RequestException, http.client.HTTPException) as exc:
            # Anything else a server can provoke (hostile headers, broken framing) is its fault
            # (or a cut inside the headers: tried again first).
            log.info("broken answer from %s %s: %s", method, path, type(exc).__name__)
            raise Garbled("服务器返回了无法识别的数据，请稍后再试或联系管理员",
                            "The server sent an answer this program cannot read") from None
        self.requests_made += 1
        self.bytes_received += response.wire_bytes
        if not _framed(response):
            # Neither a length nor chunks: the body ran until the connection closed, which is
            # also what a link cut inside the headers looks like. Our server always frames.
            log.info("unframed answer from %s %s: taken for a cut link", method, path)
            raise UNREACHABLE
        if 300 <= response.status_code < 400:
            where = response.headers.get("Location", "")
            log.warning("refused a redirect from %s %s to %s", method, path, where[:200])
            raise BadAnswer(
                "服务器要求转到其他地址，为保护账号安全已停止。请确认服务器地址（含 https://）是否正确",
                "The server answered with a redirect; it was not followed, to keep your password safe. "
                "Check the server address",
            )
        if response.status_code >= 400:
            self._raise_for(response)
        return response

    @staticmethod
    def _error_body(response: requests.Response) -> wire.ErrorBody | None:
        try:
            return wire.ErrorBody.model_validate(json.loads(response.content))
        except (ValueError, pydantic.ValidationError):
            return None

    def _raise_for(self, response: requests.Response) -> None:
        status = response.status_code
        body = self._error_body(response)
        zh = body.message if body else ""
        en = body.message_en if body else ""
        if status == 426:
            exc = UpdateRequired(zh or "程序版本与服务器不兼容，请升级 e支部",
                                 en or "This program and the server are incompatible; please update")
            exc.offer = body.client_update if body else None
            exc.code = body.error if body else None  # client_outdated | server_outdated
            if exc.offer is not None:
                self.update_offer = exc.offer
            raise exc
        if status == 401:
            raise AuthRequired(zh or "登录已失效，请重新登录", en or "Your sign-in has expired; please sign in again")
        if status in (502, 503, 504):
            raise UNREACHABLE
        if status >= 500 or body is None:
            raise BadAnswer(f"服务器出错（{status}），请稍后再试", f"The server failed ({status}); please try later")
        raise Refused(zh, en, status=status, code=body.error)


def _client_ident() -> str | None:
    from ..updates.target import client_ident

    return client_ident()


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _framed(response: requests.Response) -> bool:
    headers = response.headers
    length = headers.get("Content-Length")
    if length is not None:
        return length.strip().isascii() and length.strip().isdigit()  # "Content-Length: " then a cut
    return ("chunked" in headers.get("Transfer-Encoding", "").lower()
            or response.status_code in (204, 304) or response.request.method == "HEAD")


def _garbled(exc: BaseException) -> bool:
    """True when the connection worked but what came back was not HTTP (too many or too long
    headers, a broken status line): the server's fault, not the network's."""
    seen: set[int] = set()
    stack: list[object] = [exc]
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (http.client.RemoteDisconnected, http.client.IncompleteRead)):
            return False  # the link dropped: an outage
        if isinstance(current, http.client.HTTPException):
            return True
        stack.extend([current.__cause__, current.__context__, *current.args])
    return False


def _path_part(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _read_bounded(response: requests.Response) -> None:
    """Read the body into `response` (as `.content`), refusing more than MAX_ANSWER_BYTES.

    `wire_bytes` is what crossed the network (compressed), for the sync figures.
    """
    from urllib3 import exceptions as u3

    chunks: list[bytes] = []
    size = 0
    raw = response.raw
    try:
        for chunk in raw.stream(65536, decode_content=True):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                response.close()
                raise BadAnswer("服务器返回的数据过大，已停止接收",
                                "The server's answer was too large; it was refused")
            chunks.append(chunk)
    except (u3.ProtocolError, u3.ReadTimeoutError, u3.SSLError, OSError):
        raise UNREACHABLE from None  # the link broke mid-answer: retried like any outage
    except (u3.DecodeError, u3.HTTPError):
        raise BadAnswer("服务器返回的数据已损坏，请稍后再试", "The server's answer was corrupt") from None
    response._content = b"".join(chunks)  # noqa: SLF001 - what requests does after a full read
    response._content_consumed = True  # noqa: SLF001
    response.wire_bytes = int(getattr(raw, "tell", lambda: 0)() or size)  # type: ignore[attr-defined]


