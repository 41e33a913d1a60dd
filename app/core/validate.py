"""Checks of single values typed by the clerk. Each returns the cleaned value or a
Chinese message that says what to fix. Checks across fields live with their area."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from app.core.chinese import clean_name, clean_text, is_ideograph, to_halfwidth

GENDER_LABELS = {"M": "男", "F": "女"}
GENDER_CODES = {"男": "M", "女": "F", "M": "M", "F": "F", "m": "M", "f": "F"}

NAME_MAX = 20


def check_name(text: object) -> tuple[str, str | None]:
    value = clean_name(text)
    if not value:
        return value, "请填写姓名"
    if len(value) > NAME_MAX:
        return value, f"姓名不能超过 {NAME_MAX} 个字"
    if any(ch.isdigit() for ch in value):
        return value, "姓名中不能有数字"
    allowed = all(is_ideograph(ch) or ch == "·" or ch.isalpha() for ch in value)
    if not allowed:
        return value, "姓名中有不应出现的符号，请只填写汉字（少数民族姓名可用“·”分隔）"
    return value, None


def check_gender(text: object) -> tuple[str, str | None]:
    value = clean_text(text)
    if not value:
        return "", "请选择性别"
    code = GENDER_CODES.get(value)
    if code is None:
        return value, "性别只能是“男”或“女”"
    return code, None


@dataclass(frozen=True)
class IdNumberCheck:
    value: str
    error: str | None = None
    warning: str | None = None
    birth_date: str = ""
    gender: str = ""


@lru_cache(maxsize=4096)
def area_code_existed(code: str) -> bool:
    """Whether a six-digit code has been a county-level area code at any time.

    The code of an ID number marks where the number was issued, not where the person was
    born: a number issued in 1999 by 房山区 (110111, since 1986) is valid for a person
    born in 1970, and one issued by 崇文区 (110103, until 2010) stays valid after it was
    merged. So any code of python-stdnum's table counts, whatever years it was in use.
    """
    from stdnum import numdb

    try:
        results = numdb.get("cn/loc").info(code)
    except Exception:
        return False
    return any("county" in props for _part, props in results)


def check_id_number(text: object, *, today: date | None = None) -> IdNumberCheck:
    """A resident ID number (公民身份号码): 18 characters, valid birth date and check digit.

    An area code that never existed is only a warning (see `area_code_existed`): the
    table lags behind new counties, and refusing a real person's number would be wrong.
    """
    value = to_halfwidth(clean_text(text)).replace(" ", "").upper()
    if not value:
        return IdNumberCheck("")
    return _check_id_number(value, today or date.today())


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _check_digit(value: str) -> str:
    """GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


@lru_cache(maxsize=1024)
def _check_id_number(value: str, day: date) -> IdNumberCheck:
    if len(value) != 18:
        hint = "（共 18 位）"
        if len(value) == 15:
            hint = "（这是 15 位旧号码，请填写 18 位新号码）"
        return IdNumberCheck(value, error=f"身份证号码应为 18 位，现在是 {len(value)} 位{hint}")
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return IdNumberCheck(value, error="身份证号码前 17 位应是数字，最后一位是数字或 X")

    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return IdNumberCheck(value, error="身份证号码中的出生日期（第 7–14 位）无效，请核对")
    if _check_digit(value) != value[-1]:
        return IdNumberCheck(value, error="身份证号码校验位不对，可能有数字录错，请逐位核对")
    if born > day:
        return IdNumberCheck(value, error="身份证号码中的出生日期晚于今天，请核对")
    if born.year < 1900:
        return IdNumberCheck(value, error="身份证号码中的出生年份不对，请核对")
    warning = None
    if not area_code_existed(value[:6]):
        warning = (
            f"身份证号码的地区代码 {value[:6]} 不是任何时期的县级行政区划代码，请核对"
            "（也可能是行政区划表尚未收录的新设区县）"
        )
    gender = "M" if int(value[16]) % 2 else "F"
    return IdNumberCheck(value, warning=warning, birth_date=born.isoformat(), gender=gender)


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,5})?$")


def check_phone(text: object) -> tuple[str, str | None]:
    """A mobile (11 digits) or a landline (area code optional, extension optional)."""
    value = to_halfwidth(clean_text(text)).replace(" ", "").replace("－", "-").replace("—", "-")
    if not value:
        return "", None
    if value.startswith("+86"):
        value = value[3:].lstrip("-")
    if _MOBILE.match(value) or _LANDLINE.match(value):
        return value, None
    digits = re.sub(r"\D", "", value)
    if digits.startswith("1") and len(digits) != 11:
        return value, f"手机号码应为 11 位数字，现在是 {len(digits)} 位"
    return value, "电话号码格式不对：手机填 11 位数字，固定电话如 0571-88886666"


def check_postcode(text: object) -> tuple[str, str | None]:
    value = to_halfwidth(clean_text(text)).replace(" ", "")
    if not value:
        return "", None
    if not re.fullmatch(r"\d{6}", value):
        return value, "邮政编码应为 6 位数字"
    return value, None


def mask_id_number(value: str) -> str:
    return value[:6] + "********" + value[-4:] if len(value) == 18 else value


def mask_phone(value: str) -> str:
    digits = value.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    return value[:-4] + "****" if len(value) > 4 else value
