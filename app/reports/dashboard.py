"""The figures of the 工作台's charts, each counted by the query of the list a click on it
opens (so a bar and the list behind it always agree): this year's suggestions by state,
this year's rates against last year's, overdue suggestions by handling unit, attendance at
the congress sessions of the term, the deputies' activities per month, the deputies' duty
scores by grade (好/较好/一般, as the 履职积分 page grades them) and the year's work plan by
state (已完成/已安排/待办/逾期未办, as the 年度工作 page shows them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core import dates
from app.duties.activities import ActivityQuery
from app.meetings.meetings import MeetingQuery
from app.suggestions.records import SuggestionQuery
from app.suggestions.rules import STATUSES
from app.suggestions.stats import Rates, yearly_rates

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    key: object = None  # what the list behind the bar is filtered by


@dataclass(frozen=True)
class RatePair:
    label: str
    this_year: float | None  # percent
    last_year: float | None


@dataclass(frozen=True)
class SessionBar:
    meeting_id: int
    label: str  # 第三次会议
    expected: int
    present: int
    leave: int
    absent: int


@dataclass(frozen=True)
class Dashboard:
    year: int
    states: tuple[Bar, ...]  # key: the status filter of the 建议办理 list
    rates: tuple[RatePair, ...]
    overdue: tuple[Bar, ...]  # key: the handling unit's id
    sessions: tuple[SessionBar, ...]
    months: tuple[Bar, ...]  # key: the month (1–12)
    grades: tuple[Bar, ...] = ()  # key: the grade (好, 较好, 一般)
    plan: tuple[Bar, ...] = ()  # key: the plan item status (done, arranged …)

    @property
    def empty(self) -> bool:
        return not (
            self.states
            or self.overdue
            or self.sessions
            or any(b.value for b in self.months)
            or any(b.value for b in self.grades)
            or any(b.value for b in self.plan)
        )


def state_bars(office: Office, year: int) -> tuple[Bar, ...]:
    """This year's suggestions and motions by state, as the list's status filter counts."""
    count = office.suggestions.count
    found = {s: count(SuggestionQuery(year=year, status=s)) for s in STATUSES}
    return tuple(Bar(label, found[s], s) for s, label in STATUSES.items() if found[s])


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def rate_pairs(office: Office, year: int, *, today: date | None = None) -> tuple[RatePair, ...]:
    """按期答复率, 结果满意率, 办成率: the 办理统计 tab's figures, this year and last."""
    now, before = (yearly_rates(office, y, today=today).total for y in (year, year - 1))

    def pair(label: str, read: Callable[[Rates], float | None]) -> RatePair:
        return RatePair(label, _percent(read(now)), _percent(read(before)))

    return (
        pair("按期答复率", lambda r: r.on_time_share),
        pair("结果满意率", lambda r: r.result_satisfaction),
        pair("办成率", lambda r: r.solved_share),
    )


def overdue_bars(office: Office, *, today: date | None = None) -> tuple[Bar, ...]:
    """Overdue suggestions (any year) per handling unit, lead or assisting, as the list
    filtered by the unit and 逾期未答复 counts them; most first."""
    bars = []
    for unit in office.handling_units.list():
        n = office.suggestions.count(SuggestionQuery(unit_id=unit.id, due="overdue"), today=today)
        if n:
            bars.append(Bar(unit.name, n, unit.id))
    return tuple(sorted(bars, key=lambda b: (-b.value, b.label)))


def session_bars(office: Office) -> tuple[SessionBar, ...]:
    """The held congress sessions of the current term, oldest first."""
    term_id = office.current_term_id()
    rows = office.meetings.list(MeetingQuery(kind="session", term_id=term_id))
    held = sorted((r for r in rows if r.status == "held"), key=lambda r: r.start_date)
    return tuple(
        SessionBar(r.id, _short_session(r.title), r.expected, r.present, r.leave, r.absent)
        for r in held
    )


def _short_session(title: str) -> str:
    """'清溪镇第十七届人民代表大会第三次会议' -> '第三次'."""
    return title[title.rfind("第") : -2] if title.endswith("次会议") else title


def month_bars(office: Office, year: int) -> tuple[Bar, ...]:
    """The deputies' activities of each month of the year (the 代表活动 list of the year)."""
    activities = office.activities
    rows = activities.rows(activities.search(ActivityQuery(year=year)))
    counts = [0] * 12
    for row in rows:
        counts[int(row.date[5:7]) - 1] += 1
    return tuple(Bar(f"{m}月", counts[m - 1], m) for m in range(1, 13))


def grade_bars(office: Office, year: int) -> tuple[Bar, ...]:
    """The year's scored deputies by grade, as the 履职积分 page grades them, with each
    grade's score range in its label ('好（≥80分）')."""
    from app.duties.scoring import GRADES, format_points

    scores = office.scores.year(year)
    policy = scores.policy
    good, fair = format_points(policy.good_from), format_points(policy.fair_from)
    # Full-width ＜: a chart's labels are rich text, where "<" opens a tag.
    ranges = (f"≥{good}分", f"{fair}–{good}分", f"＜{fair}分")
    counts = {g: sum(1 for s in scores.scores if s.grade == g) for g in GRADES}
    return tuple(Bar(f"{g}（{r}）", counts[g], g) for g, r in zip(GRADES, ranges, strict=True))


def plan_bars(office: Office, year: int, *, today: date | None = None) -> tuple[Bar, ...]:
    """The items of the year's work plan by state (none without a plan), as the 年度工作
    page's 工作要点 list shows them."""
    from app.plans.rules import STATUS

    items = office.plans.year_items(year, today=today)
    if not items:
        return ()
    counts = {s: sum(1 for i in items if i.status == s) for s in STATUS}
    return tuple(Bar(label, counts[s], s) for s, label in STATUS.items())


def dashboard(office: Office, *, today: date | None = None) -> Dashboard | None:
    """Everything the charts show; None in a county database or before setup."""
    if office.mode != "township" or not office.is_set_up:
        return None
    year = (today or dates.today()).year
    return Dashboard(
        year=year,
        states=state_bars(office, year),
        rates=rate_pairs(office, year, today=today),
        overdue=overdue_bars(office, today=today),
        sessions=session_bars(office),
        months=month_bars(office, year),
        grades=grade_bars(office, year),
        plan=plan_bars(office, year, today=today),
    )
