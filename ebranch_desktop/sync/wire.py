"""The sync protocol's wire format: the one definition the client and the server both import.

The server publishes these models as OpenAPI (/openapi.json). Record fields travel as JSON
values (dates as ISO strings); `FIELD_MODELS` validates them with the shared domain rules.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

import pydantic
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WrapValidator,
    model_validator,
)

from ..domain import validation
from ..domain.errors import ValidationError

# 2: membership periods (`memberships`) and the fixed expected list of held meetings (`roster`).
# 3: the township's review of a meeting (`review`, `review_comment`, `review_log`), meeting
#    `photos` and the blob channel (/blobs) that carries their images; no echo (`own` on
#    GET /sync/changes), the first download in parts and column pages (`format=columns`).
PROTOCOL_VERSION = 3
# The oldest protocol the other side may speak; below it the answer is "please update" (426).
# A version-2 client knows no review: it would drop an approval when it edits the meeting.
MIN_PROTOCOL_VERSION = 3
PROTOCOL_HEADER = "X-Ebranch-Protocol"
# "ebranch-desktop/0.1.0 win64-portable": which program asks, so the server can offer a newer
# one for its platform and kind (docs/sync-protocol.md, "Client updates"). Optional.
CLIENT_HEADER = "X-Ebranch-Client"
API_PREFIX = "/api/v1"

MAX_PAGE_SIZE = 10_000
DEFAULT_PAGE_SIZE = 5_000
MAX_PUSH_CHANGES = 1_000
MAX_BODY_BYTES = 8 * 1024 * 1024  # after decompression
# Revisions and cursors: far beyond any real counter, and exact in every JSON reader (a bound of
# 2**62 let schema checkers, comparing as floats, take 2**62 + 95 for valid).
MAX_REV = 2**53 - 1
# No echo: at most this many runs of own revisions travel with a pull (`own=a-b,c-d`).
MAX_OWN_RUNS = 32
_OWN_RUN = re.compile(r"([0-9]{1,19})(?:-([0-9]{1,19}))?", re.ASCII)


def format_own_runs(runs: list[tuple[int, int]]) -> str:
    """`own` of GET /sync/changes: runs of revisions this device recorded from its own push
    answers, "a-b" (inclusive) joined by commas; a run of one rev is just "a"."""
    return ",".join(f"{lo}" if lo == hi else f"{lo}-{hi}" for lo, hi in runs)


OWN_PATTERN = r"^([0-9]{1,19}(-[0-9]{1,19})?(,[0-9]{1,19}(-[0-9]{1,19})?)*)?$"


def parse_own_runs(text: str) -> list[tuple[int, int]]:
    """The runs of an `own` parameter (syntax as OWN_PATTERN; ValueError otherwise). A run that
    cannot match anything (low above high, beyond MAX_REV) is dropped, and only the first
    MAX_OWN_RUNS count: a skip hint read leniently can only leave fewer records out."""
    if not text:
        return []
    runs: list[tuple[int, int]] = []
    for part in text.split(","):
        match = _OWN_RUN.fullmatch(part)
        if match is None:
            raise ValueError("a run is N or N-M")
        lo = int(match[1])
        hi = int(match[2]) if match[2] else lo
        if lo <= hi and lo <= MAX_REV:
            runs.append((lo, min(hi, MAX_REV)))
    return runs[:MAX_OWN_RUNS]


class Table(StrEnum):
    """Synced tables, in the order that puts parents before children."""

    ORGANIZATIONS = "organizations"
    PARTY_GROUPS = "party_groups"
    MEMBERS = "members"
    MEMBERSHIPS = "memberships"
    MEETINGS = "meetings"
    ATTENDANCE = "attendance"
    PHOTOS = "photos"
    AUDIT_EVENTS = "audit_events"


TABLE_ORDER = list(Table)


CHINA_TZ = dt.timezone(dt.timedelta(hours=8))


def _naive_local(value: dt.datetime) -> dt.datetime:
    """Meeting times are wall-clock times in China; an offset, if sent, is folded in."""
    if value.tzinfo is not None:
        # One step from the sent offset to China's (astimezone would pass through UTC, which
        # overflows at the ends of the calendar even when the China time exists).
        shift = CHINA_TZ.utcoffset(None) - (value.utcoffset() or dt.timedelta())
        try:
            value = value.replace(tzinfo=None) + shift
        except OverflowError:  # 0001-01-01T00:00+14:00 or 9999-12-31T23:00-12:00 in China time
            raise ValueError("the time in China falls outside the years 1-9999") from None
    return value.replace(microsecond=0)


# The canonical text of a date-time on the wire ("2026-03-05T09:30:00"); the client's
# store.records produces the same, so equal values always compare equal in a merge.
WireDateTime = Annotated[
    dt.datetime,
    AfterValidator(_naive_local),
    PlainSerializer(lambda v: v.isoformat(timespec="seconds"), return_type=str),
]


class _Fields(BaseModel):
    """Base of per-table field models: unknown keys are refused, values are typed."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _domain_rules(self) -> _Fields:
        check = validation.VALIDATORS[self._table()]
        normalized = check(self.__dict__)
        for key, value in normalized.items():
            if key in type(self).model_fields:
                object.__setattr__(self, key, value)
        return self

    @classmethod
    def _table(cls) -> str:
        raise NotImplementedError


class OrganizationFields(_Fields):
    code: str = Field(max_length=32)
    name: str = Field(max_length=128)
    level: Literal["province", "city", "county", "township", "branch"]
    parent_id: str | None = Field(default=None, max_length=36)

    @classmethod
    def _table(cls) -> str:
        return Table.ORGANIZATIONS


class PartyGroupFields(_Fields):
    branch_id: str = Field(max_length=36)
    name: str = Field(max_length=64)

    @classmethod
    def _table(cls) -> str:
        return Table.PARTY_GROUPS


class MemberFields(_Fields):
    branch_id: str = Field(max_length=36)
    group_id: str | None = Field(default=None, max_length=36)
    name: str = Field(max_length=64)
    gender: Literal["male", "female"] | None = None
    ethnicity: str = Field(default="汉族", max_length=16)
    id_number: str = Field(max_length=18)
    birth_date: dt.date | None = None
    education: str = Field(default="", max_length=16)
    category: Literal["formal", "probationary"] = "formal"
    join_date: dt.date | None = None
    full_member_date: dt.date | None = None
    job: str = Field(default="", max_length=64)
    phone: str = Field(default="", max_length=20)
    address: str = Field(default="", max_length=128)
    membership_status: Literal["normal", "suspended"] = "normal"
    lost_contact: bool = False
    lost_contact_date: dt.date | None = None
    mobile: bool = False
    mobile_destination: str = Field(default="", max_length=128)
    committee_role: str = Field(default="", max_length=16)
    group_leader: bool = False

    @classmethod
    def _table(cls) -> str:
        return Table.MEMBERS


class MembershipFields(_Fields):
    """One period of a member's belonging to a branch (domain/membership.py): [start, end)."""

    member_id: str = Field(max_length=36)
    branch_id: str = Field(max_length=36)
    group_id: str | None = Field(default=None, max_length=36)
    category: Literal["formal", "probationary"]
    start_date: dt.date | None = Field(default=None, description="null: not recorded (来源不详)")
    start_reason: Literal["joined", "became_formal", "transferred_in", "group_changed", "unknown"]
    start_from: str = Field(default="", max_length=128, description="transferred in: from where")
    end_date: dt.date | None = Field(default=None, description="null: still a member here")
    end_reason: Literal["", "became_formal", "group_changed", "transferred_out", "died",
                        "left_party", "suspended"] = ""
    end_to: str = Field(default="", max_length=128, description="transferred out: to where")

    @classmethod
    def _table(cls) -> str:
        return Table.MEMBERSHIPS


class MeetingFields(_Fields):
    branch_id: str = Field(max_length=36)
    type: Literal[
        "branch_general", "branch_committee", "group_meeting", "party_lecture", "theme_day",
        "org_life", "appraisal", "talk", "election",
    ]
    status: Literal["planned", "held", "cancelled"] = "planned"
    topic: str = Field(max_length=200)
    start: WireDateTime
    end: WireDateTime | None = None
    place: str = Field(default="", max_length=128)
    host: str = Field(default="", max_length=64)
    recorder: str = Field(default="", max_length=64)
    lecturer: str = Field(default="", max_length=64)
    group_id: str | None = Field(default=None, max_length=36)
    org_life_form: str = Field(default="", max_length=24)
    agenda: list[str] = Field(default_factory=list, max_length=100)
    speech_notes: str = Field(default="", max_length=100_000)
    minutes: str = Field(default="", max_length=200_000)
    resolutions: list[dict[str, Any]] = Field(default_factory=list, max_length=100)
    observers: list[dict[str, Any]] = Field(default_factory=list, max_length=200)
    cancel_reason: str = Field(default="", max_length=200)
    # A held meeting's expected list, taken from the dated roster when it was recorded as held
    # and kept: [{"member_id", "name", "category" (on the meeting day), "role"}]; null: not fixed.
    roster: list[dict[str, Any]] | None = Field(default=None, max_length=2000)
    roster_taken_at: WireDateTime | None = None
    roster_taken_by: str = Field(default="", max_length=64)
    roster_refreshed: bool = Field(default=False, description="taken again by a deliberate refresh")
    # The township's review (domain/review.py): the state and comment its acts lead to, and the acts.
    review: Literal["none", "submitted", "approved", "returned"] = "none"
    review_comment: str = Field(default="", max_length=500)
    review_log: list[dict[str, Any]] = Field(
        default_factory=list, max_length=200,
        description='[{"action": submit|approve|return|reopen, "by", "at", "comment", "seen"}]; only grows')

    @classmethod
    def _table(cls) -> str:
        return Table.MEETINGS


class AttendanceFields(_Fields):
    meeting_id: str = Field(max_length=36)
    member_id: str = Field(max_length=36)
    status: Literal["present", "late", "leave", "absent"]
    reason: str = Field(default="", max_length=200)
    excluded: bool = False
    exclusion_reason: str = Field(default="", max_length=200)
    grade: str = Field(default="", max_length=24)

    @classmethod
    def _table(cls) -> str:
        return Table.ATTENDANCE


SHA256_PATTERN = r"^[0-9a-f]{64}$"
MAX_BLOB_BYTES = 32 * 1024 * 1024  # a blob (a shrunk photo is ~0.3 MB; an update package more)


class PhotoFields(_Fields):
    """A photo of a meeting; its images travel apart, as blobs named by their SHA-256."""

    meeting_id: str = Field(max_length=36)
    kind: Literal["photo", "sign_in_sheet"] = "photo"
    caption: str = Field(default="", max_length=200)
    sha256: str = Field(min_length=64, max_length=64, pattern=SHA256_PATTERN)
    size: int = Field(ge=1, le=MAX_BLOB_BYTES)
    width: int = Field(ge=1, le=20_000)
    height: int = Field(ge=1, le=20_000)
    thumb_sha256: str = Field(min_length=64, max_length=64, pattern=SHA256_PATTERN)
    thumb_size: int = Field(ge=1, le=MAX_BLOB_BYTES)

    @classmethod
    def _table(cls) -> str:
        return Table.PHOTOS


class AuditEventFields(_Fields):
    """Who saw, printed or exported personal numbers in full (append-only; 个人信息保护法)."""

    branch_id: str = Field(max_length=36)
    action: Literal["show_id_number", "print_full", "export_full"]
    # What was shown or written, in words ("党员名册 导出 .xlsx，40 人"); never the numbers.
    subject: str = Field(default="", max_length=200)
    member_id: str | None = Field(default=None, max_length=36)
    meeting_id: str | None = Field(default=None, max_length=36)
    device_name: str = Field(default="", max_length=128)
    occurred_at: WireDateTime

    @classmethod
    def _table(cls) -> str:
        return Table.AUDIT_EVENTS


FIELD_MODELS: dict[str, type[_Fields]] = {
    Table.ORGANIZATIONS: OrganizationFields,
    Table.PARTY_GROUPS: PartyGroupFields,
    Table.MEMBERS: MemberFields,
    Table.MEMBERSHIPS: MembershipFields,
    Table.MEETINGS: MeetingFields,
    Table.ATTENDANCE: AttendanceFields,
    Table.PHOTOS: PhotoFields,
    Table.AUDIT_EVENTS: AuditEventFields,
}


def default_fields(table: str) -> dict[str, Any]:
    """The fields of a table that have a default, at their defaults (fresh lists)."""
    return {name: info.get_default(call_default_factory=True)
            for name, info in FIELD_MODELS[table].model_fields.items() if not info.is_required()}


def validate_fields(table: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate a record's fields; returns them as JSON values, normalized.

    Raises the domain's ValidationError, with a message for the user, for any problem.
    """
    try:
        model = FIELD_MODELS[table].model_validate(fields)
    except pydantic.ValidationError as exc:
        raise _domain_error(exc) from None
    return model.model_dump(mode="json", by_alias=True)


def _domain_error(exc: pydantic.ValidationError) -> ValidationError:
    first = exc.errors()[0]
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, ValidationError):
        return cause
    name = ".".join(str(p) for p in first.get("loc", ())) or "?"
    if first.get("type") == "extra_forbidden":
        return ValidationError(f"未知字段：{name}", f"Unknown field: {name}", name)
    if first.get("type") == "missing":
        return ValidationError(f"缺少字段：{name}", f"Missing field: {name}", name)
    return ValidationError(
        f"字段 {name} 的值不正确：{first.get('msg', '')}",
        f"Invalid value for {name}: {first.get('msg', '')}",
        name.split(".")[0],
    )


# --- records -------------------------------------------------------------------------------


class Record(BaseModel):
    """The server's current version of one record."""

    table: Table
    id: str = Field(max_length=36)
    rev: int = Field(ge=1, le=MAX_REV)
    deleted: bool = False
    updated_by: str = ""
    updated_at: str | None = None  # the editing client's clock: display only, never ordering
    fields: dict[str, Any]


class Eviction(BaseModel):
    """A record that left the caller's scope (e.g. a member transferred to another branch)."""

    table: Table
    id: str = Field(max_length=36)
    rev: int = Field(ge=1, le=MAX_REV)


class ClientUpdate(BaseModel):
    """A newer program the server holds for the asking client's platform and kind.

    Only a hint: the client downloads the package from `url` (under the API prefix, on the same
    server) and installs nothing that its own signature check refuses.
    """

    version: str = Field(max_length=40, pattern=r"^[0-9][0-9A-Za-z.+!_-]*$")
    target: str = Field(max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$",
                        description="platform and kind, e.g. win64-setup, win64-portable")
    url: str = Field(max_length=200, pattern=r"^/updates/[a-z0-9][a-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9._+-]*$",
                     description="path of the package under the API prefix (HTTP Range supported)")
    size: int = Field(ge=1, le=2**31)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    required: bool = Field(default=False, description="the client's protocol is older than the server accepts")
    notes: str = Field(default="", max_length=2000)
    notes_en: str = Field(default="", max_length=2000)


def _lenient_update(value: Any, handler: Any) -> ClientUpdate | None:
    """A malformed offer is dropped, never a reason to refuse the answer it came with."""
    try:
        return handler(value)
    except pydantic.ValidationError:
        return None


# Optional in every answer that carries it: old clients ignore it, and it never breaks a sync.
UpdateOffer = Annotated[ClientUpdate | None, WrapValidator(_lenient_update)]


class _MayOfferUpdate(BaseModel):
    """An answer with an optional `client_update`, left out of the JSON when there is none, so
    the answers stay byte for byte what they were (the server adds it to the text it sends)."""

    client_update: UpdateOffer = Field(default=None, exclude_if=lambda v: v is None)


class ChangesPage(_MayOfferUpdate):
    """GET /sync/changes: records with rev > since, ordered by rev."""

    changes: list[Record]
    evictions: list[Eviction] = Field(default_factory=list)
    next: int = Field(ge=0, le=MAX_REV, description="The cursor to pass as `since` for the next page.")
    has_more: bool
    server_time: dt.datetime
    generation: str | None = Field(default=None, max_length=64, description=(
        "The server database's generation: a new one after it was restored from a backup (or a "
        "replica that lost writes was promoted). Absent from servers older than this field."))
    generation_start: int | None = Field(default=None, ge=0, description=(
        "The change counter when this generation began. A client that synced with another "
        "generation uploads again what it holds newer than this and pulls from here; with the same "
        "generation, `next` behind the client's cursor is a lagging replica: wait, lose nothing."))
    remaining: int | None = Field(default=None, ge=0, le=MAX_REV, description=(
        "Asked with `count=1`: how many records lie beyond this page (for progress and time "
        "left; records left out as the caller's own are counted too)."))
    part_upto: int | None = Field(default=None, ge=0, le=MAX_REV, description=(
        "A page of one part of a first download (`part=`): the counter that bounds both parts; "
        "the client pulls the normal feed from there. Absent: the server does not split downloads."))


class ColumnTable(BaseModel):
    """One table of a column page (`sync/columns.py` builds and reads them)."""

    table: str
    n: int = Field(ge=0)
    rev: list[int]
    deleted: list[int]
    by: list[int]
    at: list[str | None]
    id: list[str | None] | None
    fields: dict[str, list[Any]]
    missing: dict[str, list[int]]


class ColumnPage(_MayOfferUpdate):
    """GET /sync/changes with `format=columns` (protocol 3): a ChangesPage column by column."""

    format: Literal["columns-1"]
    members: list[str] = Field(description="attendance `member_id` values are indexes into this list")
    authors: list[str] = Field(description="`by` values are indexes into this list")
    tables: list[ColumnTable]
    evictions: list[Eviction] = Field(default_factory=list)
    next: int = Field(ge=0, le=MAX_REV)
    has_more: bool
    server_time: dt.datetime
    generation: str | None = Field(default=None, max_length=64)
    generation_start: int | None = Field(default=None, ge=0)
    remaining: int | None = Field(default=None, ge=0, le=MAX_REV)
    part_upto: int | None = Field(default=None, ge=0, le=MAX_REV)


class PushChange(BaseModel):
    """One local edit: the full record as the client has it, and the rev it was based on."""

    table: Table
    id: str = Field(min_length=1, max_length=36)
    base_rev: int | None = Field(default=None, ge=1, le=MAX_REV, description="null for a record created here")
    deleted: bool = False
    updated_at: str | None = Field(default=None, max_length=40)
    fields: dict[str, Any]


class PushRequest(BaseModel):
    """POST /sync/push: idempotent on (device_id, batch_id)."""

    device_id: str = Field(min_length=1, max_length=64)
    batch_id: str = Field(min_length=1, max_length=64)
    changes: list[PushChange] = Field(max_length=MAX_PUSH_CHANGES)


ChangeStatus = Literal["applied", "merged", "conflict", "rejected"]


class ChangeResult(BaseModel):
    """The server's verdict on one change; one bad record never blocks the others."""

    table: Table
    id: str
    status: ChangeStatus
    rev: int | None = Field(default=None, ge=1, le=MAX_REV)
    record: Record | None = Field(
        default=None, description="merged: the merged record; conflict: the server's version"
    )
    conflict_fields: list[str] = Field(default_factory=list)
    message: str | None = None  # Chinese, for the user
    message_en: str | None = None
    field: str | None = None


class PushResponse(_MayOfferUpdate):
    """The per-change results, in the order of the request."""

    results: list[ChangeResult]
    server_time: dt.datetime


# --- accounts --------------------------------------------------------------------------------

Role = Literal["secretary", "township", "county", "admin"]


class LoginRequest(BaseModel):
    """POST /auth/login."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: str = Field(default="", max_length=64)
    device_name: str = Field(default="", max_length=128)


class UserInfo(BaseModel):
    """Who the token belongs to and which part of the tree they may see."""

    username: str
    display_name: str = ""
    role: Role
    org_id: str
    org_code: str
    org_name: str


class LoginResponse(BaseModel):
    """An opaque bearer token and its owner."""

    token: str
    expires_at: dt.datetime
    user: UserInfo


class Health(BaseModel):
    """GET /health: the light probe clients poll while offline."""

    status: Literal["ok"] = "ok"
    protocol: int = PROTOCOL_VERSION
    min_protocol: int = MIN_PROTOCOL_VERSION
    server_version: str
    server_time: dt.datetime
    generation: str | None = Field(default=None, max_length=64,
                                   description="The database generation (see ChangesPage)")


class DeviceKey(BaseModel):
    """PUT/GET /devices/{device_id}/key: a workspace's database key, escrowed with the server.

    The server (which holds the same data anyway) keeps it so another account of the same
    organization can open the workspace on that PC, and a forgotten password can be reset
    online (docs/security.md).
    """

    key: str = Field(min_length=44, max_length=44, pattern=r"^[A-Za-z0-9+/]{43}=$",
                     description="The 32-byte key, base64")


# --- blobs ----------------------------------------------------------------------------------

BLOB_CHUNK_BYTES = 64 * 1024  # one PUT: at 64 kbit/s about 8 s, so a cut loses at most that


class BlobUploadRequest(BaseModel):
    """POST /blobs/{sha256}/upload: start or resume an upload of `size` bytes."""

    size: int = Field(ge=1, le=MAX_BLOB_BYTES)
    chunk_size: int = Field(default=BLOB_CHUNK_BYTES, ge=4096, le=1024 * 1024)


class BlobStatus(BaseModel):
    """Where an upload stands: the server holds the blob whole, or these chunks of it."""

    sha256: str
    size: int = Field(ge=0, le=MAX_BLOB_BYTES)
    complete: bool
    chunk_size: int = Field(ge=4096, le=1024 * 1024)
    received: list[int] = Field(default_factory=list, description="chunk numbers already stored")


class ErrorBody(_MayOfferUpdate):
    """Every error answer: a stable code and messages for the user in both languages."""

    error: str
    message: str
    message_en: str


