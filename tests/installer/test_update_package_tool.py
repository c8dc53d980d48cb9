"""installer/update_package.py: the release steps of a signed update — a key pair made on the
"offline machine" (encrypted PEM), an unsigned package from a payload, the signature added
later, and the check; the private key is refused without its passphrase."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "installer" / "update_package.py"


def tool(*args, passphrase="a long passphrase 1"):
    env = os.environ | {"EBRANCH_UPDATE_KEY_PASSPHRASE": passphrase}
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, env=env, check=False)


def test_keygen_build_sign_verify(tmp_path):
    key = tmp_path / "offline" / "release-key.pem"
    key.parent.mkdir()
    made = tool("keygen", "--out", str(key), "--name", "吉林省 release")
    assert made.returncode == 0, made.stderr
    line = re.search(r'TrustedKey\("吉林省 release", "([A-Za-z0-9+/=]{44})"\)', made.stdout)
    assert line is not None
    assert b"ENCRYPTED PRIVATE KEY" in key.read_bytes() and (key.stat().st_mode & 0o077) == 0
    assert tool("keygen", "--out", str(key)).returncode != 0  # never overwrites a key

    payload = tmp_path / "ebranch-desktop-0.2.0-win64-portable.zip"
    payload.write_bytes(os.urandom(50_000))
    built = tool("build", str(payload), "--version", "0.2.0", "--kind", "portable", "--platform", "win64",
                 "--notes", "修正", "--out", str(tmp_path / "u.ebupdate"))
    assert built.returncode == 0, built.stderr
    unsigned = tool("verify", str(tmp_path / "u.ebupdate"), "--public-key", line.group(1))
    assert unsigned.returncode == 2 and "没有签名" in unsigned.stderr

    assert tool("sign", str(tmp_path / "u.ebupdate"), "--key", str(key), passphrase="wrong passphrase!").returncode != 0
    signed = tool("sign", str(tmp_path / "u.ebupdate"), "--key", str(key))
    assert signed.returncode == 0, signed.stderr
    ok = tool("verify", str(tmp_path / "u.ebupdate"), "--public-key", line.group(1))
    assert ok.returncode == 0, ok.stderr
    assert "0.2.0 win64-portable" in ok.stdout

    foreign = re.search(r'"([A-Za-z0-9+/=]{44})"', tool("keygen", "--out", str(tmp_path / "third.pem")).stdout)
    refused = tool("verify", str(tmp_path / "u.ebupdate"), "--public-key", foreign.group(1))
    assert refused.returncode == 2 and "不是本程序信任" in refused.stderr
