"""`ebranch orgs` and `ebranch demo`."""

from __future__ import annotations

import argparse

from ..services import demo, orgs
from .common import EXIT_OK, UsageError, print_json, reading, workspace

LEVEL_ZH = {"province": "省", "city": "市", "county": "县", "township": "乡镇", "branch": "支部"}


def cmd_demo(args: argparse.Namespace) -> int:
    ws = workspace(args, create=True)
    try:
        if not demo.is_empty(ws):
            raise UsageError(
                f"{ws.data_dir} 中的工作区已有数据，没有做任何更改",
                f"The workspace in {ws.data_dir} already holds data; nothing was changed",
            )
        count = demo.create_demo(ws)
    finally:
        ws.close()
    print(f"已在 {ws.data_dir} 创建演示工作区（{count} 条记录） / Demo workspace created ({count} records)")
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
