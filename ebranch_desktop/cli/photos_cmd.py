"""`ebranch photos add|list|remove`: meeting photos (会议照片, a scanned 签到表), optional evidence."""

from __future__ import annotations

import argparse

from ..services import photos
from .common import EXIT_OK, print_json, print_table, workspace

KIND_ZH = {"photo": "会议照片", "sign_in_sheet": "签到表"}


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("photos", help="会议照片 / meeting photos")
    psub = p.add_subparsers(dest="photos_cmd", required=True, metavar="{add,list,remove}")

    add = psub.add_parser("add", parents=[common],
                          help="为会议添加照片（缩小到最长边 1600 像素，去除位置信息）/ add photos")
    add.add_argument("meeting_id")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--kind", choices=photos.KINDS, default="photo",
                     help="photo（会议照片）或 sign_in_sheet（签到表）")
    add.add_argument("--caption", default="", help="说明（可选）")
    add.set_defaults(handler=cmd_add)

    lst = psub.add_parser("list", parents=[common], help="会议的照片 / a meeting's photos")
    lst.add_argument("meeting_id")
    lst.set_defaults(handler=cmd_list)

    rm = psub.add_parser("remove", parents=[common],
                         help="删除误加的照片（同步到服务器）/ remove a photo attached by mistake")
    rm.add_argument("photo_id", help="照片 ID（见 photos list）")
    rm.set_defaults(handler=cmd_remove)


def cmd_add(args: argparse.Namespace) -> int:
    ws = workspace(args)
    try:
        with ws.read() as s:  # refuse early: a missing or approved meeting, before the slow part
            photos.check_attachable(s, args.meeting_id)
        prepared = [photos.prepare_file(ws.blobs, path) for path in args.files]
        with ws.write() as s:
            made = [photos.attach(s, args.meeting_id, p, kind=args.kind, caption=args.caption) for p in prepared]
            ids = [m.id for m in made]
    finally:
        ws.close()
    if args.json:
        print_json([{"id": i, "sha256": p.sha256, "size": p.size, "width": p.width, "height": p.height,
                     "source_bytes": p.source_bytes} for i, p in zip(ids, prepared, strict=True)])
    else:
        for i, p in zip(ids, prepared, strict=True):
            print(f"{i}  {p.width}×{p.height}  {p.source_bytes // 1024} KB → {p.size // 1024} KB")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    ws = workspace(args)
    try:
        with ws.read() as s:
            photos.check_exists(s, args.meeting_id)
            rows = photos.photos_of(s, args.meeting_id)
            sent = photos.uploaded(s, [h for r in rows for h in (r.sha256, r.thumb_sha256)])
            listed = [{"id": r.id, "kind": r.kind, "caption": r.caption, "sha256": r.sha256, "size": r.size,
                       "width": r.width, "height": r.height, "thumb_sha256": r.thumb_sha256,
                       "thumb_size": r.thumb_size, "have_photo": ws.blobs.has(r.sha256),
                       "have_thumbnail": ws.blobs.has(r.thumb_sha256),
                       "uploaded": r.sha256 in sent and r.thumb_sha256 in sent,
                       "pending_sync": r.dirty > 0} for r in rows]
    finally:
        ws.close()
    if args.json:
        print_json(listed)
        return EXIT_OK
    print_table(["类型", "说明", "尺寸", "大小", "本机", "已上传", "ID"],
                [(KIND_ZH[p["kind"]], p["caption"], f"{p['width']}×{p['height']}", f"{p['size'] // 1024} KB",
                  "原图" if p["have_photo"] else ("缩略图" if p["have_thumbnail"] else "无"),
                  "是" if p["uploaded"] else "否", p["id"]) for p in listed])
    print(f"共 {len(listed)} 张 / {len(listed)} photos")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    ws = workspace(args)
    try:
        with ws.write() as s:
            photos.remove(s, args.photo_id)
    finally:
        ws.close()
    if args.json:
        print_json({"removed": args.photo_id})
    else:
        print(f"已删除照片 {args.photo_id} / photo removed")
    return EXIT_OK
