"""Data packages (数据包, issue 11 §3): export → deliver → fetch → import with a real server.

The branch's PC signs in online once (which exchanges the package keys), then works with no
link: its work travels to the township's PC in a file, and the server's answer comes back the
same way. Every refusal (tampered, cut, foreign, replayed) must leave everything unchanged.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest
from helpers import PASSWORD, Device, first_meeting, meeting_field, snapshot
from server_harness import ServerProcess

from ebranch_desktop.services import conflicts, meetings, orgs
from ebranch_desktop.sync import local_state, packages
from ebranch_desktop.sync import package_format as fmt
from ebranch_desktop.sync import status as sync_status
from ebranch_desktop.sync.errors import Refused
from ebranch_desktop.sync.http import ServerClient

BRANCH_CODE = "220122105001"


def ebranch(data_dir, *args, password=PASSWORD):
    """The CLI as a script runs it: the workspace's password on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data_dir), *args, "--password-stdin"],
        capture_output=True, text=True, input=f"{password}\n", check=False, timeout=120,
    )


def held_meetings(ws, n: int) -> list[str]:
    with ws.read() as s:
        flt = meetings.MeetingFilter(branch_ids=[orgs.branch_by_code(s, BRANCH_CODE).id], statuses=["held"])
        return [m.id for m in meetings.fetch_meetings(s, flt, 0, n)]


def edit(ws, meeting_id: str, **values) -> None:
    with ws.write() as s:
        meetings.update_meeting(s, meeting_id, values)


def client_of(d: Device) -> ServerClient:
    return ServerClient(d.server_url, token=d.session.token)


def state_of(ws) -> tuple:
    """What an import may change: every record, the cursor and the package bookkeeping."""
    with ws.read() as s:
        keys = (local_state.CURSOR, packages.ANSWER_SEQ, packages.RESULTS_SEEN, packages.OPEN_EXPORTS)
        return snapshot(ws), {k: local_state.get(s, k) for k in keys}, conflicts.open_conflicts(s).__len__()


def deliver(d: Device, data: bytes) -> fmt.PackageSummary:
    client = client_of(d)
    try:
        return packages.deliver(client, data)
    finally:
        client.close()


def fetch(d: Device, target: str, out) -> fmt.PackageSummary:
    client = client_of(d)
    try:
        return packages.fetch(client, target, out)
    finally:
        client.close()


def test_sign_in_exchanges_package_keys_once(device):
    branch = device("branch", "sec001")
    with branch.ws.read() as s:
        registered = local_state.get(s, packages.REGISTERED)
        assert registered and registered.startswith(branch.server_url)
    client = client_of(branch)
    try:
        with branch.ws.read() as s:
            device_id = local_state.device_id(s)
        assert packages.register(branch.ws, client, device_id) is False  # already done: no request
        assert client.requests_made == 0
    finally:
        client.close()


def test_cli_round_trip_with_conflicts_on_both_sides(device, tmp_path):
    branch = device("branch", "sec001")
    other = device("other", "sec001b", "second-pw")  # an online PC of the same branch
    township = device("town", "qingshan")
    branch.sync()
    other.sync()
    m_server_conflict, m_merge, m_local_conflict = held_meetings(branch.ws, 3)

    # Online, the other PC changes two meetings; offline, the branch changes the same topic of
    # the first (a conflict at the server) and another field of the second (a merge).
    edit(other.ws, m_server_conflict, topic="联网电脑改的主题")
    edit(other.ws, m_merge, place="联网电脑改的地点")
    other.sync()
    edit(branch.ws, m_server_conflict, topic="支部离线改的主题")
    edit(branch.ws, m_merge, topic="支部离线改的另一主题")
    branch.close()

    package = tmp_path / f"branch{fmt.SUFFIX}"
    result = ebranch(branch.ws.data_dir, "package", "export", "--out", str(package), "--json")
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    assert exported["records"] == 2 and package.stat().st_size == exported["bytes"]

    # Meanwhile, after the export, both sides change a third meeting's topic: a conflict on the PC.
    branch.accounts.unlock("sec001", PASSWORD)
    edit(branch.ws, m_local_conflict, topic="支部导出后改的主题")
    branch.close()
    edit(other.ws, m_local_conflict, topic="联网电脑后来改的主题")
    other.sync()

    township.close()
    result = ebranch(township.ws.data_dir, "package", "deliver", str(package), "--json")
    assert result.returncode == 0, result.stderr
    first = json.loads(result.stdout)
    assert (first["records"], first["conflicts"], first["merged"], first["already_delivered"]) == (2, 1, 1, False)
    other_report = other.sync()
    assert other_report.pulled == 1  # the merged meeting; the conflicting change waits for the branch

    # Delivering the same file again changes nothing on the server.
    result = ebranch(township.ws.data_dir, "package", "deliver", str(package), "--json")
    assert result.returncode == 0, result.stderr
    again = json.loads(result.stdout)
    assert again["already_delivered"] is True and again["conflicts"] == 1
    assert other.sync().pulled == 0

    answer = tmp_path / f"answer{fmt.SUFFIX}"
    result = ebranch(township.ws.data_dir, "package", "fetch", "--for", BRANCH_CODE, "--out", str(answer), "--json")
    assert result.returncode == 0, result.stderr
    fetched = json.loads(result.stdout)
    assert fetched["results"] == 1 and fetched["records"] >= 2

    result = ebranch(branch.ws.data_dir, "package", "import", str(answer), "--json")
    assert result.returncode == 3, result.stderr  # conflicts wait for a decision
    imported = json.loads(result.stdout)
    assert (imported["merged"] >= 1, imported["conflicts"], imported["pending"]) == (True, 2, 0)

    branch.accounts.unlock("sec001", PASSWORD)
    assert meeting_field(branch.ws, m_merge, "topic") == "支部离线改的另一主题"
    assert meeting_field(branch.ws, m_merge, "place") == "联网电脑改的地点"
    with branch.ws.read() as s:
        open_ids = {c.record_id for c in conflicts.open_conflicts(s)}
    assert open_ids == {m_server_conflict, m_local_conflict}
    before = state_of(branch.ws)
    branch.close()

    # The same answer imported twice is refused and changes nothing.
    result = ebranch(branch.ws.data_dir, "package", "import", str(answer))
    assert result.returncode == 2
    assert "已经导入过" in result.stderr and "already imported" in result.stderr
    branch.accounts.unlock("sec001", PASSWORD)
    assert state_of(branch.ws) == before

    # Settled on the PC, the next package brings the decision to everyone.
    with branch.ws.write() as s:
        for c in conflicts.open_conflicts(s):
            conflicts.resolve(s, c.id, actor="sec001", take="mine")
    package2 = tmp_path / "branch-2.ebpkg"
    packages.export(branch.ws, package2)
    assert deliver(township, package2.read_bytes()).applied == 2
    other.sync()
    assert meeting_field(other.ws, m_server_conflict, "topic") == "支部离线改的主题"
    assert meeting_field(other.ws, m_local_conflict, "topic") == "支部导出后改的主题"
    fetch(township, BRANCH_CODE, answer)
    packages.import_answer(branch.ws, answer.read_bytes())
    with branch.ws.read() as s:
        assert sync_status.status(s).pending == 0 and not conflicts.open_conflicts(s)
    assert snapshot(branch.ws, ("meetings",)) == {
        k: v for k, v in snapshot(other.ws, ("meetings",)).items() if k in snapshot(branch.ws, ("meetings",))}


def test_every_flipped_byte_and_every_cut_is_refused(device, tmp_path):
    branch = device("branch", "sec001")
    township = device("town", "qingshan")
    branch.sync()
    mid = first_meeting(branch.ws)
    edit(branch.ws, mid, topic="要被篡改的主题")
    data = packages.export(branch.ws, tmp_path / "p.ebpkg").path.read_bytes()

    # Locally (what the township's program checks before sending, and the server after):
    # every single flipped byte and every cut fails the framing, the signature or the tag.
    pair = fmt.KeyPair.generate()
    for i in range(len(data)):  # every byte: header, ciphertext, signature
        bad = bytearray(data)
        bad[i] ^= 0x01
        with pytest.raises(fmt.PackageError):
            header, body = fmt.read_header(bytes(bad))
            fmt.open_sealed(bytes(bad), header, body, sender_sign_public=pair.sign_public, recipient=pair)
    for cut in range(0, len(data), max(1, len(data) // 50)):
        with pytest.raises(fmt.PackageError) as refused:
            fmt.read_header(data[:cut])
        assert refused.value.code in ("truncated", "not_a_package")

    # At the server: a byte flipped in the header, the ciphertext or the signature is refused.
    client = client_of(township)
    try:
        for i in (20, len(data) // 2, len(data) - 70, len(data) - 1):
            bad = bytearray(data)
            bad[i] ^= 0x80
            with pytest.raises(Refused) as refused:
                client.send("POST", "/packages/deliver", raw=bytes(bad))
            assert refused.value.status == 422 and refused.value.code in ("tampered", "not_a_package")
        with pytest.raises(Refused) as refused:
            client.send("POST", "/packages/deliver", raw=data[:-1])
        assert refused.value.code == "truncated" and "不完整" in refused.value.message
    finally:
        client.close()
    other = device("other", "sec001b", "second-pw")
    other.sync()
    assert meeting_field(other.ws, mid, "topic") != "要被篡改的主题"  # nothing arrived
    assert deliver(township, data).applied == 1  # the genuine file still works

    # The answer: flipped anywhere (a sample across the file) or cut, refused; nothing changes.
    answer = tmp_path / "a.ebpkg"
    fetch(township, BRANCH_CODE, answer)
    good = answer.read_bytes()
    before = state_of(branch.ws)
    step = max(1, len(good) // 40)
    for i in [*range(0, len(good), step), len(good) - 1]:
        bad = bytearray(good)
        bad[i] ^= 0x04
        with pytest.raises(fmt.PackageError) as refused:
            packages.import_answer(branch.ws, bytes(bad))
        assert refused.value.code in ("tampered", "truncated", "not_a_package", "foreign_device",
                                      "foreign_server", "wrong_kind")
    for cut in (10, len(good) // 2, len(good) - 1):
        with pytest.raises(fmt.PackageError) as refused:
            packages.import_answer(branch.ws, good[:cut])
        assert refused.value.code in ("truncated", "not_a_package")
    assert state_of(branch.ws) == before
    report = packages.import_answer(branch.ws, good)
    assert report.pushed_applied == 1
    with branch.ws.read() as s:
        assert sync_status.status(s).pending == 0


def test_replayed_and_older_packages_are_refused(device, tmp_path):
    branch = device("branch", "sec001")
    township = device("town", "qingshan")
    branch.sync()
    first_id, second_id = held_meetings(branch.ws, 2)

    edit(branch.ws, first_id, topic="第一次导出")
    one = packages.export(branch.ws, tmp_path / "1.ebpkg").path.read_bytes()
    edit(branch.ws, second_id, topic="第二次导出")
    two = packages.export(branch.ws, tmp_path / "2.ebpkg").path.read_bytes()

    assert deliver(township, two).applied == 2  # the newer one holds everything pending
    with pytest.raises(Refused) as refused:  # the older one, never delivered: refused
        deliver(township, one)
    assert refused.value.status == 409 and refused.value.code == "older_package"
    assert deliver(township, two).already_delivered  # the same one again: idempotent

    fetch(township, BRANCH_CODE, tmp_path / "a1.ebpkg")
    fetch(township, BRANCH_CODE, tmp_path / "a2.ebpkg")
    older, newer = (tmp_path / "a1.ebpkg").read_bytes(), (tmp_path / "a2.ebpkg").read_bytes()
    report = packages.import_answer(branch.ws, newer)
    assert report.pushed_applied == 2
    before = state_of(branch.ws)
    for replay in (newer, older):
        with pytest.raises(fmt.PackageError) as refused:
            packages.import_answer(branch.ws, replay)
        assert refused.value.code == "replayed"
    assert state_of(branch.ws) == before
    # An export and an answer swapped between the roles are named for what they are.
    with pytest.raises(fmt.PackageError) as refused:
        packages.import_answer(branch.ws, two)
    assert refused.value.code == "wrong_kind" and "递交" in refused.value.message
    with pytest.raises(fmt.PackageError) as refused:
        deliver(township, newer)
    assert refused.value.code == "wrong_kind"


def test_packages_of_another_device_or_another_province_are_refused(device, server, demo_db_template, tmp_path):
    branch = device("branch", "sec001")
    township = device("town", "qingshan")
    other = device("other", "sec001b", "second-pw")
    branch.sync()
    other.sync()
    mid = first_meeting(branch.ws)

    # Another PC's answer.
    edit(other.ws, mid, place="另一台电脑")
    packages.export(other.ws, tmp_path / "o.ebpkg")
    deliver(township, (tmp_path / "o.ebpkg").read_bytes())
    fetch(township, packages_device_prefix(other), tmp_path / "oa.ebpkg")
    with pytest.raises(fmt.PackageError) as refused:
        packages.import_answer(branch.ws, (tmp_path / "oa.ebpkg").read_bytes())
    assert refused.value.code == "foreign_device" and "另一台电脑" in refused.value.message

    # Another province's server: the same accounts, its own package keys.
    db = tmp_path / "other-province.sqlite3"
    shutil.copy(demo_db_template, db)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM package_keys")
    (tmp_path / "other-province").mkdir()
    province = ServerProcess(f"sqlite:///{db}", tmp_path / "other-province").start()
    try:
        stranger = Device(tmp_path / "stranger", province.root, "qingshan")
        edit(branch.ws, mid, topic="本省的修改")
        package = packages.export(branch.ws, tmp_path / "b.ebpkg").path.read_bytes()
        client = client_of(stranger)
        try:
            with pytest.raises(Refused) as refused:
                packages.deliver(client, package)
            assert refused.value.code == "foreign_server" and "另一个服务器" in refused.value.message
            # An answer the other province makes for this very PC (its keys registered there).
            with branch.ws.read() as s:
                keys = packages.device_keys(s).device_keys()
                device_id = local_state.device_id(s)
            body = fmt.DeviceRegistration(keys=keys)
            signed_in = Device(tmp_path / "sec-there", province.root, "sec001")
            there = client_of(signed_in)
            try:
                there.send("PUT", f"/packages/devices/{device_id}", body=body)
            finally:
                there.close()
            packages.fetch(client, device_id, tmp_path / "foreign-answer.ebpkg")
        finally:
            client.close()
        stranger.close()
        signed_in.close()
    finally:
        province.stop()
    before = state_of(branch.ws)
    with pytest.raises(fmt.PackageError) as refused:
        packages.import_answer(branch.ws, (tmp_path / "foreign-answer.ebpkg").read_bytes())
    assert refused.value.code == "foreign_server" and "another province" in refused.value.message_en
    assert state_of(branch.ws) == before


def packages_device_prefix(d: Device) -> str:
    with d.ws.read() as s:
        return local_state.device_id(s)[:8]


def test_a_pc_that_never_signed_in_online_cannot_export(tmp_path):
    from ebranch_desktop.store.workspace import Workspace
    from ebranch_desktop.sync.account import Accounts

    ws = Workspace(tmp_path / "local")
    Accounts(ws).create_local("local", "local-pw-1234")
    try:
        with pytest.raises(fmt.PackageError) as refused:
            packages.export(ws, tmp_path / "x.ebpkg")
        assert refused.value.code == "not_registered"
        assert not (tmp_path / "x.ebpkg").exists()
        with ws.read() as s:
            assert local_state.get(s, packages.EXPORT_SEQ) is None
    finally:
        ws.close()


def test_seed_install_then_an_online_sync_moves_only_the_difference(device, server, tmp_path):
    township = device("town", "qingshan")
    township.close()
    seed = tmp_path / f"seed{fmt.SUFFIX}"
    result = ebranch(township.ws.data_dir, "package", "fetch", "--seed", "--for", BRANCH_CODE, "--out", str(seed),
                     "--json")
    assert result.returncode == 0, result.stderr
    made = json.loads(result.stdout)
    code = made["seed_code"]
    assert made["records"] > 100 and any(a["username"] == "sec001" for a in made["accounts"])

    # What a first online sync of the same branch costs, for comparison.
    online = device("online", "sec001b", "second-pw")
    first = online.sync()

    def install(folder, *lines):
        return subprocess.run(
            [sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(folder), "package", "import",
             str(seed), "--user", "sec001", "--password-stdin", "--json"],
            capture_output=True, text=True, input="".join(f"{x}\n" for x in lines), check=False, timeout=120)

    wrong = install(tmp_path / "wrong", PASSWORD, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    assert wrong.returncode == 2 and "种子码不对" in wrong.stderr
    assert not (tmp_path / "wrong" / "workspace.keys").exists()

    result = install(tmp_path / "new-pc", PASSWORD, code.lower())  # as typed: case does not matter
    assert result.returncode == 0, result.stderr
    installed = json.loads(result.stdout)
    assert installed["pulled"] == first.pulled and installed["recovery_code"]
    again = install(tmp_path / "new-pc", PASSWORD, code)
    assert again.returncode == 2 and "只能用于新电脑" in again.stderr

    # Meanwhile one meeting changes online; the new PC then signs in and syncs: only that comes.
    mid = first_meeting(online.ws)
    edit(online.ws, mid, topic="种子之后的修改")
    online.sync()
    new_pc = Device(tmp_path / "new-pc", server.root, "sec001")  # the seeded folder's first online sign-in
    try:
        assert new_pc.session.online
        report = new_pc.sync()
        assert (report.pushed, report.pulled) == (0, 1)
        assert report.bytes_received * 20 < first.bytes_received
        assert meeting_field(new_pc.ws, mid, "topic") == "种子之后的修改"
        assert snapshot(new_pc.ws) == snapshot(online.ws)
        # And it exchanges packages like any registered PC (the seed registered its keys).
        edit(new_pc.ws, mid, place="新电脑离线改的地点")
        package = packages.export(new_pc.ws, tmp_path / "n.ebpkg").path.read_bytes()
    finally:
        new_pc.close()
    township.accounts.unlock("qingshan", PASSWORD)
    assert deliver(township, package).applied == 1


def test_an_answer_from_a_restored_server_marks_what_it_lost_for_the_next_export(device, server, tmp_path):
    from pathlib import Path

    from server_harness import cli_ok
    from test_server_generation import copy_database, edit_a_member

    from ebranch_desktop.services import members

    branch = device("branch", "sec001")
    township = device("town", "qingshan")
    branch.sync()
    backup = copy_database(server, tmp_path / "backup.sqlite3")
    person = edit_a_member(branch, "备份之后的修改")
    deliver(township, packages.export(branch.ws, tmp_path / "1.ebpkg").path.read_bytes())
    fetch(township, BRANCH_CODE, tmp_path / "1a.ebpkg")
    packages.import_answer(branch.ws, (tmp_path / "1a.ebpkg").read_bytes())
    with branch.ws.read() as s:
        assert sync_status.status(s).pending == 0

    db_file = Path(server.db_url.removeprefix("sqlite:///"))
    server.stop()
    for leftover in (db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(backup, db_file)
    cli_ok(server.db_url, "mark-restored")
    server.start()
    township.server_url = server.root

    fetch(township, BRANCH_CODE, tmp_path / "2a.ebpkg")
    report = packages.import_answer(branch.ws, (tmp_path / "2a.ebpkg").read_bytes())
    assert report.server_restored and report.seq == 1  # the restored server counts from 1 again
    with pytest.raises(fmt.PackageError) as refused:  # the answer from before the restore is old now
        packages.import_answer(branch.ws, (tmp_path / "1a.ebpkg").read_bytes())
    assert refused.value.code == "replayed"
    with branch.ws.read() as s:  # the lost edit waits again, against the restored server's older copy
        [view] = conflicts.open_conflicts(s)
        assert {f.name: f.mine for f in view.fields}["job"] == "备份之后的修改"
    with branch.ws.write() as s:
        conflicts.resolve(s, view.id, actor="sec001", take="mine")
    assert deliver(township, packages.export(branch.ws, tmp_path / "2.ebpkg").path.read_bytes()).applied == 1
    observer = device("o", "sec001b", "second-pw")
    observer.sync()
    with observer.ws.read() as s:
        assert members.get_member(s, person).job == "备份之后的修改"
