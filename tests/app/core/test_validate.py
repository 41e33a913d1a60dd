"""Single values as a clerk types them."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.dates import DateError, format_date, parse_date, parse_partial_date
from app.core.validate import (
    check_id_number,
    check_name,
    check_phone,
    check_postcode,
    mask_id_number,
)


def test_a_valid_id_number_gives_birth_date_and_gender(make_id) -> None:
    result = check_id_number(make_id("19750308", male=False))
    assert result.error is None and result.warning is None
    assert result.birth_date == "1975-03-08"
    assert result.gender == "F"


def test_id_number_typed_with_full_width_digits_and_small_x_is_accepted() -> None:
    result = check_id_number("１１０１０５１９４９１２３１００２x")
    assert result.error is None
    assert result.value == "11010519491231002X"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11010519491231002", "应为 18 位"),
        ("110105491231002", "15 位旧号码"),
        ("110105194912310021", "校验位不对"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100AX", "前 17 位应是数字"),
    ],
)
def test_wrong_id_numbers_are_refused_with_a_reason(typed: str, message: str) -> None:
    assert message in (check_id_number(typed).error or "")


def test_id_number_born_in_the_future_is_refused(make_id) -> None:
    result = check_id_number(make_id("20300101"), today=date(2026, 11, 22))
    assert "晚于今天" in (result.error or "")


def test_unknown_area_code_is_only_a_warning(make_id) -> None:
    result = check_id_number(make_id("19800101", area="620201"))
    assert result.error is None
    assert "620201" in (result.warning or "")


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "0743-8222333",
        "07438222333",
        "8222333",
        "+86 138 1234 5678",
        "0743-8222333-801",
    ],
)
def test_phones_offices_write_are_accepted(phone: str) -> None:
    assert check_phone(phone)[1] is None


@pytest.mark.parametrize(("phone", "message"), [("1381234567", "11 位"), ("电话", "格式不对")])
def test_wrong_phones_are_refused(phone: str, message: str) -> None:
    assert message in (check_phone(phone)[1] or "")


def test_postcode_is_six_digits() -> None:
    assert check_postcode("416100") == ("416100", None)
    assert "6 位" in (check_postcode("41610")[1] or "")


def test_names_keep_rare_characters_and_normalise_middle_dots() -> None:
    assert check_name(" 王 𠮷 ") == ("王𠮷", None)
    assert check_name("阿依古丽•买买提") == ("阿依古丽·买买提", None)
    assert check_name("")[1] == "请填写姓名"
    assert "数字" in (check_name("张3")[1] or "")
    assert "20 个字" in (check_name("𠮷" * 21)[1] or "")


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("1975.03", "1975-03"),
        ("1975年3月", "1975-03"),
        ("197503", "1975-03"),
        ("1975-3-8", "1975-03-08"),
        ("1975年3月8日", "1975-03-08"),
        ("19750308", "1975-03-08"),
        ("", ""),
    ],
)
def test_dates_in_the_shapes_offices_type_them(typed: str, iso: str) -> None:
    assert parse_partial_date(typed) == iso


def test_impossible_dates_are_refused_in_chinese() -> None:
    with pytest.raises(DateError, match="不是有效日期"):
        parse_date("2026-02-30")
    with pytest.raises(DateError, match="无法识别"):
        parse_date("去年")


def test_dates_print_the_chinese_way() -> None:
    assert format_date("2026-11-22") == "2026年11月22日"
    assert format_date("1975-03") == "1975年3月"


def test_masking_keeps_region_and_last_digits(make_id) -> None:
    assert mask_id_number(make_id()) == "433122********" + make_id()[-4:]
