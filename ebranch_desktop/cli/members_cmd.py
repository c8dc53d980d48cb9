"""`ebranch members list|add|import|show|delete`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.dates import parse_date
from ..domain.errors import ValidationError
from ..services import members, orgs, roster_import
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
    msub = p.add_subparsers(dest="members_cmd", required=True, metavar="{list,add,import,show,delete}")

    lst = msub.add_parser("list", parents=[common], help="列出党员（身份证号已脱敏）")
    lst.add_argument("--branch", help="党支部代码 / branch code")
    lst.set_defaults(handler=cmd_list)

    add = msub.add_parser("add", parents=[common], help="登记党员")
    add.add_argument("--branch", required=True, help="党支部代码")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--id-number", required=True, help="18位公民身份号码")
    add.add_argument("--category", choices=["formal", "probationary"], default="formal")
    add.add_argument("--gender", choices=["male", "female"])
    add.add_argument("--group", help="党小组名称")
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

    delete = msub.add_parser("delete", parents=[common], help="删除党员（保留删除标记以便同步）")
    delete.add_argument("member_id")
    delete.set_defaults(handler=cmd_delete)


def cmd_list(args: argparse.Namespace) -> int:
    with reading(args) as s:
        branch_ids = [orgs.branch_by_code(s, args.branch).id] if args.branch else None
        rows = members.summaries(s, branch_ids)
    if args.json:
        print_json(
            [
                {"id": r.id, "name": r.name, "branch": r.branch_code, "gender": r.gender,
                 "category": r.category, "id_number": r.id_number_masked, "phone": r.phone_masked,
                 "committee_role": r.committee_role, "group": r.group_name,
                 "join_date": r.join_date, "membership_status": r.membership_status,
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
        print(f"共 {len(rows)} 人 / {len(rows)} members")
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
        member = members.add_member(s, fields)
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
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    with writing(args) as s:
        members.delete_member(s, args.member_id)
    print("已删除 / deleted")
    return EXIT_OK
