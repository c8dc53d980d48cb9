"""Request bodies: read with a size cap, gunzipped incrementally with the same cap (gzip bombs).

`WireRoute` hands FastAPI the decoded body, so push and login bodies are parsed by the wire
models whether or not they arrived compressed.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from ebranch_desktop.sync.wire import MAX_BODY_BYTES

from .errors import ApiError, body_too_large

_CHUNK = 64 * 1024


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, giving up as soon as the output would pass `limit` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = data
    try:
        while pending:
            out += inflater.decompress(pending, _CHUNK)
            if len(out) > limit:
                raise body_too_large(limit)
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        out += inflater.flush()
    except zlib.error:
        raise ApiError(400, "bad_gzip", "请求内容的 gzip 压缩数据已损坏",
                       "The gzip-compressed request body is corrupt") from None
    if len(out) > limit:
        raise body_too_large(limit)
    if not inflater.eof:
        raise ApiError(400, "bad_gzip", "请求内容的 gzip 压缩数据不完整",
                       "The gzip-compressed request body is truncated")
    return bytes(out)


class WireRequest(Request):
    """A request whose body() is the capped, decompressed body."""

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            declared = self.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                raise body_too_large(MAX_BODY_BYTES)
            raw = bytearray()
            async for chunk in self.stream():
                raw += chunk
                if len(raw) > MAX_BODY_BYTES:
                    raise body_too_large(MAX_BODY_BYTES)
            encoding = self.headers.get("content-encoding", "").strip().lower()
            if encoding == "gzip":
                self._body = gunzip_capped(bytes(raw), MAX_BODY_BYTES)
            elif encoding in ("", "identity"):
                self._body = bytes(raw)
            else:
                raise ApiError(415, "unsupported_encoding",
                               f"不支持的请求压缩方式：{encoding}（请使用 gzip）",
                               f"Unsupported Content-Encoding {encoding} (use gzip)")
        return self._body


class WireRoute(APIRoute):
    """An APIRoute whose handler reads bodies through WireRequest."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def wire_handler(request: Request) -> Response:
            return await handler(WireRequest(request.scope, request.receive))

        return wire_handler


def _bad_value(value: Any) -> bool:
    """NUL (PostgreSQL text refuses it), lone surrogates (not UTF-8) or NaN/Infinity (not JSON)."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_bad_value(k) or _bad_value(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_bad_value(v) for v in value)
    return False


def ensure_storable(*values: Any) -> None:
    """Refuse (422) text or numbers that could be parsed but neither stored nor sent back."""
    if any(_bad_value(v) for v in values):
        raise ApiError(422, "invalid_request",
                       "请求中含有无法保存的字符或数值（NUL、不成对的代理字符、NaN 或无穷大）",
                       "The request holds characters or numbers that cannot be stored "
                       "(NUL, lone surrogates, NaN or infinity)")
