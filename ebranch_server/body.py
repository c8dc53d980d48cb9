"""Request bodies: read with a size cap, gunzipped incrementally with the same cap (gzip bombs),
parsed as strict JSON, and checked for values that could be parsed but not stored.

`WireRoute` hands FastAPI the decoded body, so push and login bodies are parsed by the wire
models whether or not they arrived compressed. Anything the JSON parser cannot read — not
UTF-8, not JSON, NaN or Infinity (not JSON either), a number Python refuses to convert (over
4,300 digits) or that overflows a float, nesting deeper than MAX_JSON_DEPTH — is answered with
the documented `malformed_json` ErrorBody (400), never a generic error.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from ebranch_desktop.sync.wire import MAX_BODY_BYTES

from .errors import ApiError, body_too_large

_CHUNK = 64 * 1024
MAX_JSON_DEPTH = 32  # a push is 6 levels deep; 32 leaves room and keeps every walk shallow
INT64 = 2**63 - 1  # PostgreSQL and SQLite store integers of at most 64 bits


def malformed_json(zh: str = "请求内容不是有效的 JSON", en: str = "The request body is not valid JSON") -> ApiError:
    return ApiError(400, "malformed_json", zh, en)


def _not_json_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether containers nest deeper than `limit` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def parse_json(raw: bytes) -> Any:
    """Strict JSON (RFC 8259) in UTF-8, or the malformed_json error."""
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_constant=_not_json_constant, parse_float=_finite_float)
    except RecursionError:
        raise malformed_json("请求内容的 JSON 嵌套过深", "The request body's JSON is nested too deeply") from None
    except ValueError:  # also UnicodeDecodeError, JSONDecodeError and the int digit limit
        raise malformed_json() from None
    if too_deep(value):
        raise malformed_json(f"请求内容的 JSON 嵌套超过 {MAX_JSON_DEPTH} 层",
                             f"The request body's JSON is nested deeper than {MAX_JSON_DEPTH} levels")
    return value


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
    """A request whose body() is the capped, decompressed body and json() the strict parse."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json

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
        takes_body = self.body_field is not None

        async def wire_handler(request: Request) -> Response:
            if takes_body and _has_body(request):
                _check_media_type(request.headers.get("content-type"))
            return await handler(WireRequest(request.scope, request.receive))

        return wire_handler


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return "transfer-encoding" in request.headers or (length is not None and length.strip() not in ("", "0"))


def _check_media_type(value: str | None) -> None:
    """A body must be declared JSON: any other media type, or none, is 415."""
    media = (value or "").split(";", 1)[0].strip().lower()
    if media == "application/json" or (media.startswith("application/") and media.endswith("+json")):
        return
    raise ApiError(415, "unsupported_media_type", "请求内容必须是 JSON（Content-Type: application/json）",
                   "The request body must be JSON (Content-Type: application/json)")


def _bad_scalar(value: Any) -> bool:
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -INT64 - 1 <= value <= INT64
    if isinstance(value, float):
        return not math.isfinite(value)
    return False


def unstorable(value: Any) -> bool:
    """Whether a parsed value holds NUL (PostgreSQL text refuses it), lone surrogates (not
    UTF-8), an integer beyond 64 bits or NaN/Infinity — anywhere, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if _bad_scalar(key):
                    return True
                stack.append(child)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif _bad_scalar(item):
            return True
    return False


STRING_RULE_ZH = "请求中含有无法保存的字符或数值（NUL、不成对的代理字符、超过 64 位的整数）"
STRING_RULE_EN = ("The request holds characters or numbers that cannot be stored "
                  "(NUL, lone surrogates, integers beyond 64 bits)")


def ensure_storable(*values: Any) -> None:
    """Refuse (422) text or numbers that could be parsed but neither stored nor sent back."""
    if any(unstorable(v) for v in values):
        raise ApiError(422, "invalid_request", STRING_RULE_ZH, STRING_RULE_EN)
