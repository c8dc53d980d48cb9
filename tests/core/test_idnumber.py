import datetime as dt

import pytest

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.domain.idnumber import (
    check_consistency,
    mask_id_number,
    mask_phone,
    parse_id_number,
    upgrade_15,
)


@pytest.mark.parametrize(
    ("raw", "number", "birth", "gender"),
    [
        ("11010519491231002X", "11010519491231002X", dt.date(1949, 12, 31), "female"),
        ("11010519491231002x", "11010519491231002X", dt.date(1949, 12, 31), "female"),
        ("440524188001010014", "440524188001010014", dt.date(1880, 1, 1), "male"),
        (" 440524188001010014 ", "440524188001010014", dt.date(1880, 1, 1), "male"),
    ],
)
def test_valid_numbers(raw, number, birth, gender):
    info = parse_id_number(raw)
    assert (info.number, info.birth_date, info.gender) == (number, birth, gender)


@pytest.mark.parametrize(
    ("raw", "field_text"),
    [
        ("110105194912310021", "校验位"),  # wrong check character
        ("11010519490230002X", "不是有效日期"),  # 30 February
        ("11010520991231002X", "不合理"),  # born in the future
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "末位"),
        ("", "请填写"),
    ],
)
def test_invalid_numbers_say_why(raw, field_text):
    with pytest.raises(ValidationError) as info:
        parse_id_number(raw, today=dt.date(2026, 11, 26))
    assert field_text in info.value.message_zh
    assert info.value.message_en  # the English text is always there
    assert info.value.field == "id_number"


def test_legacy_15_digit_number_is_upgraded():
    # 110105491231002 is the 15-digit form of 11010519491231002X.
    assert upgrade_15("110105491231002") == "11010519491231002X"
    assert parse_id_number("110105491231002").number == "11010519491231002X"


def test_sex_and_birth_date_must_match_the_number():
    info = parse_id_number("440524188001010014")
    check_consistency(info, gender="male", birth_date=dt.date(1880, 1, 1))
    with pytest.raises(ValidationError, match="性别"):
        check_consistency(info, gender="female", birth_date=None)
    with pytest.raises(ValidationError, match="出生日期"):
        check_consistency(info, gender=None, birth_date=dt.date(1880, 1, 2))


def test_masking_keeps_only_the_ends():
    assert mask_id_number("22010519491231123X") == "2201**********123X"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_id_number("") == ""
