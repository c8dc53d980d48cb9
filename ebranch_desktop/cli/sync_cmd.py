"""`ebranch login|logout|sync [log]|status|recover|conflicts|duplicates`: sync from the command line.

Exit statuses: see `common.EXIT_STATUS_HELP` (0 clean, 3 conflicts remain, 4 unreachable, …).
"""

from __future__ import annotations

import argparse
import sys
import time

from ..domain.errors import ValidationError
from ..progress import Progress
from ..services import conflicts, duplicates, sync_log
from ..sync import local_state, wire
from ..sync import status as sync_status
from ..sync.account import Accounts, Session
from ..sync.clock import clock_skew_warning
from ..sync.credentials import keyring_status
from ..sync.engine import SyncEngine
from ..sync.errors import AuthRequired, SyncError, UpdateRequired
from ..sync.http import ServerClient
from ..sync.meter import Meter, duration_text, size_text
from .common import (
    EXIT_BAD_ANSWER,
    EXIT_CONFLICTS,
    EXIT_OK,
    UsageError,
    error,
    local_user,
    locked_workspace,
    no_workspace,
    print_json,
    print_table,
    read_password,
    reading,
    workspace,
)


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    login = sub.add_parser("login", parents=[common],
                           help="登录省级平台（--user 必填；密码从标准输入或终端读取）")
    login.add_argument("--server", required=True, help="服务器地址，如 https://dj.example.gov.cn")
    login.add_argument("--ca-bundle", help="省级平台自建 CA 的根证书（PEM 文件）")
    login.set_defaults(handler=cmd_login)
    recover = sub.add_parser("recover", parents=[common],
                             help="忘记密码：用恢复码为 --user 设置新的本机密码（从标准输入读两行：恢复码、新密码）")
    recover.set_defaults(handler=cmd_recover)
    logout = sub.add_parser("logout", parents=[common], help="退出登录（未同步的修改会保留）")
    logout.set_defaults(handler=cmd_logout)
    sync = sub.add_parser("sync", parents=[common],
                          help="立即同步（有 --password-stdin 时也用该密码重新在线登录）")
    sync.add_argument("--page-size", type=int, default=wire.DEFAULT_PAGE_SIZE,
                      help="每次下载的记录数（网络很差时可调小）")
    sync.set_defaults(handler=cmd_sync)
    ssub = sync.add_subparsers(dest="sync_cmd", required=False, metavar="{log}")
    slog = ssub.add_parser("log", parents=[common],
                           help="同步记录：本机的修改被其他电脑改掉的记录 / edits of this PC changed elsewhere")
    slog.set_defaults(handler=cmd_sync_log)
    unattended = sub.add_parser(
        "unattended", parents=[common],
        help="无人值守同步（计划任务）：on 把工作区密钥存入系统密钥环，off 删除 / unattended sync for a scheduled task")
    unattended.add_argument("switch", choices=["on", "off", "status"])
    unattended.set_defaults(handler=cmd_unattended)
    status = sub.add_parser("status", parents=[common], help="同步状态")
    status.set_defaults(handler=cmd_status)

    conf = sub.add_parser("conflicts", help="同步冲突 / sync conflicts")
    csub = conf.add_subparsers(dest="conflicts_cmd", required=True, metavar="{list,resolve}")
    clist = csub.add_parser("list", parents=[common], help="列出待处理的冲突")
    clist.set_defaults(handler=cmd_conflicts_list)
    cres = csub.add_parser("resolve", parents=[common], help="处理一个冲突")
    cres.add_argument("conflict_id", type=int)
    cres.add_argument("--take", choices=["mine", "theirs"], help="所有冲突字段都保留本机(mine)或服务器(theirs)")
    cres.add_argument("--field", action="append", default=[], metavar="NAME=mine|theirs",
                      help="逐字段选择，可重复，如 --field topic=mine")
    cres.set_defaults(handler=cmd_conflicts_resolve)

    dup = sub.add_parser("duplicates", help="可能重复的会议 / likely duplicate meetings")
    dsub = dup.add_subparsers(dest="duplicates_cmd", required=True, metavar="{list,merge,keep}")
    dlist = dsub.add_parser("list", parents=[common])
    dlist.set_defaults(handler=cmd_dup_list)
    dmerge = dsub.add_parser("merge", parents=[common], help="保留 KEEP，把 DROP 的出席登记并入后删除 DROP")
    dmerge.add_argument("keep")
    dmerge.add_argument("drop")
    dmerge.set_defaults(handler=cmd_dup_merge)
    dkeep = dsub.add_parser("keep", parents=[common], help="两次会议都是真实的，不再提示")
    dkeep.add_argument("first")
    dkeep.add_argument("second")
    dkeep.set_defaults(handler=cmd_dup_keep)


def cmd_login(args: argparse.Namespace) -> int:
    if not args.user:
        raise UsageError("请用 --user 指定账号", "Give the account with --user", "user")
    if not sys.stdin.isatty():
        args.password_stdin = True  # a script gives the password on stdin, as it always did
    ws = locked_workspace(args)
    try:
        accounts = Accounts(ws)
        if args.ca_bundle is not None:
            accounts.set_ca_bundle(args.ca_bundle)
        session = accounts.sign_in(args.server, args.user, read_password(args))
    finally:
        ws.close()
    where = "在线" if session.online else "离线"
    print(f"已登录（{where}）：{session.display_name}（{session.role}） / signed in as {session.username}")
    if session.recovery_code:
        print_recovery_code(session.recovery_code)
    if not session.token_kept:
        status = keyring_status()
        print(f"提示：系统没有可用的密钥环（{status.backend}），登录凭据不会保存，"
              "之后同步请使用 `ebranch sync --password-stdin`。/ No keyring: the token is not kept.",
              file=sys.stderr)
    return EXIT_OK


def print_recovery_code(code: str) -> None:
    print("本工作区已加密。恢复码（只显示这一次）：请抄写或打印，交乡镇组织委员妥善保管，"
          "忘记密码时凭它打开工作区：")
    print(f"  {code}")
    print("The workspace is encrypted. Recovery code (shown only now): write it down for the township; "
          "it opens the workspace when a password is forgotten.")


def cmd_recover(args: argparse.Namespace) -> int:
    if not args.user:
        raise UsageError("请用 --user 指定要重设密码的本机用户", "Name the local user with --user", "user")
    ws = locked_workspace(args)
    if ws.vault() is None:
        raise no_workspace(ws.data_dir)
    if sys.stdin.isatty():
        import getpass

        code = getpass.getpass("恢复码 / recovery code: ")
        password = getpass.getpass("新密码 / new password: ")
        if getpass.getpass("再次输入新密码 / again: ") != password:
            raise UsageError("两次输入的密码不一致", "The passwords differ", "password")
    else:
        code = sys.stdin.readline().strip()
        password = sys.stdin.readline().rstrip("\r\n")
    if not code or not password:
        raise UsageError("请提供恢复码和新密码（各一行）", "Give the recovery code and a new password, one line each")
    try:
        Accounts(ws).recover(code, args.user, password)
    finally:
        ws.close()
    print(f"已为 {args.user} 设置新的本机密码 / new local password set for {args.user}")
    return EXIT_OK


def cmd_logout(args: argparse.Namespace) -> int:
    ws = workspace(args)
    try:
        accounts = Accounts(ws)
        with ws.read() as s:
            pending = sync_status.status(s).pending
        session = accounts.resume()
        if session is None:
            print("没有已登录的用户 / nobody is signed in")
            return EXIT_OK
        accounts.sign_out(session)
    finally:
        ws.close()
    print(f"已退出登录；{pending} 条未同步的修改保留在本机 / signed out; {pending} pending changes kept")
    return EXIT_OK


def _session_for_sync(args: argparse.Namespace, accounts: Accounts) -> Session:
    session = accounts.resume()
    if session is None:
        raise ValidationError("尚未登录：请先运行 ebranch login", "Not signed in: run `ebranch login` first")
    if args.password_stdin:  # the password that unlocked the workspace also signs in again
        session = accounts.sign_in(session.server_url, session.username, read_password(args))
    if not session.token:
        status = keyring_status()
        raise AuthRequired(
            f"登录凭据未保存：本机没有可用的系统密钥环（{status.backend}）。请加 --password-stdin，"
            "同步时会用该密码重新在线登录",
            f"No stored sign-in: this PC has no usable keyring ({status.backend}). Add --password-stdin "
            "and the sync signs in again online with that password",
        )
    return session


class ProgressLine:
    """What a long sync is doing, on stderr (stdout stays for the result and --json): records,
    bytes and time left once the sync has run for a few seconds; a terminal gets one line
    rewritten in place, a log file (a scheduled task) a line every 30 seconds."""

    QUIET_SECONDS = 3.0
    LOG_EVERY = 30.0

    def __init__(self, client: ServerClient, stream=None, clock=time.monotonic):  # noqa: ANN001
        self.client = client
        self.stream = stream or sys.stderr
        self.clock = clock
        self.started = clock()
        self.meter = Meter(clock)
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.last_line = -self.LOG_EVERY
        self.shown = False
        self.usable_said = False

    def __call__(self, done: int, total: int, message: str) -> None:
        now = self.clock()
        if message == "usable":
            if not self.usable_said:
                self.usable_said = True
                self.close()
                self.shown = False
                print("基础数据（组织、党员、今年和去年的会议）已下载，可以开始使用；更早的历史记录继续下载。"
                      " / The organization, roster and this and last year's meetings are in: the workspace "
                      "is usable; older history is still downloading.", file=self.stream, flush=True)
            return
        if message == "retry":
            text = f"网络中断，{total} 秒后重试 / link down, trying again in {total} s"
        elif message.startswith("pull"):
            reading = self.meter.read(done, total, self.client.bytes_received)
            text = f"已下载 {done:,}" + (f" / {total:,}" if total > done else "") + " 条"
            text += f"，{size_text(reading.bytes)}"
            en = f"pulled {done:,}" + (f" of {total:,}" if total > done else "")
            en += f" records, {size_text(reading.bytes)}"
            if reading.seconds_left is not None:
                zh_left, en_left = duration_text(reading.seconds_left)
                text += f"，剩余{zh_left}"
                en += f", {en_left} left"
            text += f" / {en}"
        else:
            text = f"正在上传… / uploading… {size_text(self.client.bytes_sent)}"
        if now - self.started < self.QUIET_SECONDS and message != "retry":
            return
        if self.tty:
            print(f"\r{text}\033[K", end="", file=self.stream, flush=True)
            self.shown = True
        elif now - self.last_line >= self.LOG_EVERY or message == "retry":
            print(text, file=self.stream, flush=True)
            self.last_line = now

    def close(self) -> None:
        if self.tty and self.shown:
            print(file=self.stream, flush=True)


def cmd_unattended(args: argparse.Namespace) -> int:
    from ..sync import unattended

    ws = locked_workspace(args)
    if not ws.exists:
        raise no_workspace(ws.data_dir)
    if args.switch == "status":
        kept = unattended.stored_key(ws) is not None
        print("无人值守同步：已开启 / unattended sync: on" if kept else "无人值守同步：未开启 / unattended sync: off")
        return EXIT_OK
    if args.switch == "off":
        removed = unattended.forbid(ws)
        print("已删除保存的密钥 / key removed" if removed else "没有保存的密钥 / no key was kept")
        return EXIT_OK
    accounts = Accounts(ws)
    try:
        accounts.unlock(local_user(args, accounts), read_password(args))
        accounts.allow_unattended()
    finally:
        ws.close()
    print("已开启：计划任务中的 ebranch sync 不再需要密码；能登录本 Windows 账户的人也就能打开工作区 / "
          "on: `ebranch sync` in a scheduled task needs no password; whoever can log in to this "
          "account can then open the workspace")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    ws = workspace(args, unattended=True)
    try:
        accounts = Accounts(ws)
        session = _session_for_sync(args, accounts)
        client = ServerClient(session.server_url, token=session.token, ca_bundle=accounts.ca_bundle())
        line = ProgressLine(client)
        try:
            engine = SyncEngine(ws, client, page_size=max(1, min(args.page_size, wire.MAX_PAGE_SIZE)))
            report = engine.run(Progress(line))
        except UpdateRequired as exc:  # say what comes next: an update on its way, or where to get one
            from ..updates.service import explain_update_required

            explain_update_required(exc, ws.data_dir)
            with ws.write() as s:  # what `ebranch status` and the window show
                local_state.record_error(s, exc.message, exc.message_en, exc.kind)
            _fetch_update(ws.data_dir, session.server_url, exc.offer, accounts.ca_bundle(), quiet=args.json)
            raise
        finally:
            line.close()
            client.close()
        with ws.read() as s:
            state = sync_status.status(s)
    finally:
        ws.close()
    # After the records are in and counted: a newer program the server offered (updates/).
    update = _fetch_update(ws.data_dir, session.server_url, report.client_update, accounts.ca_bundle(),
                           quiet=args.json)
    if args.json:
        print_json({"pushed": report.pushed, "applied": report.applied, "merged": report.merged,
                    "conflicts_new": report.conflicts, "overruled_new": report.overruled,
                    "rejected": report.rejected, "pulled": report.pulled,
                    "evicted": report.evicted, "requests": report.requests, "seconds": round(report.seconds, 3),
                    "pending": state.pending, "conflicts": state.conflicts, "rejected_total": state.rejected,
                    "usable_seconds": None if report.usable_seconds is None else round(report.usable_seconds, 3),
                    "history_arriving": report.history_arriving,
                    "bytes_received": report.bytes_received, "bytes_sent": report.bytes_sent,
                    "client_update": update})
    else:
        print(f"同步完成：上传 {report.pushed} 条（合并 {report.merged}，冲突 {report.conflicts}，"
              f"被拒绝 {report.rejected}），下载 {report.pulled} 条，用时 {report.seconds:.1f} 秒")
        if state.conflicts:
            print(f"有 {state.conflicts} 个冲突待处理：ebranch conflicts list")
        if report.overruled:
            print(f"本机的 {report.overruled} 处修改已被其他电脑改掉：ebranch sync log")
    warning = clock_skew_warning(report.clock_skew_seconds)
    if warning:
        print(f"{warning[0]} / {warning[1]}", file=sys.stderr)
    if report.problems:
        error(f"服务器发来的 {len(report.problems)} 条记录未通过检查，未保存（其余已同步）：",
              f"{len(report.problems)} records from the server failed the checks and were not stored "
              "(the rest synced):")
        for p in report.problems[:20]:
            print(f"  {p.table} {p.record_id} [{p.field}] {p.message} / {p.message_en}", file=sys.stderr)
        return EXIT_BAD_ANSWER
    return EXIT_CONFLICTS if state.conflicts else EXIT_OK


def _fetch_update(data_dir, server_url: str, offer, ca_bundle: str | None, *, quiet: bool) -> dict | None:  # noqa: ANN001
    """Keep the server's offer of a newer program and, for an installed or portable program,
    download it now (the records are done; a cut download resumes next time). What it did, for
    --json; its failures are notes, never the sync's exit status."""
    from ..updates import service
    from ..updates.errors import UpdateError

    if offer is None:
        return None
    info = {"version": offer.version, "target": offer.target, "required": offer.required, "downloaded": False}
    chosen = service.worth_fetching(data_dir, offer)
    if chosen is None:
        return info
    if not quiet:
        print(f"正在下载新版本 {offer.version}… / downloading version {offer.version}…", file=sys.stderr)
    try:
        done = service.fetch(data_dir, server_url, chosen, ca_bundle=ca_bundle).downloaded
    except UpdateError as exc:
        print(f"{exc.message} / {exc.message_en}", file=sys.stderr)
        return info
    info["downloaded"] = done is not None
    if done is not None and not quiet:
        print(f"新版本 {done.version} 已下载并验证，下次启动 e支部 时安装 / version {done.version} downloaded and "
              "verified; it is installed the next time ebranch-desktop starts", file=sys.stderr)
    return info


def cmd_status(args: argparse.Namespace) -> int:
    with reading(args) as s:
        state = sync_status.status(s)
        ca = local_state.get(s, local_state.CA_BUNDLE)
    online = False
    if state.bound:
        client = ServerClient(state.server_url, ca_bundle=ca)
        try:
            client.health(timeout=3.0)
            online = True
        except SyncError:
            online = False
        finally:
            client.close()
    data = {"online": online, "bound": state.bound, "server": state.server_url, "user": state.user,
            "pending": state.pending, "conflicts": state.conflicts, "rejected": state.rejected,
            "last_sync": state.last_sync.isoformat() if state.last_sync else None,
            "last_error": state.last_error, "history_arriving": state.history_arriving}
    if args.json:
        print_json(data)
    else:
        print(f"服务器：{state.server_url or '（未绑定，仅本机使用）'}  {'在线' if online else '离线'}")
        print(f"用户：{state.user or '（未登录）'}")
        print(f"待同步：{state.pending}  冲突：{state.conflicts}  被拒绝：{state.rejected}")
        print(f"上次成功同步：{state.last_sync or '从未'}")
        if state.history_arriving:
            print("首次下载：已可使用，更早的历史记录尚未下载完，下次同步继续 / "
                  "first download: usable; older history is still to come (the next sync goes on)")
        if state.last_error:
            print(f"上次错误：{state.last_error['message']}")
    return EXIT_OK


def cmd_sync_log(args: argparse.Namespace) -> int:
    """同步记录, newest first. Read-only: the window's pointer to new entries stays."""
    with reading(args) as s:
        items = sync_log.entries(s)
    if args.json:
        print_json([e.as_json() for e in items])
        return EXIT_OK
    print_table(["时间", "记录", "内容", "本机的值", "现在的值", "由谁"],
                [(e.changed_at.replace("T", " ")[:16], f"{e.table} {e.label}", e.field, e.mine, e.theirs,
                  e.changed_by or "?") for e in items])
    if not items:
        print("没有同步记录 / nothing of this PC was changed elsewhere")
    return EXIT_OK


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    with reading(args) as s:
        items = conflicts.open_conflicts(s)
    if args.json:
        print_json([{"id": c.id, "table": c.table, "record_id": c.record_id, "title": c.title,
                     "conflicting": c.conflicting, "theirs_by": c.theirs_by,
                     "fields": {f.name: {"base": f.base, "mine": f.mine, "theirs": f.theirs}
                                for f in c.fields if f.conflicting}} for c in items])
        return EXIT_OK
    for c in items:
        print(f"#{c.id} {c.table} {c.title}（服务器方修改人：{c.theirs_by or '?'}）")
        print_table(["字段", "原值", "本机", "服务器"],
                    [(f.name, f.base, f.mine, f.theirs) for f in c.fields if f.conflicting])
    if not items:
        print("没有待处理的冲突 / no open conflicts")
    return EXIT_OK


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    choices = {}
    for item in args.field:
        name, _, side = item.partition("=")
        if side not in ("mine", "theirs"):
            raise ValidationError(f"--field 应写成 字段=mine 或 字段=theirs：{item}",
                                  f"--field must be NAME=mine or NAME=theirs: {item}", "field")
        choices[name] = side
    if not choices and not args.take:
        raise ValidationError("请用 --take 或 --field 说明保留哪一方", "Use --take or --field", "take")
    ws = workspace(args)
    try:
        with ws.write() as s:
            conflicts.resolve(s, args.conflict_id, actor=ws.actor, take=args.take, choices=choices)
    finally:
        ws.close()
    print("冲突已处理，结果将在下次同步时上传 / resolved; it syncs next time")
    return EXIT_OK


def cmd_dup_list(args: argparse.Namespace) -> int:
    with reading(args) as s:
        pairs = duplicates.find(s)
    if args.json:
        print_json([p.__dict__ for p in pairs])
    else:
        print_table(["日期", "类型", "会议一", "会议二", "ID 一", "ID 二"],
                    [(p.day, p.type, p.first_topic, p.second_topic, p.first_id, p.second_id) for p in pairs])
    return EXIT_OK


def cmd_dup_merge(args: argparse.Namespace) -> int:
    ws = workspace(args)
    try:
        with ws.write() as s:
            duplicates.merge(s, args.keep, args.drop)
    finally:
        ws.close()
    print("已合并 / merged")
    return EXIT_OK


def cmd_dup_keep(args: argparse.Namespace) -> int:
    ws = workspace(args)
    try:
        with ws.write() as s:
            duplicates.keep_both(s, args.first, args.second, ws.actor)
    finally:
        ws.close()
    print("已标记为两次不同的会议 / kept both")
    return EXIT_OK
