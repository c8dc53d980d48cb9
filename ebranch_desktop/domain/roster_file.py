"""Reading a roster spreadsheet (.xlsx or .csv): header names people use, one row → member fields.

Shared by the client's import (`services/roster_import.py`) and the server's `import-members`:
the same file gives the same members on both sides. No database: the callers look up branches
and groups and write.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import parse_date
from .errors import ValidationError
from .idnumber import parse_id_number
from .validation import validate_member
from .vocab import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    MEMBERSHIP_STATUS_LABELS,
    Gender,
    MemberCategory,
    MembershipStatus,
    parse_choice,
)

# Column headers people actually use → member field. Chinese first, English keys accepted.
HEADERS: dict[str, str] = {
    "姓名": "name", "性别": "gender", "民族": "ethnicity",
    "公民身份号码": "id_number", "身份证号": "id_number", "身份证号码": "id_number",
    "出生日期": "birth_date", "学历": "education", "人员类别": "category", "党员类别": "category",
    "党小组": "group", "加入党组织日期": "join_date", "入党日期": "join_date",
    "转为正式党员日期": "full_member_date", "转正日期": "full_member_date",
    "工作岗位": "job", "联系电话": "phone", "手机号码": "phone", "家庭住址": "address",
    "党籍状态": "membership_status", "失联党员": "lost_contact", "失联日期": "lost_contact_date",
    "流动党员": "mobile", "外出流向": "mobile_destination", "支委职务": "committee_role",
    "党内职务": "committee_role", "党小组组长": "group_leader",
    # 组织关系转入: when the member's stay in this branch began, and where they came from.
    "转入日期": "arrived", "转入本支部日期": "arrived", "组织关系转入日期": "arrived",
    "转入前所在党组织": "arrived_from", "原所在党组织": "arrived_from", "从何处转入": "arrived_from",
}
HEADERS.update({v: v for v in set(HEADERS.values())})
ARRIVAL_KEYS = ("arrived", "arrived_from")
YES = {"是", "yes", "y", "true", "1", "√", "✓"}


@dataclass(frozen=True)
class RowProblem:
    """Why one row was rejected (row numbers as the user sees them in the sheet)."""

    row: int
    name: str
    message: str
    message_en: str


@dataclass
class ImportReport:
    """What an import did or, when rejected, why nothing was imported."""

    total_rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.cancelled


def read_table(
    path: Path, headers: Collection[str] = HEADERS
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet row number, {header: value}) for each non-empty data row.

    The header row is the first row holding one of `headers` (the roster's by default).
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise ValidationError(
            f"不支持的文件类型：{path.suffix}（请使用 .xlsx 或 .csv）",
            f"Unsupported file type {path.suffix} (use .xlsx or .csv)",
            "file",
        )
    header: list[str] | None = None
    for number, values in rows:
        cells = ["" if v is None else v for v in values]
        if header is None:
            if any(str(c).strip() in headers for c in cells):
                header = [str(c).strip() for c in cells]
            continue
        if not any(str(c).strip() for c in cells):
            continue
        yield number, dict(zip(header, cells, strict=False))
    if header is None:
        raise ValidationError(
            "文件中没有找到表头（至少需要“姓名”和“公民身份号码”两列）",
            "No header row found (at least 姓名 and 公民身份号码 are needed)",
            "file",
        )


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any corrupt file is the user's to fix
        raise ValidationError(
            f"无法读取 Excel 文件：{exc}", f"Cannot read the Excel file: {exc}", "file"
        ) from exc
    try:
        yield from enumerate(book.active.iter_rows(values_only=True), start=1)
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK by default
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("无法识别 CSV 文件的编码", "Unknown CSV encoding", "file")
    for number, values in enumerate(csv.reader(io.StringIO(text)), start=1):
        yield number, tuple(values)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers typed into Excel become floats
    return str(value).strip()


def member_row_fields(raw: dict[str, Any], branch_id: str, groups: dict[str, str],
                      defaults: dict[str, Any]) -> dict[str, Any]:
    """One roster row as validated member fields (group names → ids); ValidationError if bad.

    `defaults`: the member fields a row does not give (the client's column defaults, or the
    wire model's on the server)."""
    data = {HEADERS[k]: v for k, v in raw.items() if k in HEADERS}
    fields = dict(defaults) | {"branch_id": branch_id}
    for key in ("name", "ethnicity", "education", "job", "phone", "address",
                "mobile_destination", "committee_role"):
        if cell_text(data.get(key)):
            fields[key] = cell_text(data[key])
    fields["id_number"] = parse_id_number(cell_text(data.get("id_number"))).number
    if cell_text(data.get("gender")):
        try:
            fields["gender"] = parse_choice(Gender, cell_text(data["gender"]), GENDER_LABELS).value
        except KeyError:
            raise ValidationError(f"性别无效：{data['gender']}", f"Invalid sex: {data['gender']}", "gender") from None
    if cell_text(data.get("category")):
        try:
            fields["category"] = parse_choice(MemberCategory, cell_text(data["category"]), CATEGORY_LABELS).value
        except KeyError:
            raise ValidationError(
                f"人员类别无效：{data['category']}（应为 正式党员 或 预备党员）",
                f"Invalid category: {data['category']}", "category",
            ) from None
    if cell_text(data.get("membership_status")):
        try:
            fields["membership_status"] = parse_choice(
                MembershipStatus, cell_text(data["membership_status"]), MEMBERSHIP_STATUS_LABELS
            ).value
        except KeyError:
            raise ValidationError(
                f"党籍状态无效：{data['membership_status']}", "Invalid membership status",
                "membership_status",
            ) from None
    for key, label in (("birth_date", "出生日期"), ("join_date", "入党日期"),
                       ("full_member_date", "转正日期"), ("lost_contact_date", "失联日期")):
        fields[key] = parse_date(data.get(key), field=key, label=label)
    for key in ("lost_contact", "mobile", "group_leader"):
        fields[key] = cell_text(data.get(key)).lower() in YES
    group = cell_text(data.get("group"))
    if group:
        if group not in groups:
            raise ValidationError(
                f"党小组“{group}”不存在（本支部有：{'、'.join(groups) or '无'}）",
                f"Unknown party group {group}", "group_id",
            )
        fields["group_id"] = groups[group]
    return validate_member(fields)


def arrival_of(raw: dict[str, Any]) -> tuple[Any, str]:
    """(转入日期, 转入前所在党组织) of a roster row; (None, "") when the file has neither."""
    data = {HEADERS[k]: v for k, v in raw.items() if k in HEADERS}
    day = parse_date(data.get("arrived"), field="arrived", label="转入日期")
    origin = cell_text(data.get("arrived_from"))
    if origin and day is None:
        raise ValidationError("填写了转入前所在党组织，但没有转入日期",
                              "The organization the member came from is given, but not the date",
                              "arrived")
    if day is not None and not origin:
        raise ValidationError("填写了转入日期，但没有转入前所在党组织",
                              "The transfer date is given, but not where the member came from",
                              "arrived_from")
    if day is not None and day > dt.date.today():
        raise ValidationError("转入日期不能晚于今天", "The transfer date is in the future", "arrived")
    return day, origin
