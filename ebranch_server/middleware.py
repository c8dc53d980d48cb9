"""ASGI middleware: the protocol header on every answer, and 426 for an incompatible client."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool

from ebranch_desktop.sync.wire import (
    API_PREFIX,
    CLIENT_HEADER,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    ErrorBody,
)

log = logging.getLogger(__name__)
_HEADER = PROTOCOL_HEADER.lower().encode("latin-1")
_CLIENT = CLIENT_HEADER.lower().encode("latin-1")
_UPDATES = API_PREFIX + "/updates/"  # update packages: for clients of any protocol
_VALUE = str(PROTOCOL_VERSION).encode("latin-1")


def protocol_problem(value: str | None) -> ErrorBody | None:
    """None if a client speaking `value` may talk to this server, else the 426 answer."""
    try:
        version = int(value.strip()) if value is not None else None
    except ValueError:
        version = None
    if version is not None and version > PROTOCOL_VERSION:
        return ErrorBody(
            error="server_outdated",
            message=f"服务器版本过旧（支持协议 {MIN_PROTOCOL_VERSION}–{PROTOCOL_VERSION}，"
                    f"客户端为 {version}），请联系管理员升级服务器",
            message_en=f"The server is too old (protocol {MIN_PROTOCOL_VERSION}-"
                       f"{PROTOCOL_VERSION}, client {version}); ask the administrator to update it",
        )
    if version is None or version < MIN_PROTOCOL_VERSION:
        return ErrorBody(
            error="client_outdated",
            message=f"客户端版本过旧，请升级 e支部 客户端（需要请求头 {PROTOCOL_HEADER}: "
                    f"{MIN_PROTOCOL_VERSION}–{PROTOCOL_VERSION}）",
            message_en=f"The client is too old; please update it (header {PROTOCOL_HEADER}: "
                       f"{MIN_PROTOCOL_VERSION}-{PROTOCOL_VERSION} required)",
        )
    return None


class ProtocolMiddleware:
    """Adds the server's protocol header to every response; refuses API calls without a
    compatible one with 426 before anything else runs."""

    def __init__(self, app, offer_for=None):  # noqa: ANN001 - ASGI app
        self.app = app
        # (X-Ebranch-Client, X-Ebranch-Protocol) -> the newer program to offer in a 426 answer
        # (client_releases.offer_for), so an outdated client learns where its update is.
        self.offer_for = offer_for

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI signature
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_header(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (_HEADER, _VALUE)]
            await send(message)

        if scope["path"].startswith(API_PREFIX) and not scope["path"].startswith(_UPDATES):
            value = next((v.decode("latin-1") for k, v in scope["headers"] if k == _HEADER), None)
            problem = protocol_problem(value)
            if problem is not None:
                if self.offer_for is not None and problem.error == "client_outdated":
                    client = next((v.decode("latin-1") for k, v in scope["headers"] if k == _CLIENT), None)
                    try:
                        problem.client_update = await run_in_threadpool(self.offer_for, client, value)
                    except Exception:  # noqa: BLE001 - the 426 itself must still go out
                        log.warning("no update offer for a 426 answer", exc_info=True)
                body = problem.model_dump_json().encode("utf-8")
                await send_with_header({
                    "type": "http.response.start", "status": 426,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())],
                })
                await send_with_header({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send_with_header)
