"""Accounts: argon2 password hashes, opaque bearer tokens stored as sha256, roles bound to an org."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, insert, select, update

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.sync import wire

from . import orgnodes
from .errors import ApiError, unauthorized
from .records import utcnow
from .scope import ROLE_LEVELS, ROLES, Caller
from .tables import counter, generation, org_nodes, tokens, users

_hasher = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 8


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符",
            f"The password needs at least {MIN_PASSWORD_LENGTH} characters", "password",
        )


def create_user(
    conn: Connection, username: str, password: str, role: str, org_code: str,
    display_name: str = "",
) -> None:
    """Add an account; raises ValidationError on any bad input."""
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise ValidationError(
            "用户名不能为空、不能含空格，最多 64 个字符",
            "The user name must be 1-64 characters without spaces", "username",
        )
    if role not in ROLES:
        raise ValidationError(f"角色无效：{role}", f"Invalid role: {role}", "role")
    org = orgnodes.by_code(conn, org_code)
    if org is None:
        raise ValidationError(
            f"没有代码为 {org_code} 的组织", f"No organization with code {org_code}", "org"
        )
    if org.level not in ROLE_LEVELS[role]:
        raise ValidationError(
            f"角色 {role} 不能设在{org.name}（{org.level}）这一级",
            f"Role {role} cannot be attached to a {org.level} organization", "role",
        )
    if conn.execute(select(users.c.username).where(users.c.username == username)).first():
        raise ValidationError(f"用户 {username} 已存在", f"User {username} already exists", "username")
    check_password_strength(password)
    conn.execute(insert(users).values(
        username=username, display_name=display_name or username,
        password_hash=_hasher.hash(password), role=role, org_id=org.id, disabled=False,
        created_at=utcnow(),
    ))


def _existing(conn: Connection, username: str) -> None:
    if not conn.execute(select(users.c.username).where(users.c.username == username)).first():
        raise ValidationError(f"没有用户 {username}", f"No user {username}", "username")


def set_disabled(conn: Connection, username: str, disabled: bool) -> None:
    """Disable (and sign out everywhere) or enable an account."""
    _existing(conn, username)
    conn.execute(update(users).where(users.c.username == username).values(disabled=disabled))
    if disabled:
        revoke_all(conn, username)


def set_password(conn: Connection, username: str, password: str) -> None:
    """A new password; every session of the account is signed out."""
    _existing(conn, username)
    check_password_strength(password)
    conn.execute(
        update(users).where(users.c.username == username)
        .values(password_hash=_hasher.hash(password))
    )
    revoke_all(conn, username)


def revoke_all(conn: Connection, username: str) -> None:
    conn.execute(
        update(tokens).where(tokens.c.username == username, tokens.c.revoked.is_(False))
        .values(revoked=True)
    )


@dataclass(frozen=True)
class Account:
    """A user row joined with the organization it is attached to."""

    username: str
    display_name: str
    role: str
    disabled: bool
    password_hash: str
    org_id: str
    org_code: str
    org_name: str

    def info(self) -> wire.UserInfo:
        return wire.UserInfo(
            username=self.username, display_name=self.display_name, role=self.role,
            org_id=self.org_id, org_code=self.org_code, org_name=self.org_name,
        )


def account(conn: Connection, username: str) -> Account | None:
    row = conn.execute(
        select(users.c.username, users.c.display_name, users.c.role, users.c.disabled,
               users.c.password_hash, org_nodes.c.id, org_nodes.c.code, org_nodes.c.name)
        .join(org_nodes, org_nodes.c.id == users.c.org_id)
        .where(users.c.username == username)
    ).first()
    return Account(*row) if row else None


def list_accounts(conn: Connection) -> list[Account]:
    rows = conn.execute(
        select(users.c.username, users.c.display_name, users.c.role, users.c.disabled,
               users.c.password_hash, org_nodes.c.id, org_nodes.c.code, org_nodes.c.name)
        .join(org_nodes, org_nodes.c.id == users.c.org_id)
        .order_by(org_nodes.c.code, users.c.username)
    )
    return [Account(*row) for row in rows]


def verify_password(acct: Account | None, password: str) -> bool:
    try:
        return _hasher.verify(acct.password_hash if acct else _DUMMY_HASH, password) and acct is not None
    except (VerificationError, InvalidHashError):
        return False


def issue_token(
    conn: Connection, username: str, device_id: str, device_name: str, ttl: dt.timedelta
) -> tuple[str, dt.datetime]:
    """A new random token (returned once, stored only as its hash) and its expiry (UTC)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + ttl
    conn.execute(insert(tokens).values(
        token_hash=token_hash(token), username=username, device_id=device_id,
        device_name=device_name, created_at=now, expires_at=expires, revoked=False, last_seen=now,
    ))
    return token, expires.replace(tzinfo=dt.UTC)


def revoke(conn: Connection, hashed: str) -> None:
    conn.execute(update(tokens).where(tokens.c.token_hash == hashed).values(revoked=True))


_AUTH_QUERY = (
    select(
        users.c.username, users.c.display_name, users.c.role, org_nodes.c.id, org_nodes.c.code,
        org_nodes.c.name, org_nodes.c.path, tokens.c.expires_at, tokens.c.revoked,
        users.c.disabled, tokens.c.last_seen, generation.c.generation, generation.c.started_rev,
        tokens.c.device_id,
        select(counter.c.value).where(counter.c.id == 1).scalar_subquery().label("counter"),
    )
    .select_from(tokens)
    .join(users, users.c.username == tokens.c.username)
    .join(org_nodes, org_nodes.c.id == users.c.org_id)
    .join(generation, generation.c.id == 1)
)
# A token's last use is written at most this often: "devices seen today" needs no more, and the
# no-op pull stays a single read.
LAST_SEEN_STEP = dt.timedelta(hours=1)


def authenticate(conn: Connection, token: str | None, touch: Engine | None = None) -> Caller:
    """The caller behind a bearer token, in one query (also reading the change counter and the
    generation). With `touch`, records the token's use (at most hourly) through that engine."""
    if not token:
        raise unauthorized()
    hashed = token_hash(token)
    row = conn.execute(_AUTH_QUERY.where(tokens.c.token_hash == hashed)).first()
    now = utcnow()
    if row is None or row.revoked or row.expires_at <= now:
        raise unauthorized()
    if row.disabled:
        raise account_disabled()
    if touch is not None and (row.last_seen is None or row.last_seen <= now - LAST_SEEN_STEP):
        with touch.begin() as write:
            write.execute(update(tokens).where(tokens.c.token_hash == hashed).values(last_seen=now))
    return Caller(row.username, row.display_name, row.role, row.id, row.code, row.name,
                  row.path, hashed, row.counter, row.generation, row.started_rev, row.device_id)


def account_disabled() -> ApiError:
    return ApiError(403, "account_disabled", "该账号已被停用，请联系管理员",
                    "This account is disabled; contact the administrator")
