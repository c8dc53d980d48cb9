"""Who is asking and which part of the organization tree they may read and write.

Scope is a materialized path of org numbers from the province down ("1/2/3/"); a record is in a
scope when its path starts with the scope's prefix, which SQL checks as a byte range.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("secretary", "township", "county", "admin")
# The org levels each role may be attached to (county stands for "county and above": read-only).
ROLE_LEVELS = {
    "secretary": ("branch",),
    "township": ("township",),
    "county": ("county", "city", "province"),
    "admin": ("province", "city", "county", "township", "branch"),
}


def prefix_upper(prefix: str) -> str:
    """The smallest string above every path that starts with `prefix` (which ends in "/")."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def ancestor_nums(path: str) -> list[int]:
    """Org numbers above the node whose path this is ("1/2/3/" → [1, 2])."""
    return [int(part, 16) for part in path.split("/")[:-2]]


@dataclass(frozen=True)
class Caller:
    """The authenticated user of one request."""

    username: str
    display_name: str
    role: str
    org_id: str
    org_code: str
    org_name: str
    org_path: str
    token_hash: str
    counter: int  # the change counter as read with the token (for the no-op pull)
    generation: str = ""  # the database generation, read with the token
    generation_start: int = 0
    device_id: str = ""  # the device the token was issued to (no echo: docs/sync-protocol.md)

    @property
    def read_prefix(self) -> str:
        """"" for the whole tree."""
        return "" if self.role == "admin" else self.org_path

    @property
    def can_write_at_all(self) -> bool:
        return self.role != "county"

    def can_read(self, path: str) -> bool:
        return path.startswith(self.read_prefix)

    def can_write(self, path: str) -> bool:
        return self.can_write_at_all and path.startswith(self.read_prefix)

    def sees_node(self, path: str) -> bool:
        """Whether an organization at `path` is known to this caller: inside the scope, or one of
        the ancestors every pull carries. Anything else is answered as if it did not exist."""
        return path.startswith(self.read_prefix) or self.read_prefix.startswith(path)
