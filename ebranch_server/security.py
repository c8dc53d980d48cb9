"""The server's own security events: escrowed keys stored, replaced, read or refused; restores.

Listed with the synced audit records by `ebranch-server audit`. Details name devices and
organizations, never keys, passwords or personal numbers.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert

from .records import utcnow
from .tables import security_events

# action → (Chinese, English) for the audit listing
ACTIONS = {
    "key_stored": ("托管数据库密钥", "workspace key escrowed"),
    "key_unchanged": ("再次提交相同密钥", "same workspace key sent again"),
    "key_replaced": ("替换托管密钥", "escrowed workspace key replaced"),
    "key_put_refused": ("拒绝替换他人托管的密钥", "refused to replace a key escrowed elsewhere"),
    "key_read": ("读取托管密钥", "escrowed workspace key read"),
    "key_read_refused": ("读取托管密钥被拒绝", "escrowed key read refused"),
    "key_read_limited": ("读取托管密钥过于频繁", "escrowed key reads rate-limited"),
    "mark_restored": ("标记数据库已从备份恢复", "database marked as restored"),
}


def record(conn: Connection, *, username: str, action: str, device_id: str = "",
           path: str | None = None, address: str = "", detail: str = "") -> None:
    assert action in ACTIONS, action
    conn.execute(insert(security_events).values(
        server_time=utcnow(), username=username[:64], action=action, device_id=device_id[:64],
        path=path, address=address[:64], detail=detail[:200],
    ))
