"""Import a branch roster from .xlsx or .csv: every row checked, then all or nothing.

Rows whose ID number already belongs to a member of the same branch update that member, so
importing the same file twice changes nothing. Any rejected row means nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.roster_file import (  # noqa: F401 - ImportReport, RowProblem: the callers' names
    ImportReport,
    RowProblem,
    arrival_of,
    cell_text,
    member_row_fields,
    read_table,
)
from ..store.models import Member
from ..store.records import default_values, row_values
from . import membership
from .members import groups_of
from .orgs import branch_by_code


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


def import_roster(
    session: Session,
    path: Path,
    branch_code: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Check every row, then write all of them or none. The caller commits or rolls back."""
    branch = branch_by_code(session, branch_code)
    groups = {g.name: g.id for g in groups_of(session, branch.id)}
    existing = {
        m.id_number: m for m in session.scalars(select(Member).where(Member.deleted.is_(False)))
    }
    rows = list(read_table(Path(path)))
    report = ImportReport(total_rows=len(rows))
    seen: dict[str, int] = {}
    accepted: list[dict[str, Any]] = []
    arrivals: dict[str, tuple[Any, str]] = {}
    for index, (number, raw) in enumerate(rows):
        if is_cancelled and is_cancelled():
            report.cancelled = True
            raise ImportCancelled()
        name = cell_text(raw.get("姓名") or raw.get("name"))
        try:
            fields = member_row_fields(raw, branch.id, groups, default_values("members"))
            arrival = arrival_of(raw)
            if arrival[0] is not None:
                arrivals[fields["id_number"]] = arrival
            if fields["id_number"] in seen:
                raise ValidationError(
                    f"与第{seen[fields['id_number']]}行的公民身份号码重复",
                    f"Same ID number as row {seen[fields['id_number']]}", "id_number",
                )
            other = existing.get(fields["id_number"])
            if other is not None and other.branch_id != branch.id:
                raise ValidationError(
                    f"该党员（{other.name}）已在其他党支部登记，请走组织关系转接",
                    f"This person ({other.name}) is registered in another branch", "id_number",
                )
            seen[fields["id_number"]] = number
            accepted.append(fields)
        except ValidationError as exc:
            report.problems.append(RowProblem(number, name, exc.message_zh, exc.message_en))
        if progress:
            progress(index + 1, len(rows))
    if report.problems:
        return report
    for fields in accepted:
        member = existing.get(fields["id_number"])
        arrival = arrivals.get(fields["id_number"])
        if member is None:
            member = Member(**fields)
            session.add(member)
            session.flush()
            if arrival is not None:
                membership.write_arrival(session, member, *arrival)
            report.added += 1
            continue
        if arrival is not None and not membership.has_records(session, member.id):
            membership.write_arrival(session, member, *arrival)
        changed = False
        before = row_values(member)
        for key, value in fields.items():
            if getattr(member, key) != value:
                setattr(member, key, value)
                changed = True
        if changed:  # stored history follows corrected dates and 转正, as in the member form
            session.flush()
            membership.follow_member_edit(session, member, before)
        report.updated += changed
        report.unchanged += not changed
    session.flush()
    return report
