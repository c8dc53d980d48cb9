"""`ebranch review ...`: the township's review of handed-in meeting records (报送 → 审核)."""

from __future__ import annotations

import argparse

from ..domain.vocab import MEETING_TYPE_LABELS, MeetingType
from ..services import review
from .common import EXIT_OK, print_json, print_table, reading, writing
from .meetings_cmd import REVIEW_ZH


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("review", help="审核会议记录 / review handed-in records")
    rsub = p.add_subparsers(dest="review_cmd", required=True, metavar="{list,approve,return,reopen}")

    lst = rsub.add_parser("list", parents=[common],
                          help="待我处理的会议记录（乡镇：待审核；支部：被退回）/ what awaits me")
    lst.set_defaults(handler=cmd_list)

    approve = rsub.add_parser("approve", parents=[common], help="审核通过 / approve")
    approve.add_argument("meeting_id")
    approve.set_defaults(handler=cmd_approve)

    ret = rsub.add_parser("return", parents=[common], help="退回修改（须填意见）/ return with a comment")
    ret.add_argument("meeting_id")
    ret.add_argument("--comment", required=True)
    ret.set_defaults(handler=cmd_return)

    reopen = rsub.add_parser("reopen", parents=[common], help="重新打开已通过的记录（须填原因）/ reopen")
    reopen.add_argument("meeting_id")
    reopen.add_argument("--reason", required=True)
    reopen.set_defaults(handler=cmd_reopen)


def cmd_list(args: argparse.Namespace) -> int:
    with reading(args) as s:
        items = review.waiting_for(s)
    if args.json:
        print_json([
            {"id": i.id, "branch_id": i.branch_id, "branch": i.branch_name, "type": i.type,
             "start": i.start.isoformat(timespec="minutes"), "topic": i.topic, "review": i.review,
             "review_comment": i.review_comment, "handed_in_by": i.handed_in_by,
             "handed_in_at": i.handed_in_at, "photos": i.photos}
            for i in items
        ])
        return EXIT_OK
    print_table(["时间", "支部", "类型", "主题", "审核", "意见", "报送人", "ID"],
                [(f"{i.start:%Y-%m-%d %H:%M}", i.branch_name, MEETING_TYPE_LABELS[MeetingType(i.type)].zh,
                  i.topic, REVIEW_ZH[i.review], i.review_comment, i.handed_in_by, i.id) for i in items])
    print(f"共 {len(items)} 条 / {len(items)} records")
    return EXIT_OK


def _act(args: argparse.Namespace, action, message: str) -> int:  # noqa: ANN001 - a service call
    with writing(args) as s:
        action(s)
    print(message)
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    return _act(args, lambda s: review.approve(s, args.meeting_id), "已审核通过 / approved")


def cmd_return(args: argparse.Namespace) -> int:
    return _act(args, lambda s: review.return_record(s, args.meeting_id, args.comment),
                "已退回支部修改 / returned")


def cmd_reopen(args: argparse.Namespace) -> int:
    return _act(args, lambda s: review.reopen(s, args.meeting_id, args.reason), "已重新打开 / reopened")
