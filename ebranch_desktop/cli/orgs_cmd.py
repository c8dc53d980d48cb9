"""`ebranch orgs` and `ebranch demo`."""

from __future__ import annotations

import argparse

from .. import local_demo
from ..services import demo, orgs
from .common import EXIT_OK, UsageError, locked_workspace, print_json, reading

LEVEL_ZH = {"province": "省", "city": "市", "county": "县", "township": "乡镇", "branch": "支部"}


def cmd_demo(args: argparse.Namespace) -> int:
    ws = locked_workspace(args)
    if ws.exists or ws.vault() is not None:
        raise UsageError(
            f"{ws.data_dir} 中的工作区已有数据，没有做任何更改",
            f"The workspace in {ws.data_dir} already holds data; nothing was changed",
        )
    try:
        code, count = local_demo.create_local_demo(ws)
    finally:
        ws.close()
    print(f"已在 {ws.data_dir} 创建演示工作区（{count} 条记录，已加密） / Demo workspace created "
          f"({count} records, encrypted)")
    print(f"本机用户 {demo.LOCAL_DEMO_USER}，密码 {demo.LOCAL_DEMO_PASSWORD} / local user and password")
    print(f"恢复码（忘记密码时使用）/ recovery code: {code}")
    return EXIT_OK


def cmd_orgs(args: argparse.Namespace) -> int:
    with reading(args) as s:
        nodes = orgs.flatten(orgs.org_tree(s))
        codes = {n.id: n.code for _, n in nodes}
    if args.json:
        print_json(
            [
                {"id": n.id, "code": n.code, "name": n.name, "level": n.level,
                 "parent": codes.get(n.parent_id or ""), "depth": depth}
                for depth, n in nodes
            ]
        )
    else:
        for depth, n in nodes:
            print(f"{'    ' * depth}{n.name}  [{n.code}] {LEVEL_ZH.get(n.level, n.level)}")
    return EXIT_OK
