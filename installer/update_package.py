"""Signed update packages (issue 14 §1; docs/installer.md, "Signed updates").

    python installer/update_package.py keygen --out D:\\release-key.pem     # on the offline signing PC
    python installer/update_package.py build PAYLOAD --version V --kind portable|setup --out FILE
    python installer/update_package.py sign FILE --key D:\\release-key.pem  # on the offline signing PC
    python installer/update_package.py verify FILE [--public-key BASE64]

`build` (also `installer/build.py --update-package`) wraps the portable zip or the setup.exe in
an *unsigned* package: a manifest (version, platform, kind, sync protocol, schema, the payload's
SHA-256) and the payload. `sign` adds an Ed25519 signature over the manifest; it is the only
step that needs the private key, which stays on the offline machine (never in the repository or
in CI). The key file is PEM, encrypted with a passphrase read from EBRANCH_UPDATE_KEY_PASSPHRASE
or asked for. `keygen` prints the line to add to ebranch_desktop/updates/keys.py TRUSTED_KEYS.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ebranch_desktop.updates import keys, package  # noqa: E402 - after sys.path

PASSPHRASE_ENV = "EBRANCH_UPDATE_KEY_PASSPHRASE"


def _passphrase(confirm: bool = False) -> bytes:
    value = os.environ.get(PASSPHRASE_ENV)
    if value is None:
        value = getpass.getpass("私钥口令 / key passphrase: ")
        if confirm and getpass.getpass("再输入一次 / again: ") != value:
            sys.exit("口令不一致 / the passphrases differ")
    if len(value) < 12:
        sys.exit("口令至少 12 个字符 / the passphrase needs at least 12 characters")
    return value.encode("utf-8")


def keygen(out: Path, name: str) -> str:
    """A new key pair: the private key encrypted into `out` (refuses to overwrite); returns the
    TRUSTED_KEYS line of its public half."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        PrivateFormat,
        PublicFormat,
    )

    if out.exists():
        sys.exit(f"{out} 已存在，不覆盖 / exists; not overwritten")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(_passphrase(confirm=True)))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    return f'    TrustedKey("{name}", "{public}"),  # key id {keys.key_id(base64.b64decode(public))}'


def load_private_key(path: Path):  # noqa: ANN201 - an Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(path.read_bytes(), password=_passphrase())
    if not isinstance(key, Ed25519PrivateKey):
        sys.exit(f"{path} 不是 Ed25519 私钥 / is not an Ed25519 private key")
    return key


def build(payload: Path, version: str, kind: str, out: Path | None = None, platform: str | None = None,
          notes_zh: str = "", notes_en: str = "") -> Path:
    """An unsigned package of `payload` (to be signed on the offline machine)."""
    from ebranch_desktop.store.schema import HEAD_REVISION
    from ebranch_desktop.sync.wire import PROTOCOL_VERSION
    from ebranch_desktop.updates.target import platform_tag

    manifest = package.new_manifest(payload, version=version, platform=platform or platform_tag(), kind=kind,
                                    protocol=PROTOCOL_VERSION, schema=HEAD_REVISION, notes_zh=notes_zh,
                                    notes_en=notes_en)
    target = out or payload.with_name(package.file_name(package.Manifest.from_json(manifest)))
    return package.write(payload, manifest, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    k = sub.add_parser("keygen", help="a new release key pair (offline machine)")
    k.add_argument("--out", type=Path, required=True, help="the private key file (PEM, encrypted)")
    k.add_argument("--name", default="province-release", help="who holds it, as shown in TRUSTED_KEYS")
    b = sub.add_parser("build", help="an unsigned package of a portable zip or a setup.exe")
    b.add_argument("payload", type=Path)
    b.add_argument("--version", required=True)
    b.add_argument("--kind", choices=package.KINDS, required=True)
    b.add_argument("--platform", help="default: this machine's (win64 on Windows)")
    b.add_argument("--notes", default="", help="release notes, Chinese")
    b.add_argument("--notes-en", default="", help="release notes, English")
    b.add_argument("--out", type=Path)
    s = sub.add_parser("sign", help="add a signature (offline machine)")
    s.add_argument("file", type=Path)
    s.add_argument("--key", type=Path, required=True)
    v = sub.add_parser("verify", help="check a package against the built-in keys or one given")
    v.add_argument("file", type=Path)
    v.add_argument("--public-key", help="base64 Ed25519 public key (default: the program's TRUSTED_KEYS)")
    args = parser.parse_args(argv)
    from ebranch_desktop.updates.errors import UpdateError

    try:
        if args.command == "keygen":
            print(keygen(args.out, args.name))
            print(f"私钥已写入 / private key written to {args.out}; 把上面一行加入 / add the line above to "
                  "ebranch_desktop/updates/keys.py TRUSTED_KEYS")
        elif args.command == "build":
            print(build(args.payload, args.version, args.kind, args.out, args.platform, args.notes, args.notes_en))
        elif args.command == "sign":
            out = package.add_signature(args.file, load_private_key(args.key))
            print(f"signed: {out} ({len(package.read(out).signatures)} signature(s))")
        else:
            trusted = ([keys.TrustedKey("given", args.public_key)] if args.public_key else None)
            p = package.verify(args.file, keys=trusted)
            m = p.manifest
            print(f"ok: {m.version} {m.target}, protocol {m.protocol}, payload {m.payload_name} "
                  f"({m.payload_size:,} B), signed by {', '.join(kid for kid, _ in p.signatures)}")
    except UpdateError as exc:
        print(f"错误：{exc.message}\nError: {exc.message_en}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
