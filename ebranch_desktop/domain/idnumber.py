"""Resident ID numbers (GB 11643-1999): checksum, birth date, sex, masking, 15→18 upgrade."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class IdNumberInfo:
    """What an ID number tells about its holder."""

    number: str  # normalized: 18 characters, upper-case X
    birth_date: dt.date
    gender: str  # "male" | "female"
    area_code: str


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def upgrade_15(number: str) -> str:
    """Turn a legacy 15-digit number into its 18-character form (inserts '19', adds check)."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_character(first17)


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumberInfo:
    """Validate and normalize an ID number; raise ValidationError with a precise reason."""
    number = (raw or "").strip().replace(" ", "").upper()
    if not number:
        raise ValidationError("请填写公民身份号码", "The ID number is required", "id_number")
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(
                "15位身份号码只能包含数字", "A 15-digit ID number may contain digits only", "id_number"
            )
        number = upgrade_15(number)
    if len(number) != 18:
        raise ValidationError(
            f"公民身份号码应为18位，当前为{len(number)}位",
            f"The ID number must have 18 characters, not {len(number)}",
            "id_number",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            "公民身份号码前17位须为数字，末位为数字或X",
            "The first 17 characters must be digits and the last a digit or X",
            "id_number",
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            f"公民身份号码中的出生日期 {number[6:14]} 不是有效日期",
            f"The birth date {number[6:14]} in the ID number is not a valid date",
            "id_number",
        ) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1850:
        raise ValidationError(
            f"公民身份号码中的出生日期 {birth.isoformat()} 不合理",
            f"The birth date {birth.isoformat()} in the ID number is implausible",
            "id_number",
        )
    expected = check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(
            "公民身份号码校验位错误，请核对是否输错",
            "The ID number's check character is wrong; please check for a typo",
            "id_number",
        )
    gender = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumberInfo(number=number, birth_date=birth, gender=gender, area_code=number[:6])


def check_consistency(
    info: IdNumberInfo, *, gender: str | None, birth_date: dt.date | None
) -> None:
    """Cross-check the member's sex and birth date fields with the ID number."""
    if gender and gender != info.gender:
        zh = "男" if info.gender == "male" else "女"
        raise ValidationError(
            f"性别与公民身份号码不符（号码显示为{zh}）",
            f"Sex does not match the ID number (the number says {info.gender})",
            "gender",
        )
    if birth_date and birth_date != info.birth_date:
        raise ValidationError(
            f"出生日期与公民身份号码不符（号码显示为{info.birth_date.isoformat()}）",
            f"Birth date does not match the ID number ({info.birth_date.isoformat()})",
            "birth_date",
        )


def mask_id_number(number: str | None) -> str:
    """Mask for lists and exports: keep the first 4 and last 4 characters."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """Mask a phone number: keep the first 3 and last 4 digits."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
