"""The server's tables (SQLAlchemy Core): records, history, scope tree, accounts, push batches."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Scope paths are compared by byte range (path >= prefix AND path < prefix_upper): PostgreSQL must
# not apply a locale's collation to them, SQLite's default (BINARY) already compares bytes.
Path = String(255).with_variant(String(255, collation="C"), "postgresql")

# One row (id = 1): the change counter. Writers update it inside their transaction, which
# serializes them and makes revs visible in order (docs/decisions.md).
counter = Table(
    "counter",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
)

# The current version of every synced record. `doc` is the record's wire JSON (wire.Record),
# kept ready so a pull page is built by joining strings, not by re-serializing each record.
records = Table(
    "records",
    metadata,
    Column("tbl", String(24), primary_key=True),
    Column("id", String(36), primary_key=True),
    Column("rev", BigInteger, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("path", Path, nullable=False),
    # The record's parent: branch of a member/meeting/group, meeting of an attendance row,
    # parent of an organization (finds children to cascade or refuse a move).
    Column("owner_id", String(36), nullable=True),
    Column("doc", Text, nullable=False),
    # A meeting's day (YYYY-MM-DD of its start): the parts of a first download are split by it,
    # and reading it from the JSON of every candidate was most of the server's time there.
    Column("day", String(10), nullable=True),
    Index("ix_records_rev", "rev", unique=True),
    Index("ix_records_path_rev", "path", "rev"),
    Index("ix_records_owner_id", "owner_id"),
)

# Every accepted write: the base of 3-way merges and the audit trail (who, when, which device).
revisions = Table(
    "revisions",
    metadata,
    Column("rev", BigInteger, primary_key=True, autoincrement=False),
    Column("tbl", String(24), nullable=False),
    Column("id", String(36), nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("fields", Text, nullable=False),
    Column("updated_by", String(64), nullable=False),
    Column("updated_at", String(40), nullable=True),  # the client's clock, display only
    Column("server_time", DateTime, nullable=False),  # UTC
    Column("device_id", String(64), nullable=False),
    Column("batch_id", String(64), nullable=False),
    Index("ix_revisions_tbl_id", "tbl", "id"),
)

# A record whose scope path changed: readers who could see the old path but not the new one
# receive an eviction for it.
evictions = Table(
    "evictions",
    metadata,
    Column("rev", BigInteger, primary_key=True, autoincrement=False),
    Column("tbl", String(24), nullable=False),
    Column("id", String(36), nullable=False),
    Column("old_path", Path, nullable=False),
)

# The organization tree as the server uses it for scope: `num` is a short server-local number,
# `path` the numbers from the province down ("1/2/3/"), kept in step with the org records.
org_nodes = Table(
    "org_nodes",
    metadata,
    Column("num", Integer, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("parent_id", String(36), nullable=True),
    Column("code", String(32), nullable=False),
    Column("name", String(128), nullable=False),
    Column("level", String(16), nullable=False),
    Column("path", Path, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Index("ix_org_nodes_code", "code"),
)

users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("display_name", String(64), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("org_id", String(36), nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Bearer tokens, stored as sha256 of the random token: a stolen database yields no live token.
tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(64), ForeignKey("users.username", ondelete="CASCADE"), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("device_name", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revoked", Boolean, nullable=False),
    # When the token was last used, to the hour (written at most hourly: devices seen, stats).
    Column("last_seen", DateTime, nullable=True),
    Index("ix_tokens_username", "username"),
)

# The stored answer of each push, for idempotent replays.
push_batches = Table(
    "push_batches",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("batch_id", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("response", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# One row (id = 1): the database's generation. A new one is written by `init` (with the schema)
# and by `mark-restored` after a restore from a backup, with the counter at that moment: clients
# that synced with another generation upload again what they hold beyond `started_rev`.
generation = Table(
    "generation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("generation", String(64), nullable=False),
    Column("started_rev", BigInteger, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Every path an organization ever had (a node keeps its path unless it moves; a moved node's
# old path may still hold tombstones). A pull walks the caller's scope path by path.
org_paths = Table(
    "org_paths",
    metadata,
    Column("path", Path, primary_key=True),
)

# Attempts counted by the rate limits (failed logins per account and address, key reads per
# account), shared by every server process on the database.
rate_events = Table(
    "rate_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("key", String(128), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Index("ix_rate_events_kind_key_expires_at", "kind", "key", "expires_at"),
    Index("ix_rate_events_expires_at", "expires_at"),
)

# Escrowed workspace keys (wrapped with the server's escrow key, docs/server.md), by device.
device_keys = Table(
    "device_keys",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("wrapped", Text, nullable=False),
    Column("org_id", String(36), nullable=False),
    Column("username", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# The server's own security events (escrowed keys stored and read, restores marked).
security_events = Table(
    "security_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("server_time", DateTime, nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("path", Path, nullable=True),  # where in the tree it happened (for `audit --org`)
    Column("address", String(64), nullable=False),
    Column("detail", String(200), nullable=False),
    Index("ix_security_events_server_time", "server_time"),
)

# Conflicts answered to a device and not yet settled by a later push of that record from it:
# what `ebranch-server stats` counts as pending per township.
pending_conflicts = Table(
    "pending_conflicts",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("tbl", String(24), primary_key=True),
    Column("id", String(36), primary_key=True),
    Column("path", Path, nullable=False),
    Column("username", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_pending_conflicts_path", "path"),
)

# --- data packages (数据包, ebranch_server/packages.py) -------------------------------------------

# The server's package keys: Ed25519 (it signs answer packages) and X25519 (export packages are
# encrypted to it), raw and base64. One is current; older ones stay to open older packages.
package_keys = Table(
    "package_keys",
    metadata,
    Column("key_id", String(16), primary_key=True),
    Column("sign_private", String(44), nullable=False),
    Column("box_private", String(44), nullable=False),
    Column("current", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# PCs that exchange packages: their public keys (registered at an online sign-in, or made by the
# township's program for a seed) and where their exchange stands.
package_devices = Table(
    "package_devices",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("org_id", String(36), nullable=False),
    Column("device_name", String(128), nullable=False),
    Column("registered_by", String(64), nullable=False),
    Column("sign_public", String(44), nullable=False),
    Column("box_public", String(44), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("export_seq", BigInteger, nullable=False),  # the newest export package delivered
    Column("results_seen", BigInteger, nullable=False),  # the newest export whose results it has
    Column("cursor", BigInteger, nullable=False),  # the PC's pull cursor, as it last told us
    Column("answer_seq", BigInteger, nullable=False),  # the newest answer package made for it
    Index("ix_package_devices_org_id", "org_id"),
)

# Every package delivered or made: who, when, what it held (the batch ids of an export, whose
# stored push answers are its results).
package_log = Table(
    "package_log",
    metadata,
    Column("package_id", String(36), primary_key=True),
    Column("device_id", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("by_user", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("batches", Text, nullable=False),  # JSON list of batch ids (exports)
    Column("summary", Text, nullable=False),  # JSON PackageSummary
    Index("ix_package_log_device_id_kind_seq", "device_id", "kind", "seq"),
)

# --- blobs: content-addressed files (meeting photos; later update packages) ------------------
# The bytes live in a BlobStorage (a folder by default, see blobs.py); these tables say which
# blobs are whole, which chunks of an upload have arrived, and which records name a blob (who
# may read it: whoever may read one of those records).
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("stored_at", DateTime, nullable=False),
)

blob_uploads = Table(
    "blob_uploads",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("chunk_size", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Chunks of unfinished uploads, in the database: every server process sees them, a chunk is
# stored whole or not at all, and a cut link loses only the chunk in flight.
blob_chunks = Table(
    "blob_chunks",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("data", LargeBinary, nullable=False),
)

blob_refs = Table(
    "blob_refs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("tbl", String(24), primary_key=True),
    Column("id", String(36), primary_key=True),
    Index("ix_blob_refs_tbl_id", "tbl", "id"),
)

# --- client releases: signed update packages of the desktop program (client_releases.py) -----
# One row per published package; its bytes live beside the blobs (`<blob folder>/releases/`).
client_releases = Table(
    "client_releases",
    metadata,
    Column("target", String(40), primary_key=True),  # platform and kind: win64-setup, win64-portable
    Column("version", String(40), primary_key=True),
    Column("file_name", String(200), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("protocol", Integer, nullable=False),  # the sync protocol the new version speaks
    Column("min_protocol", Integer, nullable=False),  # offered only by a server speaking at least this
    Column("notes", Text, nullable=False),
    Column("notes_en", Text, nullable=False),
    Column("signed_by", String(200), nullable=False),
    Column("published_at", DateTime, nullable=False),
    Column("withdrawn", Boolean, nullable=False),
)
