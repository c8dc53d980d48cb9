"""`ebranch-server serve`: run the API with uvicorn (plain HTTP; TLS belongs to a reverse proxy),
as one process or `--workers N` processes on one PostgreSQL database."""

from __future__ import annotations

import argparse
import ipaddress
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ebranch_desktop.cli.output import EXIT_OK, UsageError

from . import escrow
from .db import DB_ENV, Database
from .logs import configure_logging
from .settings import MULTIPROC_ENV, Settings, export_options


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="监听地址（默认仅本机） / listen address (default: loopback only)")
    p.add_argument("--port", type=int, default=8740)
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="服务进程数（仅 PostgreSQL） / server processes (PostgreSQL only)")
    p.add_argument("--pool-size", type=int, default=10, metavar="N",
                   help="每个进程的数据库连接池大小 / database connections per process (and as many overflow)")
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
    p.add_argument("--key-read-limit", type=int, default=Settings.key_read_limit,
                   help="每个账号在时间窗内读取托管密钥的次数 / escrowed-key reads per account per window")
    p.add_argument("--key-read-window", type=float, default=Settings.key_read_window_seconds,
                   metavar="SECONDS")
    p.add_argument("--replica", action="store_true",
                   help="数据库是只读的流复制副本：只提供拉取 / the database is a read-only streaming "
                        "replica: serve pulls only (docs/server.md)")
    p.add_argument("--access-log", action="store_true", help="记录每个请求 / log every request")
    p.add_argument("--blob-dir", default=None, metavar="DIR",
                   help="照片等文件的存放目录（默认：$EBRANCH_SERVER_BLOBS，SQLite 数据库旁的 .blobs 目录，"
                        "或 ./ebranch-blobs） / folder for photos and other files")
    p.add_argument("--log-format", choices=["json", "text"], default="json",
                   help="日志格式（默认每行一个 JSON） / log format (default: one JSON object a line)")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _warn(zh: str, en: str) -> None:
    print(f"警告：{zh}\nWARNING: {en}", file=sys.stderr)


def _multiprocess_dir() -> Path | None:
    """Prometheus's multi-process folder (made here unless the operator names one); emptied,
    since files of processes from an earlier run would be added to this run's figures."""
    given = os.environ.get(MULTIPROC_ENV)
    folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="ebranch-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_ENV] = str(folder)
    return None if given else folder


def cmd_serve(args: argparse.Namespace, db: Database) -> int:
    import uvicorn

    from .protocol import NoDelayH11Protocol

    if args.workers < 1:
        raise UsageError("--workers 至少为 1", "--workers must be at least 1")
    if args.workers > 1 and db.sqlite_path is not None:
        raise UsageError(
            "SQLite 数据库只能由一个服务进程使用（写入会互相等待，速率限制等共享状态需要 PostgreSQL）。"
            "请去掉 --workers，或改用 PostgreSQL。",
            "A SQLite database is served by one process only (writers would queue on its lock, and "
            "shared state such as rate limits belongs in PostgreSQL). Drop --workers, or use PostgreSQL.")
    if not _is_loopback(args.host):
        _warn(f"服务器将在 {args.host}:{args.port} 上以明文 HTTP 监听。必须由反向代理（nginx、Caddy）"
              "终止 TLS，不要把该端口直接暴露到网络上。",
              f"listening on {args.host}:{args.port} with plain HTTP. TLS must be terminated by a "
              "reverse proxy (nginx, Caddy); do not expose this port directly.")
    try:
        has_key = escrow.load_key(db.sqlite_path) is not None
    except escrow.EscrowKeyError as exc:
        raise UsageError(f"托管密钥无效：{exc}", f"Invalid escrow key: {exc}") from None
    if not has_key:
        _warn(f"没有配置托管密钥（${escrow.KEY_ENV} 或 ${escrow.KEY_FILE_ENV}），客户端无法托管数据库密钥。",
              f"no escrow key configured (${escrow.KEY_ENV} or ${escrow.KEY_FILE_ENV}): clients "
              "cannot escrow their workspace keys (503).")
    settings = Settings(
        token_ttl_days=args.token_ttl_days, login_limit_account=args.login_limit_account,
        login_limit_address=args.login_limit_address, login_window_seconds=args.login_window,
        blob_dir=args.blob_dir,
        key_read_limit=args.key_read_limit, key_read_window_seconds=args.key_read_window,
        access_log=args.access_log, replica=args.replica,
    )
    configure_logging(args.log_format)
    os.environ[DB_ENV] = db.url
    export_options(settings, args.log_format, args.pool_size)
    made = _multiprocess_dir() if args.workers > 1 or os.environ.get(MULTIPROC_ENV) else None
    try:
        uvicorn.run(
            "ebranch_server.asgi:app_from_environment", factory=True, workers=args.workers,
            host=args.host, port=args.port, proxy_headers=True, forwarded_allow_ips=args.trusted_proxy,
            access_log=False, log_config=None, log_level="info", server_header=False,
            http=NoDelayH11Protocol,
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
    return EXIT_OK
