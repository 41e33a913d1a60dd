"""The rules of DOMAIN.md §3 as plain functions: meeting names, the two-thirds quorum, the
majority of all deputies, meeting times, reminder periods and the ranking of a project vote.

Nothing here reads the database, so every rule is tested on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.core.chinese import cn_number, to_halfwidth

KINDS: dict[str, str] = {
    "session": "人民代表大会",
    "presidium": "主席团会议",
    "group": "代表小组活动",
    "other": "其他会议",
}
KIND_SHORT: dict[str, str] = {
    "session": "人代会",
    "presidium": "主席团会议",
    "group": "小组活动",
    "other": "其他会议",
}
# Kinds that may open only with two thirds of their members and decide by a majority of all.
QUORUM_KINDS = ("session", "presidium")
NUMBERED_KINDS = ("session", "presidium")
MEETING_STATUS = {"planned": "筹备中", "held": "已召开"}


def session_title(township: str, term_number: int, number: int) -> str:
    """清溪镇第十七届人民代表大会第三次会议"""
    return f"{township}第{cn_number(term_number)}届人民代表大会第{cn_number(number)}次会议"


def presidium_title(township: str, term_number: int, number: int) -> str:
    """清溪镇第十七届人民代表大会主席团第五次会议"""
    return f"{township}第{cn_number(term_number)}届人民代表大会主席团第{cn_number(number)}次会议"


def group_title(group: str, day: str) -> str:
    """东片代表小组2026年第四季度活动"""
    d = date.fromisoformat(day)
    return f"{group}{d.year}年第{cn_number((d.month - 1) // 3 + 1)}季度活动"


# ---- quorum and majority --------------------------------------------------------------


def quorum_needed(expected: int) -> int:
    """Attendance a meeting needs to open: at least two thirds of all members."""
    return -(-2 * expected // 3)


def has_quorum(present: int, expected: int) -> bool:
    return expected > 0 and present >= quorum_needed(expected)


def majority_needed(total: int) -> int:
    """Votes for that carry a decision: more than half of ALL members, not of those present."""
    return total // 2 + 1


def passes(votes_for: int, total: int) -> bool:
    return total > 0 and votes_for >= majority_needed(total)


# ---- times ----------------------------------------------------------------------------

_TIME = re.compile(r"^(上午|下午|晚上)?(\d{1,2})(?:[:：时点.](\d{1,2})?分?)?$")


class TimeError(ValueError):
    """A time the clerk typed that cannot be read; the message is Chinese."""


def parse_time(text: str) -> str:
    """'9:00', '09:30', '14点', '下午2:30', '0930' -> 'HH:MM'. Empty stays empty."""
    value = re.sub(r"\s+", "", to_halfwidth(str(text or "")))
    if not value:
        return ""
    if re.fullmatch(r"\d{4}", value):
        value = f"{value[:2]}:{value[2:]}"
    match = _TIME.match(value)
    if not match:
        raise TimeError(f"无法识别时间“{text}”，请按“09:00”的格式填写")
    half, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if half in ("下午", "晚上") and hours < 12:
        hours += 12
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise TimeError(f"“{text}”不是有效时间，请检查时和分")
    return f"{hours:02d}:{minutes:02d}"


def format_when(day: str, time: str = "") -> str:
    """'2026-03-12', '09:00' -> '2026年3月12日 09:00'."""
    from app.core.dates import format_date

    text = format_date(day)
    return f"{text} {time}" if text and time else text


# ---- reminder periods -----------------------------------------------------------------


def period_of(day: date, months: int) -> tuple[date, date]:
    """The block of `months` calendar months holding `day` (a quarter for 3), as its first
    day and the first day after it. Blocks start in January."""
    index = (day.month - 1) // months
    first_month = index * months + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + months
    end = date(day.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, end


def period_label(day: date, months: int) -> str:
    if months == 3:
        return "本季度"
    if months == 12:
        return "本年度"
    if months == 1:
        return "本月"
    start, _end = period_of(day, months)
    last = (start.month + months - 2) % 12 + 1
    return f"{start.month}月至{last}月"


# ---- the livelihood-project vote ------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    project_id: int
    votes: int
    rank: int
    elected: bool
    below_majority: bool  # not elected because its votes are not more than half of all
    tied_at_cut: bool  # tied with others across the last place: a new vote decides


def rank_candidates(votes: dict[int, int], places: int, total: int) -> list[Ranked]:
    """Rank candidates by votes for (ties share a rank) and elect up to `places` of them.

    A project is elected only with more than half of all deputies' votes (the rule of §3
    for decisions of the congress). Candidates tied across the last place are none of them
    elected: the congress votes again on them, and the clerk records that vote."""
    order = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    ranks: dict[int, int] = {}
    for i, (project_id, count) in enumerate(order):
        previous = order[i - 1] if i else None
        ranks[project_id] = ranks[previous[0]] if previous and previous[1] == count else i + 1
    eligible = [pid for pid, count in order if passes(count, total)]
    elected: set[int] = set()
    tied: set[int] = set()
    if len(eligible) <= places:
        elected = set(eligible)
    else:
        cut_votes = votes[eligible[places - 1]]
        above = [pid for pid in eligible if votes[pid] > cut_votes]
        at_cut = [pid for pid in eligible if votes[pid] == cut_votes]
        elected = set(above)
        if len(above) + len(at_cut) <= places:
            elected |= set(at_cut)
        else:
            tied = set(at_cut)
    return [
        Ranked(
            project_id=pid,
            votes=count,
            rank=ranks[pid],
            elected=pid in elected,
            below_majority=not passes(count, total),
            tied_at_cut=pid in tied,
        )
        for pid, count in order
    ]
