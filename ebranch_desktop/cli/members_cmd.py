"""`ebranch members list|add|import|show|transfer|leave|delete`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from ..domain.dates import parse_date
from ..domain.errors import ValidationError
from ..domain.membership import END_LABELS, START_LABELS, EndReason, StartReason, parse_leave_reason
from ..services import members, membership, orgs, roster_import
from ..store.models import Organization, PartyGroup
from .common import EXIT_OK, EXIT_USAGE, print_json, print_table, reading, workspace, writing

CATEGORY_ZH = {"formal": "正式党员", "probationary": "预备党员"}
GENDER_ZH = {"male": "男", "female": "女"}

# CLI option → member field, for `members add` (dates parsed, the rest as text).
ADD_OPTIONS = {
    "gender": "gender", "ethnicity": "ethnicity", "birth_date": "birth_date",
    "education": "education", "category": "category", "join_date": "join_date",
    "full_member_date": "full_member_date", "job": "job", "phone": "phone",
    "address": "address", "committee_role": "committee_role",
}
DATE_FIELDS = {"birth_date", "join_date", "full_member_date"}


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("members", help="党员名册 / member roster")
    msub = p.add_subparsers(dest="members_cmd", required=True,
                            metavar="{list,add,import,show,transfer,leave,delete}")

    lst = msub.add_parser("list", parents=[common], help="列出党员（身份证号已脱敏）")
    lst.add_argument("--branch", help="党支部代码 / branch code")
    lst.add_argument("--as-of", help="名册日期 YYYY-MM-DD（默认今天）/ the roster of this day")
    lst.set_defaults(handler=cmd_list)

    add = msub.add_parser("add", parents=[common], help="登记党员")
    add.add_argument("--branch", required=True, help="党支部代码")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--id-number", required=True, help="18位公民身份号码")
    add.add_argument("--category", choices=["formal", "probationary"], default="formal")
    add.add_argument("--gender", choices=["male", "female"])
    add.add_argument("--group", help="党小组名称")
    add.add_argument("--transferred-in", help="组织关系转入本支部的日期 YYYY-MM-DD（转入的党员）")
    add.add_argument("--from", dest="transferred_from", help="从何处转入（原党组织名称）")
    for opt in ("ethnicity", "birth-date", "education", "join-date", "full-member-date", "job",
                "phone", "address", "committee-role"):
        add.add_argument(f"--{opt}")
    add.set_defaults(handler=cmd_add)

    imp = msub.add_parser("import", parents=[common], help="从 .xlsx/.csv 导入名册（全部成功才写入）")
    imp.add_argument("file", type=Path)
    imp.add_argument("--branch", required=True, help="党支部代码")
    imp.set_defaults(handler=cmd_import)

    show = msub.add_parser("show", parents=[common], help="查看党员详细信息")
    show.add_argument("member_id")
    show.add_argument("--full", action="store_true", help="显示完整身份证号和电话（敏感信息）")
    show.set_defaults(handler=cmd_show)

    transfer = msub.add_parser("transfer", parents=[common],
                               help="组织关系转接到本工作区的另一个党支部（一次完成转出和转入）")
    transfer.add_argument("member_id")
    transfer.add_argument("--to-branch", required=True, help="转入的党支部代码 / branch code")
    transfer.add_argument("--date", required=True, help="转接日期 YYYY-MM-DD")
    transfer.add_argument("--group", help="转入后的党小组名称")
    transfer.set_defaults(handler=cmd_transfer)

    leave = msub.add_parser("leave", parents=[common],
                            help="党员离开本支部：转出（转往本工作区以外）、去世、出党、停止党籍")
    leave.add_argument("member_id")
    leave.add_argument("--date", required=True, help="日期 YYYY-MM-DD")
    leave.add_argument("--reason", required=True,
                       help="转出 | 去世 | 出党 | 停止党籍（或 transferred_out | died | left_party | suspended）")
    leave.add_argument("--to", dest="to_name", default="", help="转出时：转往的党组织名称")
    leave.set_defaults(handler=cmd_leave)

    delete = msub.add_parser("delete", parents=[common], help="删除党员（保留删除标记以便同步）")
    delete.add_argument("member_id")
    delete.set_defaults(handler=cmd_delete)


def cmd_list(args: argparse.Namespace) -> int:
    as_of = parse_date(args.as_of, field="as_of", label="名册日期")
    with reading(args) as s:
        branch_ids = [orgs.branch_by_code(s, args.branch).id] if args.branch else None
        rows = members.summaries(s, branch_ids, as_of=as_of)
    if args.json:
        print_json(
            [
                {"id": r.id, "name": r.name, "branch": r.branch_code, "gender": r.gender,
                 "category": r.category, "id_number": r.id_number_masked, "phone": r.phone_masked,
                 "committee_role": r.committee_role, "group": r.group_name,
                 "join_date": r.join_date, "in_branch_since": r.since,
                 "membership_status": r.membership_status,
                 "mobile": r.mobile, "lost_contact": r.lost_contact, "pending_sync": r.dirty}
                for r in rows
            ]
        )
    else:
        print_table(
            ["姓名", "支部", "性别", "类别", "身份证号", "电话", "职务", "党小组", "ID"],
            [(r.name, r.branch_code, GENDER_ZH.get(r.gender, ""), CATEGORY_ZH.get(r.category, ""),
              r.id_number_masked, r.phone_masked, r.committee_role, r.group_name, r.id)
             for r in rows],
        )
        when = f"（{as_of:%Y-%m-%d}）" if as_of else ""
        print(f"共 {len(rows)} 人{when} / {len(rows)} members")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    with writing(args) as s:
        branch = orgs.branch_by_code(s, args.branch)
        fields = {"branch_id": branch.id, "name": args.name, "id_number": args.id_number}
        for opt, name in ADD_OPTIONS.items():
            value = getattr(args, opt, None)
            if value is not None:
                fields[name] = parse_date(value, field=name) if name in DATE_FIELDS else value
        if args.group:
            groups = {g.name: g.id for g in members.groups_of(s, branch.id)}
            if args.group not in groups:
                raise ValidationError(
                    f"党小组“{args.group}”不存在（本支部有：{'、'.join(groups) or '无'}）",
                    f"Unknown party group {args.group}", "group_id",
                )
            fields["group_id"] = groups[args.group]
        arrived = parse_date(args.transferred_in, field="transferred_in", label="转入日期")
        if arrived is None and args.transferred_from:
            raise ValidationError("请同时用 --transferred-in 给出转入日期",
                                  "Give the transfer date with --transferred-in", "transferred_in")
        member = members.add_member(s, fields, arrived=arrived,
                                    arrived_from=args.transferred_from or "")
        member_id = member.id
    if args.json:
        print_json({"id": member_id})
    else:
        print(f"已登记党员 {args.name}，ID {member_id}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise ValidationError(f"找不到文件：{args.file}", f"No such file: {args.file}", "file")
    with writing(args) as s:
        report = roster_import.import_roster(s, args.file, args.branch)
        if not report.ok:
            s.rollback()
    if args.json:
        print_json(
            {"ok": report.ok, "rows": report.total_rows, "added": report.added,
             "updated": report.updated, "unchanged": report.unchanged,
             "rejected": [p.__dict__ for p in report.problems]}
        )
    if not report.ok:
        if not args.json:
            print(f"有 {len(report.problems)} 行不合格，未导入任何数据： / "
                  f"{len(report.problems)} rows rejected, nothing imported:", file=sys.stderr)
            for p in report.problems:
                print(f"  第{p.row}行 {p.name}：{p.message}（{p.message_en}）", file=sys.stderr)
        return EXIT_USAGE
    if not args.json:
        print(f"导入完成：共 {report.total_rows} 行，新增 {report.added}，更新 {report.updated}，"
              f"未变 {report.unchanged}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ..domain.idnumber import mask_id_number, mask_phone
    from ..store.records import row_fields

    ws = workspace(args)
    try:
        with ws.read() as s:
            m = members.get_member(s, args.member_id)
            data = {"id": m.id} | row_fields(m)
            history = [_period_json(s, p) for p in membership.periods_of(s, m)]
        if args.full:  # who saw the number in full is recorded, like in the window
            from ..services import audit

            with ws.write() as s:
                audit.record_member_shown(s, m.id)
    finally:
        ws.close()
    if not args.full:
        data["id_number"] = mask_id_number(data["id_number"])
        data["phone"] = mask_phone(data["phone"])
    if args.json:
        print_json(data | {"history": history})
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
        print("党籍经历 / membership history:")
        for h in history:
            end = f"{h['end_date']} {h['end_text']}" if h["end_date"] else "至今"
            print(f"  {h['start_date'] or '日期不详'} {h['start_text']} — {end}  {h['branch']} "
                  f"{'正式党员' if h['category'] == 'formal' else '预备党员'}")
    return EXIT_OK


def _period_json(session: Session, p: membership.Period) -> dict:
    branch = session.get(Organization, p.branch_id)
    group = session.get(PartyGroup, p.group_id) if p.group_id else None
    start_text = START_LABELS[StartReason(p.start_reason)].zh + (f"（自{p.start_from}）" if p.start_from else "")
    end_text = (END_LABELS[EndReason(p.end_reason)].zh + (f"（至{p.end_to}）" if p.end_to else "")
                if p.end_reason else "")
    return {"id": p.id, "branch": branch.name if branch else p.branch_id,
            "branch_code": branch.code if branch else "", "group": group.name if group else "",
            "category": p.category, "start_date": p.start_date, "start_reason": p.start_reason,
            "start_from": p.start_from, "start_text": start_text, "end_date": p.end_date,
            "end_reason": p.end_reason, "end_to": p.end_to, "end_text": end_text,
            "recorded": not p.derived}


def _date_arg(value: str, field: str, label: str) -> object:
    day = parse_date(value, field=field, label=label)
    if day is None:
        raise ValidationError(f"请填写{label}", f"{field} is required", field)
    return day


def cmd_transfer(args: argparse.Namespace) -> int:
    day = _date_arg(args.date, "date", "转接日期")
    with writing(args) as s:
        try:
            target = orgs.branch_by_code(s, args.to_branch)
        except ValidationError as exc:
            raise ValidationError(
                exc.message_zh + "。转往本工作区以外的党组织，请用 `members leave … --reason 转出 --to 名称`",
                exc.message_en + ". For an organization outside this workspace use "
                "`members leave … --reason transferred_out --to NAME`", "to_branch",
            ) from None
        group_id = None
        if args.group:
            groups = {g.name: g.id for g in members.groups_of(s, target.id)}
            if args.group not in groups:
                raise ValidationError(
                    f"党小组“{args.group}”不存在（{target.name}有：{'、'.join(groups) or '无'}）",
                    f"Unknown party group {args.group}", "group_id",
                )
            group_id = groups[args.group]
        member = membership.transfer(s, args.member_id, target.id, day, group_id=group_id)
        name, target_name = member.name, target.name
    if args.json:
        print_json({"id": args.member_id, "branch": args.to_branch, "date": day})
    else:
        print(f"已办理组织关系转接：{name} 自 {day:%Y-%m-%d} 转入 {target_name} / transferred")
    return EXIT_OK


def cmd_leave(args: argparse.Namespace) -> int:
    day = _date_arg(args.date, "date", "日期")
    reason = parse_leave_reason(args.reason)
    with writing(args) as s:
        member = membership.leave(s, args.member_id, day, reason, other=args.to_name)
        name = member.name
    if args.json:
        print_json({"id": args.member_id, "date": day, "reason": reason.value})
    else:
        print(f"已登记：{name} 于 {day:%Y-%m-%d} {END_LABELS[reason].zh} / {END_LABELS[reason].en}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    with writing(args) as s:
        members.delete_member(s, args.member_id)
    print("已删除 / deleted")
    return EXIT_OK
