"""`ebranch-server publish-client` and `client-releases`: signed desktop updates (client_releases.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ebranch_desktop.cli.output import EXIT_OK, EXIT_USAGE, error, print_json, print_table
from ebranch_desktop.updates.errors import UpdateError

from . import client_releases
from .db import Database


def add_arguments(publish: argparse.ArgumentParser) -> None:
    publish.add_argument("file", type=Path, help="签名的更新包（.ebupdate） / the signed update package")
    publish.add_argument("--version", required=True, metavar="V", help="包内的版本号（核对用） / the version it holds")
    publish.add_argument("--min-protocol", type=int, default=None, metavar="P",
                         help="仅当本服务器的同步协议不低于 P 时提供（默认：新版本使用的协议） / offered only "
                              "while this server speaks protocol P or newer (default: the new version's)")
    publish.add_argument("--blob-dir", default=None, metavar="DIR",
                         help="与 serve --blob-dir 相同的目录 / the same folder as serve --blob-dir")
    publish.add_argument("--json", action="store_true")


def cmd_publish_client(args: argparse.Namespace, db: Database) -> int:
    storage = client_releases.storage_for(args.blob_dir, db)
    try:
        done = client_releases.publish(db, storage, args.file, args.version, args.min_protocol)
    except UpdateError as exc:  # refused: nothing stored
        error(exc.message, exc.message_en)
        return EXIT_USAGE
    if args.json:
        print_json({"target": done.target, "version": done.version, "file": done.file_name, "size": done.size,
                    "sha256": done.sha256, "min_protocol": done.min_protocol, "signed_by": done.signed_by,
                    "offered_now": done.offered_now})
        return EXIT_OK
    print(f"已发布 / published: {done.version} ({done.target}), {done.size:,} B, 签名 / signed by {done.signed_by}")
    if not done.offered_now:
        print(f"注意：本服务器升级到协议 {done.min_protocol} 后才会提供此版本\n"
              f"Note: it is offered once this server speaks protocol {done.min_protocol}")
    return EXIT_OK


def cmd_withdraw(args: argparse.Namespace, db: Database) -> int:
    if not client_releases.withdraw(db, args.target, args.version):
        error(f"没有 {args.target} 的 {args.version} 版", f"No version {args.version} for {args.target}")
        return EXIT_USAGE
    print(f"已撤回 / withdrawn: {args.version} ({args.target})；不再提供和下载 / no longer offered or served")
    return EXIT_OK


def cmd_releases(args: argparse.Namespace, db: Database) -> int:
    with db.engine.connect() as conn:
        rows = client_releases.releases(conn)
    if args.json:
        print_json([{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in rows])
        return EXIT_OK
    print_table(["目标 target", "版本 version", "大小 size", "协议 min protocol", "签名 signed by", "发布 published"],
                [[r["target"], r["version"], f"{r['size']:,}", r["min_protocol"], r["signed_by"],
                  r["published_at"].isoformat(timespec="seconds")] for r in rows])
    return EXIT_OK
