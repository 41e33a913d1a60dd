"""Dates as the clerk types them and as forms print them. Stored as ISO text:
"2026-11-22" for a day, "1975-03" where only year and month are known (birth dates)."""

from __future__ import annotations

import re
from datetime import date

_DAY_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)


class DateError(ValueError):
    """A date the clerk typed that cannot be read; the message is Chinese."""


def today() -> date:
    return date.today()


def _normalise(text: str) -> str:
    from app.core.chinese import to_halfwidth

    return re.sub(r"\s+", "", to_halfwidth(str(text)))


def parse_date(text: str) -> str:
    """'2026.11.22', '2026年11月22日', '20261122' -> '2026-11-22'. Empty stays empty."""
    value = _normalise(text)
    if not value:
        return ""
    for pattern in _DAY_PATTERNS:
        match = pattern.match(value)
        if match:
            y, m, d = (int(g) for g in match.groups())
            try:
                return date(y, m, d).isoformat()
            except ValueError:
                raise DateError(f"“{text}”不是有效日期，请检查年月日") from None
    raise DateError(f"无法识别日期“{text}”，请按“2026-11-22”的格式填写")


def parse_partial_date(text: str) -> str:
    """A day or just a month: '1975.03', '1975年3月', '197503' -> '1975-03'."""
    value = _normalise(text)
    if not value:
        return ""
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(value)
        if match:
            y, m = (int(g) for g in match.groups())
            if not 1 <= m <= 12 or y < 1900:
                raise DateError(f"“{text}”不是有效年月，请检查")
            return f"{y:04d}-{m:02d}"
    return parse_date(text)


def as_date(iso: str) -> date:
    """The day an ISO value stands for; a month stands for its first day."""
    if len(iso) == 7:
        return date(int(iso[:4]), int(iso[5:7]), 1)
    return date.fromisoformat(iso)


def format_date(iso: str) -> str:
    """'2026-11-22' -> '2026年11月22日'; '1975-03' -> '1975年3月'; '' -> ''."""
    if not iso:
        return ""
    if len(iso) == 7:
        return f"{int(iso[:4])}年{int(iso[5:7])}月"
    d = date.fromisoformat(iso[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def format_month(iso: str) -> str:
    """Year and month only, as the registration form prints a birth date: '1975.03'."""
    if not iso:
        return ""
    return f"{iso[:4]}.{iso[5:7]}"


def age_on(birth: str, day: date) -> int | None:
    if not birth:
        return None
    born = as_date(birth)
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years
