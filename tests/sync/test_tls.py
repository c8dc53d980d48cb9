"""TLS is always verified; a provincial CA can be trusted by configuring its root certificate."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from lossy_proxy import LossyProxy

from ebranch_desktop.store.workspace import open_workspace
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.sync.credentials import TokenStore
from ebranch_desktop.sync.errors import Refused

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


def openssl(*args: str, cwd) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def provincial_ca(tmp_path):
    """A private root CA and a certificate it signed for 127.0.0.1."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Test Provincial Root CA", cwd=tmp_path)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1", cwd=tmp_path)
    (tmp_path / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.ext", cwd=tmp_path)
    return tmp_path


def test_unknown_ca_is_refused_and_a_configured_one_is_trusted(server, provincial_ca, tmp_path):
    ws = open_workspace(tmp_path / "ws")
    accounts = Accounts(ws, TokenStore())
    try:
        with LossyProxy(server.root, tls=(str(provincial_ca / "server.pem"), str(provincial_ca / "server.key"))) as https:
            with pytest.raises(Refused) as refused:
                accounts.sign_in(https.url, "sec001", "demo1234")
            assert "证书" in refused.value.message
            accounts.set_ca_bundle(str(provincial_ca / "ca.pem"))
            session = accounts.sign_in(https.url, "sec001", "demo1234")
            assert session.online
    finally:
        ws.close()
    with pytest.raises(Refused):
        Accounts(open_workspace(tmp_path / "ws2")).set_ca_bundle(str(tmp_path / "missing.pem"))
