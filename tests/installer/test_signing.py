"""Code signing round trip: a throwaway self-signed certificate signs Windows executables, osslsigncode verifies.

The executables are a tiny PE built byte by byte (tests/support/tiny_pe.py) and, when pip ships
it, the real Windows launcher `t64.exe` from pip's vendored distlib. installer/sign.py runs as a
real process with the certificate named by the environment, as build.py --sign and CI use it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from tiny_pe import tiny_pe

INSTALLER = Path(__file__).resolve().parents[2] / "installer"
SIGN = INSTALLER / "sign.py"
PASSWORD = "测试 pass phrase"

pytestmark = pytest.mark.skipif(not shutil.which("osslsigncode"),
                                reason="osslsigncode not installed (scripts/setup.sh test installs it)")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"ebranch_installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


sign = _load("sign")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed code-signing certificate, as PKCS#12 (with a password) and as PEM files."""
    folder = tmp_path_factory.mktemp("cert")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ebranch test signing"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "吉林省 测试")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
            .sign(key, hashes.SHA256()))
    files = {"cert": folder / "cert.pem", "key": folder / "key.pem", "pfx": folder / "signing.pfx"}
    files["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    files["pfx"].write_bytes(pkcs12.serialize_key_and_certificates(
        b"ebranch", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())))
    return files


def env_for(certificate, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EBRANCH_SIGN_")}
    return env | {"EBRANCH_SIGN_PFX": str(certificate["pfx"]), "EBRANCH_SIGN_PFX_PASSWORD": PASSWORD} | extra


def run_sign(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SIGN), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def windows_programs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n, name in enumerate(("ebranch-desktop.exe", "ebranch-desktop-debug.exe", "ebranch.exe")):
        path = folder / name
        path.write_bytes(tiny_pe(f"program {n}".encode()))
        made.append(path)
    return made


def test_sign_and_verify_a_tiny_pe_with_a_pfx(certificate, tmp_path):
    exe = windows_programs(tmp_path / "e支部 bundle")[0]
    unsigned = exe.read_bytes()
    assert sign.verify(exe, certificate["cert"]).returncode != 0  # nothing to verify yet
    result = run_sign(exe, env=env_for(certificate))
    assert result.returncode == 0, result.stderr
    assert f"signed: {exe}" in result.stdout
    assert exe.read_bytes() != unsigned and exe.read_bytes().startswith(b"MZ")
    verified = sign.verify(exe, certificate["cert"])
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Signature verification: ok" in verified.stdout
    assert "ebranch test signing" in verified.stdout
    assert "e支部 桌面版" in verified.stdout  # the description Windows shows
    assert PASSWORD not in result.stdout + result.stderr
    assert not list(exe.parent.glob(".ebranch-sign-*"))  # no temporary files left in the bundle
    checked = run_sign("--verify", certificate["cert"], exe, env=env_for(certificate))
    assert checked.returncode == 0 and "signature ok" in checked.stdout


def test_a_real_windows_launcher_signed_with_pem_files(certificate, tmp_path):
    pip_launcher = Path(__import__("pip").__file__).parent / "_vendor" / "distlib" / "t64.exe"
    if not pip_launcher.exists():
        pytest.skip("this pip ships no Windows launcher")
    exe = tmp_path / "t64.exe"
    shutil.copy(pip_launcher, exe)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EBRANCH_SIGN_")}
    env |= {"EBRANCH_SIGN_CERT": str(certificate["cert"]), "EBRANCH_SIGN_KEY": str(certificate["key"]),
            "EBRANCH_SIGN_DESCRIPTION": "ebranch launcher"}
    result = run_sign(exe, env=env)
    assert result.returncode == 0, result.stderr
    verified = sign.verify(exe, certificate["cert"])
    assert verified.returncode == 0 and "ebranch launcher" in verified.stdout


def test_a_changed_byte_after_signing_fails_verification(certificate, tmp_path):
    exe = windows_programs(tmp_path)[0]
    assert run_sign(exe, env=env_for(certificate)).returncode == 0
    data = bytearray(exe.read_bytes())
    data[0x200] ^= 0xFF  # the first byte of the code section
    exe.write_bytes(bytes(data))
    verified = sign.verify(exe, certificate["cert"])
    assert verified.returncode != 0
    assert "Signature verification: ok" not in verified.stdout


def test_a_signature_from_another_certificate_is_not_trusted(certificate, tmp_path):
    exe = windows_programs(tmp_path)[0]
    assert run_sign(exe, env=env_for(certificate)).returncode == 0
    other = tmp_path / "other.pem"
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "someone else")])
    now = dt.datetime.now(dt.UTC)
    other.write_bytes(x509.CertificateBuilder().subject_name(name).issuer_name(name)
                      .public_key(other_key.public_key()).serial_number(1)
                      .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
                      .sign(other_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    assert sign.verify(exe, other).returncode != 0


def test_wrong_password_missing_certificate_and_non_pe_files_are_refused_clearly(certificate, tmp_path):
    exe = windows_programs(tmp_path)[0]
    before = exe.read_bytes()
    wrong = run_sign(exe, env=env_for(certificate, EBRANCH_SIGN_PFX_PASSWORD="wrong"))
    assert wrong.returncode == 1 and "could not sign ebranch-desktop.exe" in wrong.stderr
    assert exe.read_bytes() == before  # untouched
    none = run_sign(exe, env={k: v for k, v in os.environ.items() if not k.startswith("EBRANCH_SIGN_")})
    assert none.returncode == 1 and "EBRANCH_SIGN_PFX" in none.stderr
    missing = run_sign(exe, env=env_for(certificate, EBRANCH_SIGN_PFX=str(tmp_path / "nowhere.pfx")))
    assert missing.returncode == 1 and "names no file" in missing.stderr
    text = tmp_path / "readme.exe"
    text.write_text("not a program", encoding="utf-8")
    refused = run_sign(text, env=env_for(certificate))
    assert refused.returncode == 1 and "no PE header" in refused.stderr


def test_sign_bundle_signs_the_three_programs_and_leaves_the_rest(certificate, tmp_path):
    bundle = tmp_path / "ebranch-desktop"
    programs = windows_programs(bundle)
    (bundle / "_internal").mkdir()
    dll = bundle / "_internal" / "python311.dll"
    dll.write_bytes(tiny_pe(b"python"))
    (bundle / "ebranch-portable.txt").write_text("marker", encoding="utf-8")
    signed = sign.sign_bundle(bundle, sign.config_from_env(env_for(certificate)))
    assert sorted(signed) == sorted(programs)
    for exe in programs:
        assert sign.verify(exe, certificate["cert"]).returncode == 0
    assert sign.verify(dll, certificate["cert"]).returncode != 0  # makers' DLLs are not re-signed
    linux_build = tmp_path / "linux"
    linux_build.mkdir()
    (linux_build / "ebranch-desktop").write_bytes(b"\x7fELF")
    assert sign.sign_bundle(linux_build, sign.config_from_env(env_for(certificate))) == []


def test_build_with_sign_but_no_certificate_stops_before_building(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EBRANCH_SIGN_")}
    result = subprocess.run([sys.executable, str(INSTALLER / "build.py"), "--sign", "--dist", str(tmp_path / "dist"),
                             "--work", str(tmp_path / "work")], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0
    assert "--sign: no code-signing certificate" in result.stderr
    assert not (tmp_path / "work").exists() and not (tmp_path / "dist").exists()  # PyInstaller never ran
