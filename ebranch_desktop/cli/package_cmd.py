"""`ebranch package export|deliver|fetch|import`: data packages (数据包) for branches with no link.

On the branch's PC: `export --out FILE` (what waits to be uploaded) and later `import FILE` (the
server's answer). On a connected PC (the township's): `deliver FILE` hands an export to the
server, `fetch --for BRANCH_OR_WORKSPACE --out FILE` brings back the answer for that PC.
A package that is tampered, cut, foreign or older than one already used is refused with exit
status 2 and nothing changes. docs/sync-protocol.md, "Data packages".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..sync import package_format as fmt
from ..sync import packages
from .common import EXIT_BAD_ANSWER, EXIT_CONFLICTS, EXIT_OK, error, print_json, workspace


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    pkg = sub.add_parser("package", help="数据包：没有网络的支部用 U 盘与服务器交换数据 / USB data packages")
    psub = pkg.add_subparsers(dest="package_cmd", required=True, metavar="{export,deliver,fetch,import}")
    exp = psub.add_parser("export", parents=[common],
                          help="把本机尚未上传的数据导出为数据包（签名并加密，只有服务器能打开）")
    exp.add_argument("--out", required=True, type=Path, help=f"数据包文件，如 E:\\支部{fmt.SUFFIX}")
    exp.set_defaults(handler=cmd_export)
    dlv = psub.add_parser("deliver", parents=[common],
                          help="（联网电脑）把支部导出的数据包递交服务器；重复递交不会重复写入")
    dlv.add_argument("file", type=Path)
    dlv.set_defaults(handler=cmd_deliver)
    fch = psub.add_parser("fetch", parents=[common],
                          help="（联网电脑）取回服务器给某个支部电脑的答复数据包")
    fch.add_argument("--for", dest="target", required=True, metavar="BRANCH_OR_WORKSPACE",
                     help="支部代码，或工作区编号（前 8 位即可）")
    fch.add_argument("--out", required=True, type=Path, help="答复数据包文件")
    fch.add_argument("--seed", action="store_true",
                     help="为还没有联网登录过的新电脑制作种子数据包（--for 支部代码）；"
                          "会显示一个种子码，请抄给新电脑的使用人")
    fch.set_defaults(handler=cmd_fetch)
    imp = psub.add_parser("import", parents=[common],
                          help="导入服务器的答复数据包（与同步下载相同）；在新电脑上导入种子数据包时"
                               "用 --user 指定账号，标准输入第一行为新的本机密码、第二行为种子码")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=cmd_import)


def _refused_as_package_error(exc: Exception) -> Exception:
    """The server's refusal of a package (409/422) is about the file: nothing changed (status 2)."""
    from ..sync.errors import Refused

    if isinstance(exc, Refused) and exc.status in (404, 409, 422):
        return fmt.PackageError(exc.code or "refused", exc.message, exc.message_en)
    return exc


def _client(args: argparse.Namespace):  # noqa: ANN202 - (ServerClient, Workspace)
    from ..sync.account import Accounts
    from ..sync.http import ServerClient
    from .sync_cmd import _session_for_sync

    ws = workspace(args)
    accounts = Accounts(ws)
    try:
        session = _session_for_sync(args, accounts)
    except Exception:
        ws.close()
        raise
    return ServerClient(session.server_url, token=session.token, ca_bundle=accounts.ca_bundle()), ws


def cmd_export(args: argparse.Namespace) -> int:
    ws = workspace(args)
    try:
        report = packages.export(ws, args.out)
    finally:
        ws.close()
    if args.json:
        print_json({"package_id": report.package_id, "seq": report.seq, "records": report.records,
                    "batches": report.batches, "bytes": report.size, "file": str(report.path)})
    else:
        print(f"已导出数据包（第 {report.seq} 号）：{report.records} 条待上传的记录，"
              f"{report.size} 字节 → {report.path}\n"
              f"Exported data package no. {report.seq}: {report.records} records, {report.size} bytes → {report.path}")
        print("请将文件拷到联网的电脑（如乡镇），用“递交数据包”交给服务器，再取回答复数据包导入本机。\n"
              "Take the file to a connected PC (the township's), deliver it, and bring the answer back to import here.")
    return EXIT_OK


def cmd_deliver(args: argparse.Namespace) -> int:
    data = packages.read_file(args.file)
    client, ws = _client(args)
    try:
        summary = packages.deliver(client, data)
    except Exception as exc:
        raise _refused_as_package_error(exc) from None
    finally:
        client.close()
        ws.close()
    if args.json:
        print_json(summary.model_dump(mode="json"))
    else:
        again = "（此前已递交过，这次没有任何更改）" if summary.already_delivered else ""
        print(f"已递交 {summary.org_name or summary.device_id[:8]} 的数据包（第 {summary.seq} 号）{again}："
              f"{summary.records} 条记录，已写入 {summary.applied}，合并 {summary.merged}，"
              f"冲突 {summary.conflicts}，被拒绝 {summary.rejected}\n"
              f"Delivered package no. {summary.seq}{' (already delivered: nothing changed)' if again else ''}: "
              f"{summary.records} records, applied {summary.applied}, merged {summary.merged}, "
              f"conflicts {summary.conflicts}, rejected {summary.rejected}")
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace) -> int:
    if args.seed:
        return _fetch_seed(args)
    client, ws = _client(args)
    try:
        summary = packages.fetch(client, args.target, args.out)
    except Exception as exc:
        raise _refused_as_package_error(exc) from None
    finally:
        client.close()
        ws.close()
    if args.json:
        print_json(summary.model_dump(mode="json") | {"file": str(args.out)})
    else:
        print(f"已取回 {summary.org_name} 电脑 {summary.device_id[:8]} 的答复数据包（第 {summary.seq} 号）："
              f"{summary.records} 条记录，{summary.results} 批上传结果 → {args.out}\n"
              f"Fetched answer no. {summary.seq} for {summary.device_id[:8]}: {summary.records} records, "
              f"{summary.results} push results → {args.out}")
    return EXIT_OK


def _fetch_seed(args: argparse.Namespace) -> int:
    client, ws = _client(args)
    try:
        report = packages.make_seed(ws, client, args.target, args.out)
    except Exception as exc:
        raise _refused_as_package_error(exc) from None
    finally:
        client.close()
        ws.close()
    s = report.summary
    if args.json:
        print_json(s.model_dump(mode="json") | {"file": str(args.out), "seed_code": report.code})
    else:
        print(f"已为 {s.org_name} 的新电脑制作种子数据包：{s.records} 条记录，{report.size} 字节 → {args.out}\n"
              f"Seed package for a new PC of {s.org_name}: {s.records} records, {report.size} bytes → {args.out}")
        print("种子码（只显示这一次，请抄给新电脑的使用人；没有它谁也打不开这个文件）/ seed code (shown once):")
        print(f"  {report.code}")
        print("在新电脑上：ebranch package import 文件 --user 账号（标准输入：新的本机密码、种子码各一行）。"
              "本机密码请与省级平台密码相同，以后联网登录时才能直接打开。")
    return EXIT_OK


def _import_seed(args: argparse.Namespace, data: bytes) -> int:
    import getpass

    from .common import UsageError, locked_workspace, read_password
    from .sync_cmd import print_recovery_code

    if not args.user:
        raise UsageError("导入种子数据包请用 --user 指定您在省级平台的账号", "Name your platform account with --user",
                         "user")
    password = read_password(args, "新的本机密码（请与省级平台密码相同）/ new local password: ")
    if args.password_stdin:
        code = sys.stdin.readline().strip()
    elif sys.stdin is not None and sys.stdin.isatty():
        code = getpass.getpass("种子码 / seed code: ")
    else:
        code = ""
    if not code:
        raise UsageError("没有读到种子码", "No seed code given", "seed")
    ws = locked_workspace(args)
    try:
        report, recovery = packages.install_seed(ws, data, code, args.user, password)
    finally:
        ws.close()
    if args.json:
        print_json({"package_id": report.package_id, "pulled": report.pulled, "recovery_code": recovery})
    else:
        print(f"已用种子数据包建立工作区：收到 {report.pulled} 条记录。以后联网时登录同步，只会传输之后的变化。\n"
              f"Workspace created from the seed: {report.pulled} records. Later online syncs move only the difference.")
        print_recovery_code(recovery)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from ..sync import status as sync_status
    from .common import locked_workspace

    data = packages.read_file(args.file)
    header, _ = fmt.read_header(data)
    if header["kind"] == fmt.SEED:
        ws = locked_workspace(args)
        new_pc = ws.vault() is None and not ws.exists
        if new_pc:
            return _import_seed(args, data)
        raise fmt.PackageError("seed_here",
                               "本机已有工作区：种子数据包只能用于新电脑（或用 --data-dir 指定一个新文件夹）",
                               "This PC has a workspace: a seed package only installs a new PC "
                               "(or give a new folder with --data-dir)")
    ws = workspace(args)
    try:
        report = packages.import_answer(ws, data)
        with ws.read() as s:
            state = sync_status.status(s)
    finally:
        ws.close()
    if args.json:
        print_json({"package_id": report.package_id, "seq": report.seq, "results": report.results,
                    "applied": report.pushed_applied, "merged": report.pushed_merged + report.stats.merged,
                    "conflicts_new": report.pushed_conflicts + report.stats.conflicts,
                    "rejected": report.pushed_rejected, "pulled": report.pulled, "problems": len(report.problems),
                    "pending": state.pending, "conflicts": state.conflicts})
    else:
        print(f"已导入答复数据包（第 {report.seq} 号）：上传结果 写入 {report.pushed_applied}、"
              f"合并 {report.pushed_merged}、"
              f"冲突 {report.pushed_conflicts}、被拒绝 {report.pushed_rejected}；下载 {report.pulled} 条\n"
              f"Imported answer no. {report.seq}: pushed applied {report.pushed_applied}, merged "
              f"{report.pushed_merged}, conflicts {report.pushed_conflicts}, rejected {report.pushed_rejected}; "
              f"pulled {report.pulled}")
        if state.conflicts:
            print(f"有 {state.conflicts} 个冲突待处理：ebranch conflicts list")
    if report.problems:  # as `ebranch sync`: records that failed the checks were not stored
        error(f"数据包中的 {len(report.problems)} 条记录未通过检查，未保存（其余已导入）：",
              f"{len(report.problems)} records in the package failed the checks and were not stored "
              "(the rest was imported):")
        for p in report.problems[:20]:
            print(f"  {p.table} {p.record_id} [{p.field}] {p.message} / {p.message_en}", file=sys.stderr)
        return EXIT_BAD_ANSWER
    return EXIT_CONFLICTS if state.conflicts else EXIT_OK
