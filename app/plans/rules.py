"""The rules of the year's work plan (年度工作要点), as plain functions.

Seeds: the presidium "对全年的镇人大工作进行科学地安排，制定出计划……提请主席团会议讨论通过"
and "审议确定镇人大年度工作要点" (组织法 art. 27: the presidium arranges the deputies'
activities between sessions). An item is a thing the office means to do in a month: a
meeting (人代会, 主席团会议, 小组活动), an activity (视察, 调研, 执法检查, 工作评议, 培训),
a round of reports to voters, or anything else. When it happens it becomes that meeting or
activity (linked both ways); a kind with no record of its own is marked done by hand.

Nothing here reads the database."""

from __future__ import annotations

import calendar
import re
from datetime import date

from app.core.chinese import to_halfwidth

KINDS: dict[str, str] = {
    "session": "人民代表大会会议",
    "presidium": "主席团会议",
    "group": "代表小组活动",
    "inspection": "视察",
    "survey": "专题调研",
    "law_check": "执法检查",
    "appraisal": "工作评议",
    "training": "学习培训",
    "voter_report": "代表述职",
    "other": "其他",
}
# Other names a clerk types for a kind.
KIND_ALIASES: dict[str, str] = {
    "人代会": "session",
    "人民代表大会": "session",
    "小组活动": "group",
    "调研": "survey",
    "培训": "training",
    "述职": "voter_report",
    "代表向选民述职": "voter_report",
}
# Kinds that become a meeting (app.meetings kinds) ...
MEETING_KINDS: dict[str, str] = {"session": "session", "presidium": "presidium", "group": "group"}
# ... or an activity (its kind in the reference list activity_kinds).
ACTIVITY_KINDS: dict[str, str] = {
    "inspection": "视察",
    "survey": "专题调研",
    "law_check": "执法检查",
    "appraisal": "工作评议",
    "training": "学习培训",
}
# The meetings at which a plan may be adopted: the presidium's (the seed), or a session.
ADOPTING_KINDS = ("presidium", "session")

STATUS: dict[str, str] = {
    "done": "已完成",
    "arranged": "已安排",  # linked to a meeting not yet held
    "pending": "待办",
    "overdue": "逾期未办",
}


def kind_code(text: object) -> str | None:
    """'视察', 'inspection', '人代会' -> the kind's code; None when unknown."""
    value = str(text or "").strip()
    if value in KINDS:
        return value
    for code, label in KINDS.items():
        if value == label:
            return code
    return KIND_ALIASES.get(value)


def record_kind(kind: str) -> str:
    """What an item of this kind becomes: "meeting", "activity" or "" (marked by hand)."""
    if kind in MEETING_KINDS:
        return "meeting"
    if kind in ACTIVITY_KINDS:
        return "activity"
    return ""


_MONTH = re.compile(r"^(?:(\d{4})[-/.年])?(\d{1,2})月?(?:份)?$")
_CN_MONTHS = {
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
}  # fmt: skip


class MonthError(ValueError):
    """A month that cannot be read; the message is Chinese."""


def parse_month(text: object) -> tuple[int | None, int | None]:
    """'3', '３月', '三月', '2026-03', '2026年3月' -> (year or None, month); '' -> (None, None)."""
    value = re.sub(r"\s+", "", to_halfwidth(str(text or "")))
    if not value:
        return None, None
    cn = value.removesuffix("份").removesuffix("月")
    if cn in _CN_MONTHS:
        return None, _CN_MONTHS[cn]
    match = _MONTH.match(value)
    if not match:
        raise MonthError(f"无法识别月份“{text}”，请填写 1 到 12 的月份，如 3 或 3月")
    year = int(match.group(1)) if match.group(1) else None
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise MonthError(f"“{text}”不是有效月份，请填写 1 到 12")
    return year, month


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def item_status(
    *,
    year: int,
    month: int,
    day: str,
    done_date: str,
    meeting_held: bool | None,
    has_activity: bool,
    today: date,
) -> str:
    """done | arranged | pending | overdue. An item is done when its meeting was held, its
    activity recorded, or it was marked done; it is overdue once its day (or, without a
    day, its month) has passed."""
    if done_date or has_activity or meeting_held:
        return "done"
    if meeting_held is False:
        return "arranged" if not _past(year, month, day, today) else "overdue"
    return "overdue" if _past(year, month, day, today) else "pending"


def _past(year: int, month: int, day: str, today: date) -> bool:
    if day:
        return day < today.isoformat()
    return month_end(year, month) < today


def plan_title(township: str, year: int) -> str:
    """清溪镇人大2026年工作要点"""
    return f"{township}人大{year}年工作要点"


# ---- the liaison stations' duty roster (排班) ------------------------------------------
# Seed: "逢工作日的赶集日开展县镇人大代表坐班接待选民". A station receives on market days
# (赶集日: 逢三六九 = the days of the month ending in 3, 6 or 9; 逢一四七, 逢二五八, 逢五逢十)
# or on fixed weekdays, as the township uses them; a setting per station (duty_cycles).
# Market days are counted by the solar (公历) or the lunar (农历) calendar, as the
# township's markets are: 逢农历一四七 = the lunar 初一、初四、初七、十一 … 廿七 (the lunar
# dates come from app/plans/lunar.py). A lunar month has 29 or 30 days: 逢十 falls on 三十
# only in a month that has one.

CYCLE_KINDS = {"market": "赶集日", "weekday": "每周固定日"}
CALENDARS = {"solar": "公历", "lunar": "农历"}
_CALENDAR_WORDS = {"农历": "lunar", "阴历": "lunar", "旧历": "lunar", "公历": "solar",
                   "阳历": "solar", "新历": "solar"}  # fmt: skip
_CN_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
              "七": "7", "八": "8", "九": "9", "十": "0", "日": "7", "天": "7"}  # fmt: skip
_DIGIT_CN = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七",
             "8": "八", "9": "九", "0": "十"}  # fmt: skip


class CycleError(ValueError):
    """A cycle that cannot be read; the message is Chinese."""


def _strip_calendar(text: str) -> tuple[str, str | None]:
    """('农历逢一四七') -> ('逢一四七', 'lunar'); the calendar named in the text, if any."""
    named = None
    for word, code in _CALENDAR_WORDS.items():
        if word in text:
            if named is not None and named != code:
                raise CycleError(f"“{text}”里既有公历又有农历，请只写一种")
            named = code
            text = text.replace(word, "")
    return text, named


def parse_cycle_days(kind: str, text: object) -> str:
    """'逢三六九', '369', '3、6、9', '农历逢一四七' -> '369' / '147' (market days: last
    digits, 0 for 10/20/30); '一三五', '周一、周三', '135' -> '135' (weekdays, Monday 1 …
    Sunday 7). The calendar a text names is read by `read_cycle`."""
    raw, _named = _strip_calendar(to_halfwidth(str(text or "")))
    raw = raw.replace("逢", "").replace("周", "").replace("星期", "").replace("每", "")
    raw = raw.replace("月", "")
    raw = raw.replace("号", "").replace("初", "")
    digits = "".join(
        _CN_DIGITS.get(ch, ch) for ch in raw if not ch.isspace() and ch not in "、,，;；/"
    )
    if not digits:
        raise CycleError("请填写坐班日，如 逢三六九（369）、农历逢一四七 或 每周一三五（135）")
    if not digits.isdigit():
        raise CycleError(f"无法识别坐班日“{text}”，请写成 369、逢三六九 或 农历逢一四七 这样的形式")
    if kind == "weekday" and any(d not in "1234567" for d in digits):
        raise CycleError("每周的坐班日只能是 1（周一）到 7（周日）")
    return "".join(sorted(set(digits), key=lambda d: "1234567890".index(d)))


def read_cycle(kind: str, text: object, calendar: str = "solar") -> tuple[str, str]:
    """What a clerk typed -> (calendar, days): '农历逢一四七' -> ('lunar', '147') whatever
    `calendar` says; '逢三六九' -> (`calendar`, '369'); weekdays are always solar."""
    _rest, named = _strip_calendar(to_halfwidth(str(text or "")))
    days = parse_cycle_days(kind, text)
    if kind == "weekday":
        if named == "lunar":
            raise CycleError("按星期坐班不分农历公历，请去掉“农历”，或把坐班方式改为“赶集日”")
        return "solar", days
    chosen = named or calendar
    if chosen not in CALENDARS:
        raise CycleError("历法只能是公历或农历")
    return chosen, days


def market_days_of_month(days: str, calendar: str = "solar") -> list[str]:
    """The days of a month a market cycle falls on, as the calendar names them:
    ('147', 'lunar') -> ['初一', '初四', '初七', '十一', … '廿七'];
    ('369', 'solar') -> ['3日', '6日', '9日', '13日', … '30日']."""
    from app.plans.lunar import day_name

    found = [n for n in range(1, 31) if str(n % 10) in days]
    if calendar == "lunar":
        return [day_name(n) for n in found]
    return [f"{n}日" for n in found]


def cycle_understood(kind: str, days: str, calendar: str = "solar") -> str:
    """In plain words what a cycle means, to show the clerk what was understood:
    '农历每月初一、初四、初七、十一、十四、十七、廿一、廿四、廿七'."""
    if kind == "weekday":
        return cycle_label(kind, days, True)
    text = f"{CALENDARS[calendar]}每月" + "、".join(market_days_of_month(days, calendar))
    if calendar == "lunar" and "0" in days:
        text += "（小月没有三十）"
    return text


def cycle_label(kind: str, days: str, workdays_only: bool, calendar: str = "solar") -> str:
    """'逢三六九（公历，遇周末不坐班）', '逢一四七（农历）', '每周一、三、五'"""
    if kind == "weekday":
        return "每周" + "、".join(_DIGIT_CN[d] if d != "7" else "日" for d in days)
    text = "逢" + "".join(_DIGIT_CN[d] for d in days) + f"（{CALENDARS.get(calendar, '公历')}"
    return text + ("，遇周末不坐班）" if workdays_only else "）")


def cycle_dates(
    kind: str, days: str, workdays_only: bool, year: int, month: int, calendar: str = "solar"
) -> list[date]:
    """The (solar) month's duty days by the cycle; a lunar cycle by each day's lunar date."""
    from app.plans.lunar import lunar_day

    found = []
    for day in range(1, month_end(year, month).day + 1):
        d = date(year, month, day)
        if kind == "weekday":
            if str(d.isoweekday()) in days:
                found.append(d)
            continue
        if calendar == "lunar":
            lunar = lunar_day(d)
            number = lunar.day if lunar else None
        else:
            number = day
        if (
            number is not None
            and str(number % 10) in days
            and not (workdays_only and d.weekday() >= 5)
        ):
            found.append(d)
    return found
