"""An old client against a newer server (or the reverse) is told to update, in plain words."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from ebranch_desktop.sync import wire
from ebranch_desktop.sync.errors import BadAnswer, UpdateRequired
from ebranch_desktop.sync.http import ServerClient


class _Fixed(http.server.BaseHTTPRequestHandler):
    status = 426
    body = b""

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


@pytest.fixture
def answering():
    servers = []

    def start(status: int, body: bytes) -> str:
        handler = type("H", (_Fixed,), {"status": status, "body": body})
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}"

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


def test_upgrade_required_carries_the_servers_message(answering):
    body = wire.ErrorBody(error="client_outdated", message="客户端版本过旧，请升级 e支部 客户端",
                          message_en="This client is too old; please update").model_dump_json().encode()
    client = ServerClient(answering(426, body), token="t")
    with pytest.raises(UpdateRequired) as info:
        client.changes(0)
    assert "升级" in info.value.message


def test_upgrade_required_without_a_body_still_says_update(answering):
    client = ServerClient(answering(426, b""), token="t")
    with pytest.raises(UpdateRequired) as info:
        client.changes(0)
    assert "升级" in info.value.message and "update" in info.value.message_en


@pytest.mark.parametrize("body", [b"<html>proxy error</html>", b'{"changes": "nope"}', b"\x1f\x8b garbage"])
def test_a_broken_answer_is_a_clear_error_not_a_crash(answering, body):
    client = ServerClient(answering(200, body), token="t")
    with pytest.raises(BadAnswer) as info:
        client.changes(0)
    assert "无法识别" in info.value.message


def test_a_server_error_page_is_reported_plainly(answering):
    client = ServerClient(answering(500, json.dumps({"detail": "boom"}).encode()), token="t")
    with pytest.raises(BadAnswer) as info:
        client.changes(0)
    assert "500" in info.value.message
