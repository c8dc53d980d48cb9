"""Update packages: signed, verified, refused when tampered, unsigned, foreign or older, through
the core and through `ebranch update apply|status` (a program run from source trusting a test key).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from update_packages import build, payload_file, trust, trusted

from ebranch_desktop import __version__
from ebranch_desktop.updates import package
from ebranch_desktop.updates.errors import UpdateError
from ebranch_desktop.updates.folder import UpdatesFolder, import_package

NEWER = "99.0.0"


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed(tmp_path, key):
    return build(tmp_path / "p.ebupdate", payload_file(tmp_path / "src"), NEWER, key)


def ebranch(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, check=False)


def test_a_signed_package_verifies_and_its_payload_comes_out_whole(tmp_path, key, signed):
    p = package.verify(signed, keys=[trusted(key)], installed=__version__, target="win64-portable")
    assert p.manifest.version == NEWER and p.manifest.target == "win64-portable"
    out = p.write_payload(tmp_path / "out.zip")
    assert out.read_bytes() == (tmp_path / "src" / "ebranch-portable.zip").read_bytes()


def test_a_second_signature_added_later_keeps_the_package_valid_for_either_key(tmp_path, key):
    other = Ed25519PrivateKey.generate()
    unsigned = build(tmp_path / "u.ebupdate", payload_file(tmp_path / "src"), NEWER)
    package.add_signature(unsigned, key)
    package.add_signature(unsigned, other)
    assert len(package.read(unsigned).signatures) == 2
    assert package.verify(unsigned, keys=[trusted(other)]).manifest.version == NEWER  # a rotated key


@pytest.mark.parametrize("where", ["manifest", "payload_start", "payload_end", "signature"])
def test_a_changed_byte_anywhere_is_refused(tmp_path, key, signed, where):
    data = bytearray(signed.read_bytes())
    p = package.read(signed)
    offset = {"manifest": len(package.MAGIC) + 4 + p.manifest_bytes.index(b'"version"') + 12,
              "payload_start": p.payload_offset, "payload_end": len(data) - 1,
              "signature": p.payload_offset - 10}[where]
    data[offset] ^= 0x01
    signed.write_bytes(bytes(data))
    with pytest.raises(UpdateError) as err:
        package.verify(signed, keys=[trusted(key)])
    assert err.value.code == "tampered"
    assert "改动" in err.value.message and "altered" in err.value.message_en


def test_a_truncated_package_is_refused(tmp_path, key, signed):
    signed.write_bytes(signed.read_bytes()[:-100])
    with pytest.raises(UpdateError) as err:
        package.verify(signed, keys=[trusted(key)])
    assert err.value.code == "tampered"


def test_unsigned_foreign_and_no_key_are_refused_each_with_its_own_message(tmp_path, key, signed):
    unsigned = build(tmp_path / "u.ebupdate", payload_file(tmp_path / "src"), NEWER)
    with pytest.raises(UpdateError) as err:
        package.verify(unsigned, keys=[trusted(key)])
    assert err.value.code == "unsigned" and "没有签名" in err.value.message
    with pytest.raises(UpdateError) as err:
        package.verify(signed, keys=[trusted(Ed25519PrivateKey.generate())])
    assert err.value.code == "foreign_key" and "不是本程序信任" in err.value.message
    with pytest.raises(UpdateError) as err:
        package.verify(signed, keys=[])
    assert err.value.code == "no_trusted_keys"


def test_a_signature_copied_onto_another_manifest_is_refused(tmp_path, key):
    """Signed 99.0.0 manifest's signature spliced onto a manifest claiming 100.0.0."""
    good = build(tmp_path / "a.ebupdate", payload_file(tmp_path / "src"), NEWER, key)
    other = build(tmp_path / "b.ebupdate", payload_file(tmp_path / "src"), "100.0.0")
    sig = package.read(good).signatures[0]
    forged = package.read(other)
    package._write_file(tmp_path / "forged.ebupdate", forged.manifest_bytes,
                        [{"key_id": sig[0], "signature": __import__("base64").b64encode(sig[1]).decode()}],
                        package=forged)
    with pytest.raises(UpdateError) as err:
        package.verify(tmp_path / "forged.ebupdate", keys=[trusted(key)])
    assert err.value.code == "tampered"


def test_downgrade_same_version_and_wrong_target_are_refused(tmp_path, key):
    src = payload_file(tmp_path / "src")
    old = build(tmp_path / "old.ebupdate", src, "0.0.1", key)
    with pytest.raises(UpdateError) as err:
        package.verify(old, keys=[trusted(key)], installed="0.1.0")
    assert err.value.code == "downgrade" and "不能降级" in err.value.message
    same = build(tmp_path / "same.ebupdate", src, "0.1.0", key)
    with pytest.raises(UpdateError) as err:
        package.verify(same, keys=[trusted(key)], installed="0.1.0")
    assert err.value.code == "same_version"
    setup = build(tmp_path / "setup.ebupdate", src, NEWER, key, kind="setup")
    with pytest.raises(UpdateError) as err:
        package.verify(setup, keys=[trusted(key)], installed="0.1.0", target="win64-portable")
    assert err.value.code == "wrong_target"
    assert package.verify(build(tmp_path / "rc.ebupdate", src, "0.1.10", key), keys=[trusted(key)],
                          installed="0.1.9").manifest.version == "0.1.10"  # not compared as text


def test_a_file_that_is_no_package_is_refused(tmp_path):
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff" + b"x" * 100)
    with pytest.raises(UpdateError) as err:
        package.verify(junk, keys=[])
    assert err.value.code == "not_package"


def test_import_keeps_a_verified_package_and_a_refused_one_changes_nothing(tmp_path, monkeypatch, key, signed):
    trust(monkeypatch, tmp_path, key)
    folder = UpdatesFolder(tmp_path / "data")
    kept = import_package(folder, signed, installed=__version__, target=None)
    assert kept.path.read_bytes() == signed.read_bytes() and folder.downloaded() == kept
    before = {p: p.read_bytes() for p in folder.dir.rglob("*") if p.is_file()}
    foreign = build(tmp_path / "f.ebupdate", payload_file(tmp_path / "src"), "100.0.0",
                    Ed25519PrivateKey.generate())
    with pytest.raises(UpdateError):
        import_package(folder, foreign, installed=__version__, target=None)
    assert {p: p.read_bytes() for p in folder.dir.rglob("*") if p.is_file()} == before


def test_cli_apply_and_status(tmp_path, monkeypatch, key, signed):
    trust(monkeypatch, tmp_path, key)
    data = tmp_path / "data"
    status = json.loads(ebranch(data, "update", "status", "--json").stdout)
    assert status["installed"]["version"] == __version__ and status["installed"]["updatable"] is False
    assert status["downloaded"] is None and status["available"] is None

    result = ebranch(data, "update", "apply", str(signed))
    assert result.returncode == 0, result.stderr
    assert "已验证" in result.stdout
    status = json.loads(ebranch(data, "update", "status", "--json").stdout)
    assert status["downloaded"]["version"] == NEWER and status["downloaded"]["source"] == "usb"
    assert "99.0.0" in ebranch(data, "update", "status").stdout


@pytest.mark.parametrize("case", ["tampered", "unsigned", "foreign_key", "downgrade"])
def test_cli_apply_refuses_with_status_2_and_changes_nothing(tmp_path, monkeypatch, key, case):
    trust(monkeypatch, tmp_path, key)
    src = payload_file(tmp_path / "src")
    path = tmp_path / "bad.ebupdate"
    if case == "tampered":
        build(path, src, NEWER, key)
        data = bytearray(path.read_bytes())
        data[-5] ^= 0xFF
        path.write_bytes(bytes(data))
    elif case == "unsigned":
        build(path, src, NEWER)
    elif case == "foreign_key":
        build(path, src, NEWER, Ed25519PrivateKey.generate())
    else:
        build(path, src, "0.0.1", key)
    data_dir = tmp_path / "data"
    result = ebranch(data_dir, "update", "apply", str(path))
    assert result.returncode == 2, result.stderr
    assert "错误：" in result.stderr and "Error: " in result.stderr
    assert not (data_dir / "updates" / "packages").exists()


def test_the_test_trust_file_is_ignored_by_a_frozen_program(tmp_path, monkeypatch, key):
    from ebranch_desktop.updates import keys

    trust(monkeypatch, tmp_path, key)
    assert keys.trusted_keys() != keys.TRUSTED_KEYS
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert keys.trusted_keys() == keys.TRUSTED_KEYS


def test_cli_install_refuses_without_a_program_folder_or_a_waiting_package(tmp_path):
    from update_packages import stand_in

    source = ebranch(tmp_path / "data", "update", "install")
    assert source.returncode == 2 and "git/pip" in source.stderr
    program = stand_in(tmp_path / "prog", "0.1.0")
    nothing = ebranch(tmp_path / "data", "update", "install", "--program-dir", str(program))
    assert nothing.returncode == 2 and "没有等待安装的更新包" in nothing.stderr
