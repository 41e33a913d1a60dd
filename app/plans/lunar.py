"""The Chinese lunar calendar (农历) for market days: many townships hold their markets
(赶集日) on lunar days (逢农历一、四、七 = the lunar 初一、初四、初七、十一、十四、十七、
廿一、廿四、廿七), so a liaison station that receives on market days needs the lunar day of
each solar date.

The conversion comes from borax (MIT, pure Python, offline): its table of the lunar years
1900–2100 is the one published by the Purple Mountain Observatory / Hong Kong Observatory,
so every date from 1900-01-31 to 2101-01-28 converts without computing the sky. Outside that
range there is no lunar date (None), and a lunar cycle has no duty days there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTH_NAMES = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_TENS = ("初", "十", "廿", "三")
_UNITS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


@dataclass(frozen=True)
class LunarDay:
    year: int
    month: int
    day: int
    leap: bool = False

    @property
    def month_label(self) -> str:
        """'正月', '闰二月', '冬月', '腊月'"""
        return ("闰" if self.leap else "") + MONTH_NAMES[self.month - 1] + "月"

    @property
    def day_label(self) -> str:
        return day_name(self.day)

    @property
    def label(self) -> str:
        """'正月初一', '闰六月廿九'"""
        return self.month_label + self.day_label


def day_name(day: int) -> str:
    """1 -> '初一', 10 -> '初十', 15 -> '十五', 20 -> '二十', 21 -> '廿一', 30 -> '三十'."""
    if not 1 <= day <= 30:
        raise ValueError(day)
    if day == 10:
        return "初十"
    if day == 20:
        return "二十"
    if day == 30:
        return "三十"
    return _TENS[day // 10] + _UNITS[day % 10]


def lunar_day(day: date) -> LunarDay | None:
    """The lunar date of a solar date; None outside 1900-01-31 … 2101-01-28."""
    from borax.calendars.lunardate import MAX_SOLAR_DATE, MIN_SOLAR_DATE, LunarDate

    if not MIN_SOLAR_DATE <= day <= MAX_SOLAR_DATE:
        return None
    found = LunarDate.from_solar(day)
    return LunarDay(found.year, found.month, found.day, bool(found.leap))


def lunar_label(iso_day: str) -> str:
    """'2027-02-06' -> '正月初一' ('' when it has none)."""
    found = lunar_day(date.fromisoformat(iso_day))
    return found.label if found else ""
