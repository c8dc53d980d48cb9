"""Signing in and out: online against the server, offline against a local verifier.

A workspace is bound to one server and one organization at the first online sign-in; other
accounts of the same organization can then use it too. Signing out or switching users never
touches unsynced changes: they belong to the workspace, not to the session.
"""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..store.models import LocalUser, Organization
from ..store.workspace import Workspace
from . import local_state
from .credentials import TokenStore, check_verifier, make_verifier
from .errors import AuthRequired, Refused, ScopeMismatch, Unreachable

if TYPE_CHECKING:
    from .http import ServerClient


@dataclass(frozen=True)
class Session:
    """Who is signed in; `token` is None when signed in offline without a stored token."""

    server_url: str
    username: str
    display_name: str
    role: str
    org_id: str
    token: str | None
    online: bool
    token_kept: bool  # False: no keyring, the token lives only as long as this program


ClientFactory = Callable[..., "ServerClient"]


def _default_client(*args: object, **kwargs: object) -> ServerClient:
    from .http import ServerClient  # requests and pydantic load on first use, not at start-up

    return ServerClient(*args, **kwargs)


class Accounts:
    """Sign-in logic shared by the window and the CLI."""

    def __init__(self, workspace: Workspace, tokens: TokenStore | None = None,
                 client_factory: ClientFactory = _default_client):
        self.ws = workspace
        self.tokens = tokens or TokenStore()
        self.client_factory = client_factory

    def ca_bundle(self) -> str | None:
        return self.ws.get_setting(local_state.CA_BUNDLE)

    def set_ca_bundle(self, path: str | None) -> None:
        """Trust a provincial CA (a PEM file) in addition to the system's; None: system only."""
        if path:
            from pathlib import Path

            if not Path(path).is_file():
                raise Refused(f"找不到根证书文件：{path}", f"No such CA certificate file: {path}")
            path = str(Path(path).resolve())
        with self.ws.write() as s:
            local_state.put(s, local_state.CA_BUNDLE, path or None)

    def sign_in(self, server_url: str, username: str, password: str) -> Session:
        """Online when the server answers; otherwise offline if this user signed in here before."""
        server_url = server_url.strip().rstrip("/")
        username = username.strip()
        with self.ws.read() as s:
            bound = local_state.binding(s)
            device = None
        if bound and bound.server_url != server_url:
            raise ScopeMismatch(
                f"本工作区属于服务器 {bound.server_url}，不能用其他服务器的账号登录",
                f"This workspace belongs to {bound.server_url}; it cannot sign in to another server",
            )
        with self.ws.write() as s:
            device = local_state.device_id(s)
        client = self.client_factory(server_url, ca_bundle=self.ca_bundle())
        try:
            answer = client.login(username, password, device, platform.node())
        except Unreachable:
            return self._offline(server_url, username, password)
        finally:
            client.close()
        user = answer.user
        if bound and bound.scope_org_id != user.org_id:
            with self.ws.read() as s:
                org = s.get(Organization, bound.scope_org_id)
            name = org.name if org else bound.scope_org_id
            raise ScopeMismatch(
                f"账号 {username} 属于“{user.org_name}”，本工作区属于“{name}”。"
                "请为该账号另建工作区（--data-dir）",
                f"Account {username} belongs to {user.org_name}, this workspace to {name}; "
                "use a separate workspace (--data-dir)",
            )
        kept = self.tokens.save(server_url, username, answer.token)
        with self.ws.write() as s:
            if bound is None:
                local_state.put(s, local_state.SERVER_URL, server_url)
                local_state.put(s, local_state.SCOPE_ORG_ID, user.org_id)
            s.merge(LocalUser(username=username, display_name=user.display_name or username, role=user.role,
                              org_id=user.org_id, verifier=make_verifier(password),
                              last_online_login=dt.datetime.now().replace(microsecond=0)))
            local_state.put(s, local_state.CURRENT_USER, username)
        self.ws.actor = username
        return Session(server_url, username, user.display_name or username, user.role, user.org_id,
                       answer.token, True, kept)

    def _offline(self, server_url: str, username: str, password: str) -> Session:
        with self.ws.read() as s:
            user = s.get(LocalUser, username)
        if user is None:
            raise Unreachable(
                "服务器无法连接。首次登录需要联网，之后可以离线登录",
                "The server cannot be reached. The first sign-in needs the network; later ones work offline",
            )
        if not check_verifier(user.verifier, password):
            raise AuthRequired("用户名或密码错误", "Wrong user name or password")
        with self.ws.write() as s:
            local_state.put(s, local_state.CURRENT_USER, username)
        self.ws.actor = username
        token = self.tokens.load(server_url, username)
        return Session(server_url, username, user.display_name, user.role, user.org_id, token, False,
                       token is not None and self.tokens.persistent)

    def resume(self) -> Session | None:
        """The signed-in user from last time, with their stored token (the CLI between runs)."""
        with self.ws.read() as s:
            bound = local_state.binding(s)
            name = local_state.get(s, local_state.CURRENT_USER)
            user = s.get(LocalUser, name) if name else None
        if bound is None or user is None:
            return None
        token = self.tokens.load(bound.server_url, user.username)
        self.ws.actor = user.username
        return Session(bound.server_url, user.username, user.display_name, user.role, user.org_id, token,
                       False, token is not None and self.tokens.persistent)

    def sign_out(self, session: Session, *, tell_server: bool = True) -> None:
        """Forget the token (keyring and memory); unsynced changes stay in the workspace."""
        if tell_server and session.token:
            client = self.client_factory(session.server_url, token=session.token, ca_bundle=self.ca_bundle())
            try:
                client.logout()
            except Exception:  # noqa: BLE001, S110 - offline sign-out must still work
                pass
            finally:
                client.close()
        self.tokens.delete(session.server_url, session.username)
        with self.ws.write() as s:
            local_state.put(s, local_state.CURRENT_USER, None)

    def known_users(self) -> list[LocalUser]:
        with self.ws.read() as s:
            return list(s.query(LocalUser).order_by(LocalUser.username))
