"""`ebranch-server serve`: run the API with uvicorn (plain HTTP; TLS belongs to a reverse proxy)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys

from ebranch_desktop.cli.common import EXIT_OK

from .app import Context, Settings, create_app
from .db import Database


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="监听地址（默认仅本机） / listen address (default: loopback only)")
    p.add_argument("--port", type=int, default=8740)
    p.add_argument("--trusted-proxy", default="127.0.0.1", metavar="IPS",
                   help="信任其 X-Forwarded-For 的反向代理地址（逗号分隔） / reverse proxies "
                        "whose X-Forwarded-For is trusted (comma separated)")
    p.add_argument("--token-ttl-days", type=float, default=Settings.token_ttl_days)
    p.add_argument("--login-limit-account", type=int, default=Settings.login_limit_account,
                   help="每个账号在时间窗内允许的失败登录次数 / failed logins per account per window")
    p.add_argument("--login-limit-address", type=int, default=Settings.login_limit_address,
                   help="每个客户端地址允许的失败登录次数 / failed logins per address per window")
    p.add_argument("--login-window", type=float, default=Settings.login_window_seconds,
                   metavar="SECONDS")
    p.add_argument("--access-log", action="store_true", help="记录每个请求 / log every request")
    p.add_argument("--blob-dir", default=None, metavar="DIR",
                   help="照片等文件的存放目录（默认：$EBRANCH_SERVER_BLOBS，SQLite 数据库旁的 .blobs 目录，"
                        "或 ./ebranch-blobs） / folder for photos and other files")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace, db: Database) -> int:
    import uvicorn

    if not _is_loopback(args.host):
        print(
            f"警告：服务器将在 {args.host}:{args.port} 上以明文 HTTP 监听。必须由反向代理"
            "（nginx、Caddy）终止 TLS，不要把该端口直接暴露到网络上。\n"
            f"WARNING: listening on {args.host}:{args.port} with plain HTTP. TLS must be "
            "terminated by a reverse proxy (nginx, Caddy); do not expose this port directly.",
            file=sys.stderr,
        )
    settings = Settings(
        token_ttl_days=args.token_ttl_days, login_limit_account=args.login_limit_account,
        login_limit_address=args.login_limit_address, login_window_seconds=args.login_window,
        blob_dir=args.blob_dir,
    )
    app = create_app(Context(db, settings))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        app, host=args.host, port=args.port, proxy_headers=True,
        forwarded_allow_ips=args.trusted_proxy, access_log=args.access_log,
        log_level="info", server_header=False,
    )
    return EXIT_OK
