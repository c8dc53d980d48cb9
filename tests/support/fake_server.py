"""A fake provincial server for attack tests: it speaks the protocol well enough to sign a client
in and serve it a small branch, and then — by `mode` — redirects, lies about scope, sends
malformed records, endless pages, hostile headers or broken bodies.

Plain stdlib (http.server) in a thread on 127.0.0.1, so a test controls every byte.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ebranch_desktop.demo_data import Plan, generate
from ebranch_desktop.sync import wire

PASSWORD = "demo1234"


def _records(plan: Plan) -> list[dict[str, Any]]:
    out = []
    for rev, (table, rid, fields) in enumerate(generate(plan), start=1):
        out.append({"table": table, "id": rid, "rev": rev, "deleted": False, "updated_by": "fake",
                    "updated_at": "2026-01-01T09:00:00", "fields": json.loads(json.dumps(fields, default=str))})
    return out


class Recorder(ThreadingHTTPServer):
    """Another host a hostile server redirects to: it only writes down what reaches it."""

    daemon_threads = True

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, bytes]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                recorder.seen.append((self.command, self.path, self.rfile.read(length)))
                body = json.dumps({"changes": [], "evictions": [], "next": 999, "has_more": False,
                                   "server_time": "2026-01-01T00:00:00Z"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _any  # noqa: N815

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class FakeServer(ThreadingHTTPServer):
    """`mode` decides how it misbehaves; "normal" serves the branch honestly."""

    daemon_threads = True

    def __init__(self, *, township: bool = False) -> None:
        """`township`: the account is the township's, and every branch's organization record
        comes last (renamed after everything else was entered), so its records arrive first."""
        self.mode = "normal"
        self.elsewhere = Recorder()
        everything = _records(Plan(branches=2, months=3, planned_ahead=False))
        orgs = [r for r in everything if r["table"] == "organizations"]
        branches = [o for o in orgs if o["fields"]["level"] == "branch"]
        self.branch, self.other_branch = branches[0], branches[1]
        meeting_branch = {r["id"]: r["fields"]["branch_id"] for r in everything if r["table"] == "meetings"}

        def branch_of(r: dict) -> str | None:
            if r["table"] == "organizations":
                return None
            if r["table"] == "attendance":
                return meeting_branch[r["fields"]["meeting_id"]]
            return r["fields"]["branch_id"]

        mine = [r for r in everything if branch_of(r) in (None, self.branch["id"])
                and r["id"] != self.other_branch["id"]]
        self.others = [r for r in everything if branch_of(r) == self.other_branch["id"]]
        self.account = self.branch
        if township:
            self.account = next(o for o in orgs if o["fields"]["level"] == "township")
            mine = [r for r in everything if r not in branches] + branches
        self.records = [dict(r, rev=n) for n, r in enumerate(mine, start=1)]
        self.counter = len(self.records)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _json(self, status: int, value: Any, headers: dict[str, str] | None = None) -> None:
                self._raw(status, json.dumps(value, ensure_ascii=False).encode(), headers)

            def _raw(self, status: int, body: bytes, headers: dict[str, str] | None = None,
                     content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if "Content-Length" not in (headers or {}):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> bytes:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                return gzip.decompress(data) if self.headers.get("Content-Encoding") == "gzip" else data

            def do_GET(self) -> None:  # noqa: N802
                server.handle_get(self)

            def do_POST(self) -> None:  # noqa: N802
                server.handle_post(self, self._body())

            def do_PUT(self) -> None:  # noqa: N802
                self._body()
                self._json(404, {"error": "not_found", "message": "没有", "message_en": "none"})

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self.elsewhere.shutdown()
        self.elsewhere.server_close()

    # --- answers -------------------------------------------------------------------------------
    def _now(self) -> str:
        return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")

    def handle_post(self, h: Any, body: bytes) -> None:
        path = h.path.split("?")[0]
        if path.endswith("/auth/login"):
            if self.mode == "redirect_login":
                h._raw(307, b"", {"Location": f"{self.elsewhere.url}/api/v1/auth/login"})
                return
            if json.loads(body).get("password") != PASSWORD:
                h._json(401, {"error": "bad_credentials", "message": "用户名或密码错误",
                              "message_en": "Wrong user name or password"})
                return
            b = self.account
            role = "secretary" if b is self.branch else "township"
            h._json(200, {"token": "t" * 43, "expires_at": "2099-01-01T00:00:00Z",
                          "user": {"username": "sec001", "display_name": "书记", "role": role,
                                   "org_id": b["id"], "org_code": b["fields"]["code"],
                                   "org_name": b["fields"]["name"]}})
            return
        if path.endswith("/sync/push"):
            request = json.loads(body)
            results = []
            for c in request["changes"]:
                self.counter += 1
                results.append({"table": c["table"], "id": c["id"], "status": "applied", "rev": self.counter})
            h._json(200, {"results": results, "server_time": self._now()})
            return
        h._json(404, {"error": "not_found", "message": "没有", "message_en": "none"})

    def handle_get(self, h: Any) -> None:
        path, _, query = h.path.partition("?")
        if path.endswith("/health"):
            h._json(200, {"status": "ok", "protocol": wire.PROTOCOL_VERSION, "min_protocol": 1,
                          "server_version": "fake", "server_time": self._now()})
            return
        if not path.endswith("/sync/changes"):
            h._json(404, {"error": "no_key", "message": "没有", "message_en": "none"})
            return
        params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        since, limit = int(params.get("since", 0)), int(params.get("limit", 5000))
        mode = self.mode
        if mode == "normal":
            page = [r for r in self.records if r["rev"] > since][:limit]
            nxt = page[-1]["rev"] if page else max(since, self.counter)
            more = bool(page) and page[-1]["rev"] < self.counter
            h._json(200, {"changes": page, "evictions": [], "next": nxt, "has_more": more,
                          "server_time": self._now()})
            return
        self.hostile_page(h, mode, since)

    def _page(self, changes: list[dict], since: int, *, has_more: bool = False, nxt: int | None = None) -> dict:
        return {"changes": changes, "evictions": [], "next": nxt if nxt is not None else since + len(changes) + 1,
                "has_more": has_more, "server_time": self._now()}

    def hostile_page(self, h: Any, mode: str, since: int) -> None:  # noqa: C901 - one case per attack
        rev = since + 1
        member = next(r for r in self.records if r["table"] == "members")
        if mode == "redirect_pull":
            h._raw(302, b"", {"Location": f"{self.elsewhere.url}/api/v1/sync/changes?since={since}"})
        elif mode == "scope":  # another branch's people and meetings, as if they were ours
            foreign = [dict(r, rev=rev + n) for n, r in enumerate([self.other_branch, *self.others][:60])]
            h._json(200, self._page(foreign, since))
        elif mode == "scope_unknown_branch":  # records of a branch it never sends
            foreign = [dict(r, rev=rev + n) for n, r in enumerate(self.others[:30])]
            h._json(200, self._page(foreign, since))
        elif mode == "malformed":
            missing = dict(member, rev=rev, fields={k: v for k, v in member["fields"].items() if k != "name"})
            wrong = dict(member, rev=rev + 1, fields=dict(member["fields"], lost_contact="yes"))
            bad_id = dict(member, rev=rev + 2, fields=dict(member["fields"], id_number="110105194912310021"))
            unknown = dict(member, rev=rev + 3, fields=dict(member["fields"], secret="x"))
            h._json(200, self._page([missing, wrong, bad_id, unknown], since))
        elif mode == "huge_int":
            big = dict(member, rev=2**70)
            h._raw(200, json.dumps(self._page([big], since, nxt=2**70)).encode())
        elif mode == "huge_int_field":
            meeting = next(r for r in self.records if r["table"] == "meetings")
            votes = dict(meeting, rev=rev, fields=dict(meeting["fields"], resolutions=[
                {"text": "决议", "for": 10**30, "against": 0, "abstain": 0}]))
            h._json(200, self._page([votes], since))
        elif mode == "endless":  # has_more for ever, cursor stuck
            h._json(200, self._page([], since, has_more=True, nxt=since))
        elif mode == "endless_advancing":  # a cursor that moves, but a page larger than asked
            filler = [dict(member, rev=since + n + 1) for n in range(6000)]
            h._json(200, self._page(filler, since, has_more=True, nxt=since + 6000))
        elif mode == "html500":
            h._raw(500, b"<html><body>Internal Server Error</body></html>", content_type="text/html")
        elif mode == "html200":
            h._raw(200, b"<html><body>Portal login</body></html>", content_type="text/html")
        elif mode == "truncated":
            body = json.dumps(self._page(self.records[:5], since)).encode()
            h._raw(200, body[: len(body) // 2])
        elif mode == "forbidden_empty":
            h._raw(403, b"")
        elif mode == "expired":
            h._json(401, {"error": "token_expired", "message": "登录已过期", "message_en": "expired"})
        elif mode == "outdated":
            h._json(426, {"error": "client_outdated", "message": "客户端版本过旧，请升级",
                          "message_en": "Please update"})
        elif mode == "gzip_bomb":
            bomb = gzip.compress(b"[" + b" " * (200 * 1024 * 1024) + b"]", compresslevel=9)
            h._raw(200, bomb, {"Content-Encoding": "gzip"})
        elif mode == "huge_header":
            h.send_response(200)
            for n in range(200):
                h.send_header(f"X-Junk-{n}", "x" * 100)
            h.send_header("Content-Length", "2")
            h.end_headers()
            h.wfile.write(b"{}")
        elif mode == "deep_json":
            h._raw(200, b"[" * 100_000 + b"]" * 100_000)
        else:
            raise AssertionError(mode)
