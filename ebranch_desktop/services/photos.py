"""Meeting photos (会议照片, a scanned signed 签到表): optional evidence, never a gate.

Adding a photo is two steps: `prepare` shrinks it and stores its files (slow, outside any
transaction), `attach` writes the small record that names them (in the caller's write). The
files travel after the records, in the background (sync/blobs.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.review import refuse_if_approved
from ..store.blobs import BlobStore
from ..store.models import BlobUpload, Photo
from . import images
from .meetings import get_meeting

KINDS = ("photo", "sign_in_sheet")


@dataclass(frozen=True)
class Prepared:
    """A photo shrunk and stored in the workspace's blob files, not yet attached to a meeting."""

    sha256: str
    size: int
    width: int
    height: int
    thumb_sha256: str
    thumb_size: int
    source_bytes: int


def prepare(blobs: BlobStore, raw: bytes) -> Prepared:
    shrunk = images.shrink(raw)
    sha = blobs.put(shrunk.data)
    thumb = blobs.put(shrunk.thumb)
    return Prepared(sha, len(shrunk.data), shrunk.width, shrunk.height, thumb, len(shrunk.thumb), len(raw))


def prepare_file(blobs: BlobStore, path: Path) -> Prepared:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件 {path}：{exc.strerror}", f"Cannot read {path}: {exc.strerror}",
                              "file") from None
    return prepare(blobs, raw)


def check_exists(session: Session, meeting_id: str) -> None:
    get_meeting(session, meeting_id)


def check_attachable(session: Session, meeting_id: str) -> None:
    """Refuse before the slow part: no such meeting, or an approved (read-only) record."""
    refuse_if_approved(get_meeting(session, meeting_id).review)


def attach(session: Session, meeting_id: str, prepared: Prepared, *, kind: str = "photo",
           caption: str = "") -> Photo:
    """The photo's record on the meeting; the same picture twice on one meeting is kept once."""
    meeting = get_meeting(session, meeting_id)
    refuse_if_approved(meeting.review)
    if kind not in KINDS:
        raise ValidationError(f"照片类型无效：{kind}", f"Invalid photo kind: {kind}", "kind")
    existing = session.scalar(select(Photo).where(Photo.meeting_id == meeting_id, Photo.sha256 == prepared.sha256))
    if existing is not None and not existing.deleted:
        return existing
    values = {"meeting_id": meeting_id, "kind": kind, "caption": caption.strip()[:200],
              "sha256": prepared.sha256, "size": prepared.size, "width": prepared.width,
              "height": prepared.height, "thumb_sha256": prepared.thumb_sha256,
              "thumb_size": prepared.thumb_size}
    if existing is not None:  # taken off earlier, added again: the same record comes back
        for key, value in values.items():
            if getattr(existing, key) != value:
                setattr(existing, key, value)
        existing.deleted = False
        session.flush()
        return existing
    photo = Photo(**values)
    session.add(photo)
    session.flush()
    return photo


def remove(session: Session, photo_id: str) -> None:
    photo = session.get(Photo, photo_id)
    if photo is None or photo.deleted:
        raise ValidationError(f"找不到照片 {photo_id}", f"No photo {photo_id}", "photo_id")
    refuse_if_approved(get_meeting(session, photo.meeting_id).review)
    photo.deleted = True
    session.flush()


def photos_of(session: Session, meeting_id: str) -> list[Photo]:
    return list(session.scalars(
        select(Photo).where(Photo.meeting_id == meeting_id, Photo.deleted.is_(False))
        .order_by(Photo.kind, Photo.updated_at, Photo.id)))


def uploaded(session: Session, hashes: list[str]) -> set[str]:
    """Which of these blobs the server is known to hold whole."""
    if not hashes:
        return set()
    return set(session.scalars(select(BlobUpload.sha256).where(BlobUpload.sha256.in_(hashes))))
