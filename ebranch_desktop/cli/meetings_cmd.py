"""`ebranch meetings ...` and `ebranch attendance set`."""

from __future__ import annotations

import argparse
from typing import Any

from ..domain.dates import parse_date, parse_datetime
from ..domain.errors import ValidationError
from ..domain.vocab import MEETING_TYPE_LABELS, MeetingType
from ..services import attendance, meetings, members, orgs, photos
from ..store.models import Organization
from ..store.records import row_fields
from ..sync import clock
from .common import EXIT_OK, print_json, print_table, reading, writing

TYPE_KEYS = [t.value for t in MeetingType]
STATUS_ZH = {"planned": "计划", "held": "已召开", "cancelled": "已取消"}
REVIEW_ZH = {"none": "未报送", "submitted": "已报送，待审核", "approved": "审核通过", "returned": "已退回"}
ACTION_ZH = {"submit": "报送", "approve": "审核通过", "return": "退回修改", "reopen": "重新打开"}
ATT_ZH = {"present": "出席", "late": "迟到", "leave": "请假", "absent": "缺席", None: "未登记"}


def _meeting_type(value: str) -> str:
    if value in TYPE_KEYS:
        return value
    for key, label in MEETING_TYPE_LABELS.items():
        if value == label.zh:
            return key.value
    raise argparse.ArgumentTypeError(
        f"未知会议类型 {value}；可用：{', '.join(TYPE_KEYS)} / unknown meeting type"
    )


def _detail_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--topic")
    p.add_argument("--place")
    p.add_argument("--start", help='"YYYY-MM-DD HH:MM"')
    p.add_argument("--end", help='"YYYY-MM-DD HH:MM"')
    p.add_argument("--host", help="主持人")
    p.add_argument("--recorder", help="记录人")
    p.add_argument("--lecturer", help="党课主讲人")
    p.add_argument("--minutes", help="会议记录正文")
    p.add_argument("--speech-notes", help="发言要点")
    p.add_argument("--agenda", action="append", help="议题（可重复）")
    p.add_argument("--resolution", nargs=4, action="append",
                   metavar=("TEXT", "FOR", "AGAINST", "ABSTAIN"), help="决议及表决票数（可重复）")
    p.add_argument("--observer", nargs=2, action="append", metavar=("NAME", "ROLE"),
                   help="列席人员（可重复）")
    p.add_argument("--group", help="党小组名称（党小组会）")
    p.add_argument("--org-life-form", choices=["branch_general", "branch_committee", "group_meeting"])


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("meetings", help="会议 / meetings")
    msub = p.add_subparsers(dest="meetings_cmd", required=True,
                            metavar="{list,add,show,edit,held,refresh-expected,submit,cancel,delete}")

    lst = msub.add_parser("list", parents=[common], help="列出会议")
    lst.add_argument("--branch")
    lst.add_argument("--type", type=_meeting_type)
    lst.add_argument("--status", choices=["planned", "held", "cancelled"])
    lst.add_argument("--from", dest="date_from")
    lst.add_argument("--to", dest="date_to")
    lst.add_argument("--limit", type=int, default=0, help="最多显示条数（0 = 全部）")
    lst.set_defaults(handler=cmd_list)

    add = msub.add_parser("add", parents=[common], help="计划一次会议")
    add.add_argument("--branch", required=True)
    add.add_argument("--type", required=True, type=_meeting_type)
    _detail_options(add)
    add.set_defaults(handler=cmd_add)

    show = msub.add_parser("show", parents=[common], help="查看会议、出席情况和合计")
    show.add_argument("meeting_id")
    show.set_defaults(handler=cmd_show)

    edit = msub.add_parser("edit", parents=[common], help="修改会议")
    edit.add_argument("meeting_id")
    _detail_options(edit)
    edit.set_defaults(handler=cmd_edit)

    held = msub.add_parser("held", parents=[common], help="登记为已召开")
    held.add_argument("meeting_id")
    held.set_defaults(handler=cmd_held)

    refresh = msub.add_parser("refresh-expected", parents=[common],
                              help="已召开的会议：按会议当日名册重新确定应到名单（保留出席登记）")
    refresh.add_argument("meeting_id")
    refresh.set_defaults(handler=cmd_refresh_expected)

    submit = msub.add_parser("submit", parents=[common], help="报送乡镇（街道）党委审核 / hand in for review")
    submit.add_argument("meeting_id")
    submit.add_argument("--note", default="", help="报送说明（可选）")
    submit.set_defaults(handler=cmd_submit)

    cancel = msub.add_parser("cancel", parents=[common], help="取消会议（须填原因）")
    cancel.add_argument("meeting_id")
    cancel.add_argument("--reason", required=True)
    cancel.set_defaults(handler=cmd_cancel)

    delete = msub.add_parser("delete", parents=[common], help="删除会议")
    delete.add_argument("meeting_id")
    delete.set_defaults(handler=cmd_delete)

    att = sub.add_parser("attendance", help="出席登记 / attendance")
    asub = att.add_subparsers(dest="attendance_cmd", required=True, metavar="{set}")
    aset = asub.add_parser("set", parents=[common], help="登记一名党员的出席情况")
    aset.add_argument("meeting_id")
    aset.add_argument("member_id")
    aset.add_argument("status", choices=["present", "late", "leave", "absent"])
    aset.add_argument("--reason", default="")
    aset.add_argument("--excluded-reason", help="经上级同意不计入应到人数的原因")
    aset.set_defaults(handler=cmd_attendance_set)


def _details(args: argparse.Namespace, session: Any, branch_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("topic", "place", "host", "recorder", "lecturer", "minutes", "speech_notes",
                 "org_life_form"):
        value = getattr(args, name, None)
        if value is not None:
            out[name] = value
    if args.start is not None:
        out["start"] = parse_datetime(args.start, field="start", label="开始时间")
    if args.end is not None:
        out["end"] = parse_datetime(args.end, field="end", label="结束时间")
    if args.agenda is not None:
        out["agenda"] = [a for a in args.agenda if a.strip()]
    if args.resolution is not None:
        out["resolutions"] = [_resolution(r) for r in args.resolution]
    if args.observer is not None:
        out["observers"] = [{"name": n, "role": r} for n, r in args.observer]
    if args.group:
        groups = {g.name: g.id for g in members.groups_of(session, branch_id)}
        if args.group not in groups:
            raise ValidationError(
                f"党小组“{args.group}”不存在（本支部有：{'、'.join(groups) or '无'}）",
                f"Unknown party group {args.group}", "group_id",
            )
        out["group_id"] = groups[args.group]
    return out


def _resolution(values: list[str]) -> dict[str, Any]:
    text, *counts = values
    try:
        votes = [int(c) for c in counts]
    except ValueError:
        raise ValidationError(
            "表决票数须为整数", "Vote counts must be whole numbers", "resolutions"
        ) from None
    return {"text": text, "for": votes[0], "against": votes[1], "abstain": votes[2]}


def cmd_list(args: argparse.Namespace) -> int:
    with reading(args) as s:
        flt = meetings.MeetingFilter(
            branch_ids=[orgs.branch_by_code(s, args.branch).id] if args.branch else None,
            types=[args.type] if args.type else [],
            statuses=[args.status] if args.status else [],
            start_from=parse_date(args.date_from, field="from", label="起始日期"),
            start_to=parse_date(args.date_to, field="to", label="截止日期"),
        )
        total = meetings.count_meetings(s, flt)
        rows = meetings.fetch_meetings(s, flt, 0, args.limit or max(total, 1))
        codes = dict(s.query(Organization.id, Organization.code).all())
    if args.json:
        print_json(
            [
                {"id": r.id, "branch": codes.get(r.branch_id, ""), "type": r.type,
                 "status": r.status, "start": r.start.isoformat(timespec="minutes"),
                 "topic": r.topic, "place": r.place, "present": r.present,
                 "pending_sync": r.dirty}
                for r in rows
            ]
        )
    else:
        print_table(
            ["时间", "支部", "类型", "状态", "主题", "实到", "ID"],
            [(f"{r.start:%Y-%m-%d %H:%M}", r.branch_name,
              MEETING_TYPE_LABELS[MeetingType(r.type)].zh, STATUS_ZH[r.status], r.topic,
              r.present, r.id) for r in rows],
        )
        print(f"共 {total} 次会议 / {total} meetings")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    with writing(args) as s:
        branch = orgs.branch_by_code(s, args.branch)
        fields = {"branch_id": branch.id, "type": args.type} | _details(args, s, branch.id)
        meeting = meetings.create_meeting(s, fields)
        meeting_id = meeting.id
    if args.json:
        print_json({"id": meeting_id})
    else:
        print(meeting_id)
    return EXIT_OK


def meeting_json(session: Any, meeting_id: str) -> dict[str, Any]:
    m = meetings.get_meeting(session, meeting_id)
    branch = session.get(Organization, m.branch_id)
    sheet = attendance.sheet(session, meeting_id)
    t = sheet.totals
    return {"id": m.id, "branch": branch.code if branch else ""} | row_fields(m) | {
        "totals": {"expected": t.expected, "present": t.present, "late": t.late,
                   "leave": t.leave, "absent": t.absent, "unmarked": t.unmarked,
                   "excluded": t.excluded, "voting_expected": t.voting_expected,
                   "voting_present": t.voting_present} if sheet.counted else None,
        "counted": sheet.counted,
        "expected_list_fixed": sheet.fixed,
        "quorum_met": sheet.quorum_met,
        "attendance": [
            {"member_id": line.member_id, "name": line.name, "category": line.category,
             "status": line.status, "reason": line.reason, "excluded": line.excluded,
             "listed": line.listed}
            for line in sheet.lines
        ],
        "photos": [{"id": p.id, "kind": p.kind, "caption": p.caption, "sha256": p.sha256}
                   for p in photos.photos_of(session, meeting_id)],
        "pending_sync": m.dirty > 0,
    }


def cmd_show(args: argparse.Namespace) -> int:
    with reading(args) as s:
        data = meeting_json(s, args.meeting_id)
    if args.json:
        print_json(data)
        return EXIT_OK
    t = data["totals"]
    print(f"{MEETING_TYPE_LABELS[MeetingType(data['type'])].zh}：{data['topic']}")
    print(f"时间：{data['start']}  地点：{data['place']}  状态：{STATUS_ZH[data['status']]}")
    print(f"主持人：{data['host']}  记录人：{data['recorder']}")
    if t is None:
        print("会议已取消：出席登记仅作保留，不计入任何统计 / cancelled: marks count nowhere")
    else:
        print(f"应到 {t['expected']}  实到 {t['present']}  请假 {t['leave']}  缺席 {t['absent']}"
              f"  未登记 {t['unmarked']}")
    if data["roster_refreshed"]:
        print(f"应到名单：{data['roster_taken_at']} 由 {data['roster_taken_by']} 按会议当日名册更新")
    elif data["expected_list_fixed"]:
        print("应到名单：登记为已召开时按会议当日名册确定")
    if data["quorum_met"] is not None:
        print("表决人数：" + ("已过半，可以表决" if data["quorum_met"] else "不足，不能表决"))
    print(f"审核：{REVIEW_ZH[data['review']]}" + (f"（{data['review_comment']}）" if data["review_comment"] else ""))
    for entry in data["review_log"]:
        print(f"  {entry['at']}  {entry['by']}  {ACTION_ZH[entry['action']]}"
              + (f"：{entry['comment']}" if entry.get("comment") else ""))
    if data["photos"]:
        print(f"照片：{len(data['photos'])} 张")
    print_table(["姓名", "类别", "出席情况", "原因", "党员ID"],
                [(a["name"], "正式" if a["category"] == "formal" else "预备",
                  ATT_ZH[a["status"]], a["reason"], a["member_id"]) for a in data["attendance"]])
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    with writing(args) as s:
        m = meetings.get_meeting(s, args.meeting_id)
        changes = _details(args, s, m.branch_id)
        if not changes:
            raise ValidationError("没有要修改的内容", "Nothing to change")
        meetings.update_meeting(s, args.meeting_id, changes)
    print("已保存 / saved")
    return EXIT_OK


def _simple(args: argparse.Namespace, action: Any, message: str) -> int:
    with writing(args) as s:
        action(s)
    print(message)
    return EXIT_OK


def cmd_held(args: argparse.Namespace) -> int:
    return _simple(args, lambda s: meetings.mark_held(s, args.meeting_id, now=clock.server_now(s)),
                   "已登记为已召开 / held")


def cmd_refresh_expected(args: argparse.Namespace) -> int:
    return _simple(args, lambda s: meetings.refresh_roster(s, args.meeting_id),
                   "已按会议当日名册更新应到名单 / expected list refreshed")


def cmd_submit(args: argparse.Namespace) -> int:
    from ..services import review

    return _simple(args, lambda s: review.submit(s, args.meeting_id, args.note),
                   "已报送，等待乡镇审核 / handed in for review")


def cmd_cancel(args: argparse.Namespace) -> int:
    return _simple(
        args, lambda s: meetings.cancel(s, args.meeting_id, args.reason), "已取消 / cancelled"
    )


def cmd_delete(args: argparse.Namespace) -> int:
    return _simple(args, lambda s: meetings.delete_meeting(s, args.meeting_id), "已删除 / deleted")


def cmd_attendance_set(args: argparse.Namespace) -> int:
    excluded = args.excluded_reason is not None
    return _simple(
        args,
        lambda s: attendance.set_attendance(
            s, args.meeting_id, args.member_id, args.status, args.reason,
            excluded=excluded if excluded else None,
            exclusion_reason=args.excluded_reason,
        ),
        "已登记 / saved",
    )
