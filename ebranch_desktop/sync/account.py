"""Signing in and out: online against the server, offline against the workspace's key file.

A workspace is bound to one server and one organization at the first online sign-in; other
accounts of the same organization can then use it too. Signing in is also what opens the
encrypted workspace: the password unwraps the database key (store/vault.py). Online, a person
new to this PC (or whose password was reset) gets the key from the server's escrow; offline,
only people who signed in here before, or the printed recovery code, can open it. Signing out
or switching users never touches unsynced changes: they belong to the workspace.
"""

from __future__ import annotations

import datetime as dt
import platform
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..store import encryption
from ..store.filelock import workspace_lock
from ..store.models import LocalUser, Organization
from ..store.vault import KeyFileError, UnknownLocalUser, Vault, WrongPassword, new_key
from ..store.workspace import Workspace
from . import local_state, unattended
from .credentials import TokenStore, check_verifier
from .errors import Refused, ScopeMismatch, SyncError, Unreachable

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
    # Set once, when this sign-in created the workspace's key: shown to be printed, never stored.
    recovery_code: str | None = None


ClientFactory = Callable[..., "ServerClient"]


def _default_client(*args: object, **kwargs: object) -> ServerClient:
    from .http import ServerClient  # requests and pydantic load on first use, not at start-up

    return ServerClient(*args, **kwargs)


class LocalSignInError(SyncError):
    """The local password or recovery code did not open the workspace."""

    kind = "locked"


@dataclass(frozen=True)
class Binding:
    """What the sign-in screen must know before the workspace can be read."""

    server_url: str | None
    scope_org_id: str | None
    scope_name: str | None


_PLAIN_KEYS = (local_state.SERVER_URL, local_state.SCOPE_ORG_ID, local_state.CURRENT_USER, local_state.CA_BUNDLE)


class Accounts:
    """Sign-in logic shared by the window and the CLI."""

    def __init__(self, workspace: Workspace, tokens: TokenStore | None = None,
                 client_factory: ClientFactory = _default_client):
        self.ws = workspace
        self.tokens = tokens or TokenStore()
        self.client_factory = client_factory
        self._key: bytes | None = None  # the open workspace's key, to wrap it for a new user
        self._pending_ca: str | None = None  # chosen before the workspace exists

    # --- what is known while locked ------------------------------------------------------
    def binding(self) -> Binding | None:
        vault = self.ws.vault()
        if vault is not None:
            return Binding(vault.server_url, vault.scope_org_id, vault.scope_name) if vault.server_url else None
        plain = self._plain_facts()
        if plain.get(local_state.SERVER_URL) and plain.get(local_state.SCOPE_ORG_ID):
            return Binding(plain[local_state.SERVER_URL], plain[local_state.SCOPE_ORG_ID], None)
        return None

    def known_users(self) -> list[str]:
        vault = self.ws.vault()
        return sorted(vault.users) if vault is not None else self._plain_facts().get("users", [])

    def last_user(self) -> str | None:
        vault = self.ws.vault()
        return vault.last_user if vault is not None else self._plain_facts().get(local_state.CURRENT_USER)

    def ca_bundle(self) -> str | None:
        vault = self.ws.vault()
        if vault is not None:
            return vault.extra.get("ca_bundle")
        return self._plain_facts().get(local_state.CA_BUNDLE) or self._pending_ca

    def _plain_facts(self) -> dict:
        """A workspace from before encryption, read without opening (or migrating) it: who
        signed in, and where it syncs. It is converted, under the folder's lock, at sign-in."""
        if self.ws.locked and not (self.ws.exists and encryption.is_plaintext(self.ws.db_path)):
            return {}
        if not self.ws.locked:  # a plain file opened by code that holds it (tests, benchmarks)
            with self.ws.read() as s:
                facts = {k: local_state.get(s, k) for k in _PLAIN_KEYS}
                facts["users"] = [u.username for u in s.query(LocalUser).order_by(LocalUser.username)]
            return facts
        try:
            conn = encryption.connect_cipher(self.ws.db_path, None)
            try:
                rows = dict(conn.execute(
                    f"SELECT key, value FROM settings WHERE key IN ({','.join('?' * len(_PLAIN_KEYS))})",
                    _PLAIN_KEYS).fetchall())
                rows["users"] = [r[0] for r in conn.execute("SELECT username FROM local_users ORDER BY username")]
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - an old file without those tables: nothing known yet
            return {}
        return rows

    def set_ca_bundle(self, path: str | None) -> None:
        """Trust a provincial CA (a PEM file) in addition to the system's; None: system only."""
        if path:
            from pathlib import Path

            if not Path(path).is_file():
                raise Refused(f"找不到根证书文件：{path}", f"No such CA certificate file: {path}")
            path = str(Path(path).resolve())
        vault = self.ws.vault()
        if vault is not None:
            vault.extra["ca_bundle"] = path or None
            vault.save()
        elif not self.ws.locked:
            with self.ws.write() as s:
                local_state.put(s, local_state.CA_BUNDLE, path or None)
        else:
            self._pending_ca = path or None

    def move_server(self, server_url: str) -> None:
        """The province's server moved to a new address (or the demo server to a new port)."""
        server_url = server_url.strip().rstrip("/")
        vault = self.ws.vault()
        if vault is not None and vault.server_url:
            vault.server_url = server_url
            vault.save()
        if not self.ws.locked:
            with self.ws.write() as s:
                if local_state.get(s, local_state.SERVER_URL):
                    local_state.put(s, local_state.SERVER_URL, server_url)

    # --- signing in ----------------------------------------------------------------------
    def sign_in(self, server_url: str, username: str, password: str) -> Session:
        """Online when the server answers; otherwise offline if this user signed in here before."""
        server_url = server_url.strip().rstrip("/")
        username = username.strip()
        bound = self.binding()
        if bound and bound.server_url != server_url:
            raise ScopeMismatch(
                f"本工作区属于服务器 {bound.server_url}，不能用其他服务器的账号登录",
                f"This workspace belongs to {bound.server_url}; it cannot sign in to another server",
            )
        device = self._device_id()
        client = self.client_factory(server_url, ca_bundle=self.ca_bundle())
        try:
            try:
                answer = client.login(username, password, device, platform.node())
            except Unreachable:
                return self._offline(server_url, username, password)
            user = answer.user
            if bound and bound.scope_org_id and bound.scope_org_id != user.org_id:
                name = bound.scope_name or bound.scope_org_id
                raise ScopeMismatch(
                    f"账号 {username} 属于“{user.org_name}”，本工作区属于“{name}”。"
                    "请为该账号另建工作区（--data-dir）",
                    f"Account {username} belongs to {user.org_name}, this workspace to {name}; "
                    "use a separate workspace (--data-dir)",
                )
            client.token = answer.token
            code = self._open_online(client, device, username, password, server_url, user.org_id, user.org_name)
            self._register_packages(client, device)
        finally:
            client.close()
        kept = self.tokens.save(server_url, username, answer.token)
        self._remember_user(username, user.display_name or username, user.role, user.org_id,
                            server_url=server_url, scope_org_id=user.org_id, online=True)
        return Session(server_url, username, user.display_name or username, user.role, user.org_id,
                       answer.token, True, kept, code)

    def _open_online(self, client: ServerClient, device: str, username: str, password: str,
                     server_url: str, org_id: str, org_name: str) -> str | None:
        """Open the workspace after the server accepted the password; returns a new recovery
        code when this sign-in created the key."""
        vault = self.ws.vault()
        if vault is None:
            try:
                return self._create_key(username, password, device, server_url, org_id, org_name, client)
            except FileExistsError:  # another copy of the program created it a moment ago
                vault = self.ws.vault()
        try:
            key = vault.unlock(username, password)
        except (WrongPassword, UnknownLocalUser):
            # New on this PC, or the password was reset on the server (which just accepted it):
            # the key of the open workspace, or the one escrowed with the server.
            key = self._key_of_open_workspace(vault) or self._escrowed_key(client, device, vault)
            vault.add_user(username, password, key)
        vault.server_url, vault.scope_org_id, vault.scope_name = server_url, org_id, org_name
        vault.last_user = username
        vault.save()
        self._open(key)
        self._escrow(client, device, key, vault)
        return None

    def _create_key(self, username: str, password: str, device: str, server_url: str | None,
                    org_id: str | None, org_name: str | None, client: ServerClient | None) -> str:
        """A new key for a new workspace, or for a plain one converted now (online sign-in).

        Raises FileExistsError when another program made the key first (two copies at once).
        """
        with workspace_lock(self.ws.data_dir):
            if self.ws.vault() is not None:
                raise FileExistsError(self.ws.data_dir)
            self.ws.lock()  # a plain file open in this program: closed before it is replaced
            code, key, vault = self._make_key(username, password, device, server_url, org_id, org_name)
        if client is not None:
            self._escrow(client, device, key, vault)
        return code

    def _make_key(self, username: str, password: str, device: str, server_url: str | None,
                  org_id: str | None, org_name: str | None) -> tuple[str, bytes, Vault]:
        """Under the folder's lock: the key file first, then the database (converted if plain).

        A kill in between leaves a plain file (converted next time with this key) or a new empty
        folder, never an unreadable one.
        """
        key = new_key()
        vault = Vault.create(self.ws.data_dir, key, device)
        vault.server_url, vault.scope_org_id, vault.scope_name = server_url, org_id, org_name
        vault.extra["ca_bundle"] = self.ca_bundle()
        vault.add_user(username, password, key)
        vault.last_user = username
        code = vault.new_recovery(key)
        vault.save(new=True)
        self._open(key, locked=True)
        return code, key, vault

    def _key_of_open_workspace(self, vault: Vault) -> bytes | None:
        if not self.ws.locked and self._key is not None and vault.matches(self._key):
            return self._key
        return None

    def _escrowed_key(self, client: ServerClient, device: str, vault: Vault) -> bytes:
        import base64

        try:
            escrowed = client.get_device_key(device)
        except SyncError:
            escrowed = None
        key = base64.b64decode(escrowed.key) if escrowed is not None else None
        if key is None or not vault.matches(key):
            raise LocalSignInError(
                "您的账号尚未在本机使用过，且服务器上没有本机的密钥。请由本机已登录过的用户登录，"
                "或使用乡镇保存的恢复码（登录窗口的“忘记密码”）",
                "Your account has not been used on this PC and the server holds no key for it. "
                "Let someone who signed in here before sign in, or use the recovery code",
            )
        return key

    def _escrow(self, client: ServerClient, device: str, key: bytes, vault: Vault) -> None:
        """Leave the key with the server once (best effort: retried at the next online sign-in)."""
        if vault.extra.get("escrowed") == vault.server_url:
            return
        import base64

        try:
            client.put_device_key(device, base64.b64encode(key).decode())
        except SyncError:
            return
        vault.extra["escrowed"] = vault.server_url
        vault.save()

    def _register_packages(self, client: ServerClient, device: str) -> None:
        """Exchange data package keys with the server (once; best effort, sync/packages.py)."""
        from . import packages

        packages.register(self.ws, client, device)

    def _offline(self, server_url: str, username: str, password: str) -> Session:
        vault = self.ws.vault()
        if vault is not None:
            try:
                key = vault.unlock(username, password)
            except UnknownLocalUser:
                raise Unreachable(
                    "服务器无法连接。首次在本机登录需要联网，之后可以离线登录",
                    "The server cannot be reached. The first sign-in on this PC needs the network; "
                    "later ones work offline",
                ) from None
            except WrongPassword:
                raise LocalSignInError("用户名或密码错误", "Wrong user name or password") from None
            vault.last_user = username
            vault.save()
            self._open(key)
        elif self.ws.exists:
            self._convert_offline(username, password)
        else:
            raise Unreachable(
                "服务器无法连接。首次登录需要联网，之后可以离线登录",
                "The server cannot be reached. The first sign-in needs the network; later ones work offline",
            )
        with self.ws.read() as s:
            user = s.get(LocalUser, username)
        assert user is not None
        self._remember_user(username, user.display_name, user.role, user.org_id, online=False)
        token = self.tokens.load(server_url, username)
        return Session(server_url, username, user.display_name, user.role, user.org_id, token, False,
                       token is not None and self.tokens.persistent)

    def _convert_offline(self, username: str, password: str) -> None:
        """A plain workspace from before encryption: its stored verifier proves the password.

        All of it under the folder's lock, so a second program waits and then finds the key file.
        """
        with workspace_lock(self.ws.data_dir):
            vault = self.ws.vault()
            if vault is not None:  # another program converted it while this one waited
                try:
                    key = vault.unlock(username, password)
                except (WrongPassword, UnknownLocalUser):
                    raise LocalSignInError("用户名或密码错误", "Wrong user name or password") from None
                self._open(key, locked=True)
                return
            self.ws.open(None, create=False)
            with self.ws.read() as s:
                user = s.get(LocalUser, username)
                anyone = s.query(LocalUser).first() is not None
                bound = local_state.binding(s)
                device = local_state.get(s, local_state.DEVICE_ID)
                org = s.get(Organization, bound.scope_org_id) if bound else None
                org_name = org.name if org else None
            if user is None and not anyone and bound is None:
                # Used on this PC only, never signed in: whoever opens it now sets its first
                # password (the plain file was readable by anyone until this moment).
                self._remember_user(username, username, "secretary", "", online=False)
            elif user is None or not check_verifier(user.verifier, password):
                self.ws.lock()
                raise LocalSignInError("用户名或密码错误", "Wrong user name or password")
            self.ws.lock()  # no connection to the plain file may outlive its replacement
            self._make_key(username, password, device or str(uuid.uuid4()),
                           bound.server_url if bound else None, bound.scope_org_id if bound else None, org_name)

    def unlock(self, username: str, password: str) -> Session:
        """Open the workspace offline with a local user's password (the CLI on every command; the
        window for a workspace used without a server). Nothing goes over the network."""
        vault = self.ws.vault()
        if vault is not None:
            try:
                key = vault.unlock(username, password)
            except (WrongPassword, UnknownLocalUser) as exc:
                raise LocalSignInError(f"无法打开工作区：{exc.message}",
                                       f"Cannot open the workspace: {exc.message_en}") from None
            vault.last_user = username
            vault.save()
            self._open(key)
        elif self.ws.exists:
            self._convert_offline(username, password)
        else:
            raise LocalSignInError("这里还没有工作区", "There is no workspace here yet")
        with self.ws.read() as s:
            user = s.get(LocalUser, username)
        if user is None:  # a key-file user the database does not know yet (killed mid sign-in)
            self._remember_user(username, username, "secretary", "", online=False)
            return self._local_session(username, username, "secretary", "")
        self._remember_user(username, user.display_name, user.role, user.org_id, online=False)
        return self._local_session(username, user.display_name, user.role, user.org_id)

    def create_local(self, username: str, password: str, *, display_name: str = "", role: str = "secretary",
                     org_id: str = "") -> str:
        """A workspace for use without a server (the offline demo): returns its recovery code."""
        refused = Refused(f"{self.ws.data_dir} 中的工作区已有数据，没有做任何更改",
                          f"The workspace in {self.ws.data_dir} already holds data; nothing was changed")
        if self.ws.vault() is not None or self.ws.exists:
            raise refused
        try:
            code = self._create_key(username, password, str(uuid.uuid4()), None, None, None, None)
        except FileExistsError:
            raise refused from None
        self._remember_user(username, display_name or username, role, org_id, online=False)
        return code

    def create_from_seed(self, username: str, password: str, *, display_name: str, role: str, device: str,
                         server_url: str, org_id: str, org_name: str) -> str:
        """A new PC's workspace made from a township's seed package (sync/packages.install_seed):
        bound to the seed's server and organization, with the seed's device id; `username`'s
        local password is `password`. Returns the recovery code."""
        refused = Refused(f"{self.ws.data_dir} 中已有工作区，种子数据包只能用于新电脑，没有做任何更改",
                          f"There is a workspace in {self.ws.data_dir} already; a seed package only installs "
                          "a new PC. Nothing was changed")
        if self.ws.vault() is not None or self.ws.exists:
            raise refused
        try:
            code = self._create_key(username, password, device, server_url, org_id, org_name, None)
        except FileExistsError:
            raise refused from None
        self._remember_user(username, display_name or username, role, org_id, server_url=server_url,
                            scope_org_id=org_id, online=False)
        return code

    def recover(self, code: str, username: str, new_password: str) -> Session:
        """Open the workspace with the printed recovery code and give `username` a new password.

        Returns the (offline) session of `username`, who is now signed in.
        """
        vault = self.ws.vault()
        if vault is None:
            raise LocalSignInError("本工作区没有恢复码", "This workspace has no recovery code")
        try:
            key = vault.unlock_with_code(code)
        except WrongPassword:
            raise LocalSignInError("恢复码不正确", "Wrong recovery code") from None
        self._open(key)
        with self.ws.read() as s:
            user = s.get(LocalUser, username)
        if user is None:
            self.ws.lock()
            raise LocalSignInError(f"用户 {username} 从未在本机登录过", f"{username} never signed in on this PC")
        vault.add_user(username, new_password, key)
        vault.last_user = username
        vault.save()
        self._remember_user(username, user.display_name, user.role, user.org_id, online=False)
        return self._local_session(user.username, user.display_name, user.role, user.org_id)

    def _local_session(self, username: str, display_name: str, role: str, org_id: str) -> Session:
        server_url = self.ws.vault().server_url if self.ws.vault() else None
        token = self.tokens.load(server_url, username) if server_url else None
        return Session(server_url or "", username, display_name, role, org_id, token, False,
                       token is not None and self.tokens.persistent)

    def _open(self, key: bytes, *, locked: bool = False) -> None:
        """Open the workspace with its key; a file still plain (converted now, or a conversion
        killed before its rename) is encrypted first, under the folder's lock."""
        if self.ws.exists and encryption.is_plaintext(self.ws.db_path):
            with nullcontext() if locked else workspace_lock(self.ws.data_dir):
                if encryption.is_plaintext(self.ws.db_path):  # another program may have done it
                    self.ws.lock()
                    encryption.encrypt_in_place(self.ws.db_path, key)
        self.ws.open(key)
        self._key = key

    def _device_id(self) -> str:
        vault = self.ws.vault()
        if vault is not None:
            return vault.device_id
        if not self.ws.locked:
            with self.ws.write() as s:
                return local_state.device_id(s)
        return str(uuid.uuid4())

    def _remember_user(self, username: str, display_name: str, role: str, org_id: str, *,
                       server_url: str | None = None, scope_org_id: str | None = None, online: bool) -> None:
        vault = self.ws.vault()
        with self.ws.write() as s:
            if server_url and local_state.binding(s) is None:
                local_state.put(s, local_state.SERVER_URL, server_url)
                local_state.put(s, local_state.SCOPE_ORG_ID, scope_org_id)
            if vault is not None:
                # The device id and server live in the key file too (read before unlocking).
                local_state.put(s, local_state.DEVICE_ID, vault.device_id)
                if vault.server_url:
                    local_state.put(s, local_state.SERVER_URL, vault.server_url)
                ca = vault.extra.get("ca_bundle")
                local_state.put(s, local_state.CA_BUNDLE, ca)
            existing = s.get(LocalUser, username)
            last_online = dt.datetime.now().replace(microsecond=0) if online else (
                existing.last_online_login if existing else None)
            # No password verifier in the database any more: the key file's wrapped key is it.
            s.merge(LocalUser(username=username, display_name=display_name, role=role, org_id=org_id,
                              verifier="", last_online_login=last_online))
            local_state.put(s, local_state.CURRENT_USER, username)
        self.ws.actor = username

    # --- between runs, and signing out ----------------------------------------------------
    def allow_unattended(self) -> None:
        """Keep the open workspace's key for unattended sync (sync/unattended.py says the cost)."""
        if self._key is None:
            raise LocalSignInError("请先用密码打开工作区", "Open the workspace with a password first")
        unattended.allow(self.ws, self._key)

    def unlock_unattended(self) -> bool:
        """Open the workspace with the key kept for unattended sync; False if there is none."""
        key = unattended.stored_key(self.ws)
        if key is None:
            return False
        self._open(key)
        return True

    def resume(self) -> Session | None:
        """The signed-in user from last time, with their stored token (the CLI between runs)."""
        with self.ws.read() as s:
            bound = local_state.binding(s)
            name = local_state.get(s, local_state.CURRENT_USER)
            user = s.get(LocalUser, name) if name else None
        if user is None:
            return None
        self.ws.actor = user.username
        if bound is None:
            return None
        token = self.tokens.load(bound.server_url, user.username)
        return Session(bound.server_url, user.username, user.display_name, user.role, user.org_id, token,
                       False, token is not None and self.tokens.persistent)

    def sign_out(self, session: Session, *, tell_server: bool = True) -> None:
        """Forget the token (keyring and memory) and lock the workspace; unsynced changes stay."""
        if tell_server and session.token:
            client = self.client_factory(session.server_url, token=session.token, ca_bundle=self.ca_bundle())
            try:
                client.logout()
            except Exception:  # noqa: BLE001, S110 - offline sign-out must still work
                pass
            finally:
                client.close()
        self.tokens.delete(session.server_url, session.username)
        if not self.ws.locked:
            with self.ws.write() as s:
                local_state.put(s, local_state.CURRENT_USER, None)
        self.lock()

    def lock(self) -> None:
        """Close the database and drop the key from memory (only the key file keeps it, wrapped)."""
        self._key = None
        if self.ws.vault() is not None:
            self.ws.lock()


__all__ = ["Accounts", "Binding", "KeyFileError", "LocalSignInError", "Session"]
