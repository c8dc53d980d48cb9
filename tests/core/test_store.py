import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select, text

from ebranch_desktop.domain.ids import attendance_id
from ebranch_desktop.services import attendance, meetings, orgs
from ebranch_desktop.store import schema
from ebranch_desktop.store.models import Attendance, Meeting, SyncBase
from ebranch_desktop.store.tracking import HardDeleteError
from ebranch_desktop.store.workspace import open_workspace


def first_branch(ws):
    with ws.read() as s:
        return orgs.branches(s)[0]


def plan(ws, **extra):
    branch = first_branch(ws)
    with ws.write("书记甲") as s:
        m = meetings.create_meeting(
            s, {"branch_id": branch.id, "type": "branch_general", "topic": "学习党章",
                "start": dt.datetime(2026, 3, 5, 9, 0)} | extra
        )
        return m.id


def test_engine_pragmas(workspace):
    with workspace.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_every_edit_marks_the_row_dirty_and_records_its_author(demo_workspace):
    mid = plan(demo_workspace)
    with demo_workspace.read() as s:
        m = s.get(Meeting, mid)
        assert (m.dirty, m.updated_by, m.rev, m.deleted) == (1, "书记甲", None, False)
    with demo_workspace.write("书记乙") as s:
        meetings.update_meeting(s, mid, {"place": "村部"})
    with demo_workspace.read() as s:
        m = s.get(Meeting, mid)
        assert (m.dirty, m.updated_by, m.place) == (2, "书记乙", "村部")


def test_first_edit_after_a_sync_keeps_the_server_version_as_base(demo_workspace):
    mid = plan(demo_workspace)
    with demo_workspace.write() as s:  # pretend the server accepted it as rev 7
        s.info["remote_apply"] = True
        m = s.get(Meeting, mid)
        m.rev, m.dirty = 7, 0
    with demo_workspace.write() as s:
        meetings.update_meeting(s, mid, {"topic": "新主题"})
    with demo_workspace.write() as s:
        meetings.update_meeting(s, mid, {"topic": "再改一次"})
    with demo_workspace.read() as s:
        base = s.get(SyncBase, ("meetings", mid))
        assert base.rev == 7
        assert base.fields["topic"] == "学习党章"  # the first edit's "before", not the second's


def test_deleting_a_meeting_tombstones_it_and_its_attendance(demo_workspace):
    mid = plan(demo_workspace)
    with demo_workspace.read() as s:
        member = attendance.sheet(s, mid).lines[0].member_id
    with demo_workspace.write() as s:
        attendance.set_attendance(s, mid, member, "present")
    with demo_workspace.write() as s:
        meetings.delete_meeting(s, mid)
    with demo_workspace.read() as s:
        assert s.get(Meeting, mid).deleted is True
        assert s.get(Attendance, attendance_id(mid, member)).deleted is True
        assert meetings.count_meetings(s, meetings.MeetingFilter(text="学习党章")) == 0


def test_synced_rows_cannot_be_hard_deleted(demo_workspace):
    mid = plan(demo_workspace)
    with pytest.raises(HardDeleteError), demo_workspace.write() as s:
        s.delete(s.get(Meeting, mid))
    with demo_workspace.read() as s:
        assert s.get(Meeting, mid) is not None


def test_marking_twice_updates_the_one_derived_row(demo_workspace):
    mid = plan(demo_workspace)
    with demo_workspace.read() as s:
        member = attendance.sheet(s, mid).lines[0].member_id
    with demo_workspace.write() as s:
        attendance.set_attendance(s, mid, member, "present")
    with demo_workspace.write() as s:
        attendance.set_attendance(s, mid, member, "leave", "生病住院")
    with demo_workspace.read() as s:
        rows = s.scalars(select(Attendance).where(Attendance.meeting_id == mid)).all()
        assert [(r.id, r.status, r.reason) for r in rows] == [(attendance_id(mid, member), "leave", "生病住院")]


def test_mark_all_marks_exactly_the_unmarked_and_brings_back_a_taken_back_mark(demo_workspace):
    mid = plan(demo_workspace)
    with demo_workspace.read() as s:
        first, second, third, *rest = [line.member_id for line in attendance.sheet(s, mid).lines]
    with demo_workspace.write() as s:
        attendance.set_attendance(s, mid, first, "leave", "外出务工")
        attendance.set_attendance(s, mid, second, "present")
        attendance.set_attendance(s, mid, third, "absent", excluded=True, exclusion_reason="长期卧床")
        attendance.set_attendance(s, mid, rest[0], "late")
        attendance.clear_attendance(s, mid, rest[0])  # a wrong click taken back: a tombstone
    with demo_workspace.write(undoable=True) as s:
        assert attendance.mark_unmarked(s, mid) == len(rest)
    with demo_workspace.read() as s:
        lines = {line.member_id: line for line in attendance.sheet(s, mid).lines}
        assert (lines[first].status, lines[first].reason) == ("leave", "外出务工")
        assert (lines[third].status, lines[third].excluded) == ("absent", True)
        assert {lines[m].status for m in [second, *rest]} == {"present"}
        rows = s.scalars(select(Attendance).where(Attendance.meeting_id == mid)).all()
        assert len(rows) == 3 + len(rest) and not any(r.deleted for r in rows)
        assert all(r.id == attendance_id(mid, r.member_id) for r in rows)
    with demo_workspace.write() as s:  # nothing left to mark
        assert attendance.mark_unmarked(s, mid) == 0


def test_mark_all_is_refused_once_the_township_approved_the_meeting(demo_workspace):
    from ebranch_desktop.domain.errors import ValidationError
    from ebranch_desktop.domain.review import APPROVED

    mid = plan(demo_workspace)
    with demo_workspace.write() as s:
        s.get(Meeting, mid).review = APPROVED
    with pytest.raises(ValidationError), demo_workspace.write() as s:
        attendance.mark_unmarked(s, mid)
    with demo_workspace.read() as s:
        assert not s.scalars(select(Attendance).where(Attendance.meeting_id == mid)).all()


def test_head_revision_constant_matches_the_migrations():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema.alembic_config())
    assert script.get_current_head() == schema.HEAD_REVISION


def test_revision_ids_only_increase():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema.alembic_config())
    chain = list(reversed(list(script.walk_revisions())))
    numbers = [int(r.revision) for r in chain]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    for older, newer in zip(chain, chain[1:], strict=False):
        assert newer.down_revision == older.revision


def test_a_database_from_the_first_migration_upgrades_with_its_data(tmp_path):
    """Build a file at revision 0001 with data, then open it with this build."""
    from ebranch_desktop.store.engine import create_sqlite_engine

    db_dir = tmp_path / "old"
    db_dir.mkdir()
    engine = create_sqlite_engine(db_dir / "workspace.sqlite3")
    schema.upgrade(engine, None, target="0001", head="")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO organizations (id, code, name, level, parent_id, rev, deleted, updated_by, dirty) "
            "VALUES ('o1', '22', '吉林省', 'province', NULL, 5, 0, 'x', 0)"
        ))
    engine.dispose()
    ws = open_workspace(db_dir)
    try:
        assert schema.current_revision(ws.engine) == schema.HEAD_REVISION
        with ws.read() as s:
            assert [n.name for n in orgs.org_tree(s)] == ["吉林省"]
    finally:
        ws.close()
    if schema.HEAD_REVISION != "0001":
        assert list(db_dir.glob("workspace.sqlite3.before-0001.bak"))


def test_a_newer_database_is_refused_with_a_clear_message(tmp_path):
    ws = open_workspace(tmp_path / "w")
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    ws.close()
    with pytest.raises(schema.NewerSchemaError, match="更新版本"):
        open_workspace(tmp_path / "w")
    # and the file was not touched
    con = sqlite3.connect(tmp_path / "w" / "workspace.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)
    con.close()


def test_models_and_migrations_describe_the_same_schema(workspace):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ebranch_desktop.store.models import Base

    with workspace.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


@pytest.mark.parametrize("version", ["0001", "0002", "0003", "0005", "0006", "0007"])
def test_a_real_workspace_file_of_each_older_version_opens_upgraded(version, tmp_path):
    """Files written by earlier builds (tests/core/data) open with their data and a backup."""
    import shutil
    from pathlib import Path

    source = Path(__file__).parent / "data" / f"workspace-{version}.sqlite3"
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(source, folder / "workspace.sqlite3")
    ws = open_workspace(folder)
    try:
        assert schema.current_revision(ws.engine) == schema.HEAD_REVISION
        with ws.read() as s:
            assert meetings.count_meetings(s, meetings.MeetingFilter()) > 10
            assert [b.name for b in orgs.branches(s)] == ["红旗村党支部"]
            assert s.scalar(select(Meeting.updated_by).limit(1)) == "v" + version
        assert (folder / f"workspace.sqlite3.before-{version}.bak").exists()
    finally:
        ws.close()


def test_held_meetings_of_an_upgraded_workspace_keep_the_figures_they_showed(tmp_path):
    """Version 0005 worked a held meeting's figures out from today's roster; the upgrade keeps
    exactly those (workspace-0005.sheets.json was written by the 0005 program from this file)."""
    import json
    import shutil
    from pathlib import Path

    from ebranch_desktop.reports.absence import absence_watch
    from ebranch_desktop.store.records import row_fields

    data = Path(__file__).parent / "data"
    shown = json.loads((data / "workspace-0005.sheets.json").read_text(encoding="utf-8"))
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(data / "workspace-0005.sqlite3", folder / "workspace.sqlite3")
    synced = sorted(shown)[0]
    plain = sqlite3.connect(folder / "workspace.sqlite3")  # as if the server had accepted it
    plain.execute("UPDATE meetings SET rev = 7, dirty = 0 WHERE id = ?", (synced,))
    plain.commit()
    plain.close()
    ws = open_workspace(folder)
    try:
        with ws.read() as s:
            for meeting_id, old in shown.items():
                sheet = attendance.sheet(s, meeting_id)
                t = sheet.totals
                assert sheet.fixed
                assert {"expected": t.expected, "present": t.present, "voting_expected": t.voting_expected,
                        "voting_present": t.voting_present,
                        "members": sorted(x.member_id for x in sheet.lines)} == old
                meeting = s.get(Meeting, meeting_id)
                assert meeting.roster is not None and meeting.dirty >= 1  # to be pushed
            base = s.get(SyncBase, ("meetings", synced))
            meeting = s.get(Meeting, synced)
            assert base.rev == 7
            assert base.fields == row_fields(meeting) | {
                "roster": None, "roster_taken_at": None, "roster_taken_by": "", "roster_refreshed": False}
            cancelled = s.scalar(select(Meeting).where(Meeting.status == "cancelled"))
            assert cancelled.roster is None and not attendance.sheet(s, cancelled.id).counted
            watch = absence_watch(s, (3, 5, 6))
            assert [x.name for x in watch.incomplete] == ["无日期"]  # registered without dates
            assert "无日期" not in {x.name for x in watch.lines}
    finally:
        ws.close()


def test_pages_of_a_township_list_are_the_whole_list_in_order_without_gaps(demo_workspace):
    """The list over several branches walks the start index (services/meetings._filtered):
    its pages, read one after another, are exactly the ordered list, ties included."""
    with demo_workspace.write() as s:
        branches = [orgs.branch_by_code(s, code).id for code in ("220122105001", "220122105002")]
        same = dt.datetime(2026, 3, 1, 9, 0)  # ties in start: the id decides
        for n in range(7):
            for branch in branches:
                meetings.create_meeting(s, {"branch_id": branch, "type": "theme_day", "topic": f"同时{n}",
                                            "start": same})
    with demo_workspace.read() as s:
        flt = meetings.MeetingFilter(branch_ids=branches)
        total = meetings.count_meetings(s, flt)
        pages = []
        while len(pages) < total:
            pages.extend(meetings.fetch_meetings(s, flt, len(pages), 5))
        expected = sorted(pages, key=lambda r: r.id)
        expected.sort(key=lambda r: r.start, reverse=True)
        assert [r.id for r in pages] == [r.id for r in expected]
        assert len({r.id for r in pages}) == total >= 14
        after = []  # as the list scrolls: each page after the last row shown
        while len(after) < total:
            more = meetings.fetch_meetings(s, flt, 0, 5, after=after[-1] if after else None)
            assert more
            after.extend(more)
        assert [r.id for r in after] == [r.id for r in pages]
        assert {r.branch_id for r in pages} == set(branches)
        one = meetings.MeetingFilter(branch_ids=branches[:1])
        assert [r.id for r in meetings.fetch_meetings(s, one, 0, 1000)] == [r.id for r in pages
                                                                           if r.branch_id == branches[0]]
