"""Record ids that every device and the server compute alike."""

from __future__ import annotations

import uuid

ATTENDANCE_NAMESPACE = uuid.UUID("5b0f3c1e-7d2a-4f4e-9a51-2c6e8f1d0a77")


def attendance_id(meeting_id: str, member_id: str) -> str:
    """The attendance row id: the same on every device for the same meeting and member."""
    return str(uuid.uuid5(ATTENDANCE_NAMESPACE, f"{meeting_id}:{member_id}"))
