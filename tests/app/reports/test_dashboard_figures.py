"""The figures of the 工作台's charts agree with the records they count and with the lists a
click opens."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from app.core import dates
from app.duties.activities import ActivityQuery
from app.reports.dashboard import dashboard
from app.suggestions.records import SuggestionQuery
from app.suggestions.stats import yearly_rates

# The demo is written relative to today.
TODAY = dates.today()
YEAR = TODAY.year


def test_the_charts_count_what_the_records_hold(demo_office):
    office = demo_office
    figures = dashboard(office, today=TODAY)
    assert figures is not None and not figures.empty and figures.year == YEAR
    # Every suggestion and motion of the year is in exactly one state bar.
    by_status = Counter(
        r[0]
        for r in office.db.execute(
            "SELECT status FROM suggestions WHERE year = ?", [YEAR]
        ).fetchall()
    )
    assert {b.key: b.value for b in figures.states} == dict(by_status)
    assert sum(b.value for b in figures.states) == office.suggestions.count(
        SuggestionQuery(year=YEAR)
    )
    # The rates are the 办理统计 tab's, this year and last.
    for year, attr in ((YEAR, "this_year"), (YEAR - 1, "last_year")):
        t = yearly_rates(office, year, today=TODAY).total
        values = [getattr(pair, attr) for pair in figures.rates]
        assert values == [round(t.on_time_share * 100, 1), round(t.result_satisfaction * 100, 1),
                          round(t.solved_share * 100, 1)]  # fmt: skip
    assert figures.rates[0].this_year != figures.rates[0].last_year
    # Overdue per unit: the suggestions (lead or assisting unit) whose reply is late.
    assert figures.overdue
    for bar in figures.overdue:
        late = office.db.execute(
            "SELECT count(DISTINCT s.id) FROM suggestions s JOIN suggestion_units u"
            " ON u.suggestion_id = s.id WHERE u.unit_id = ? AND s.deadline < ?"
            " AND s.status IN ('assigned', 'handling', 'rehandling')",
            [bar.key, TODAY.isoformat()],
        ).fetchone()[0]
        assert bar.value == late
    # Sessions: the sign-in counts of each held session of the term, in order.
    assert len(figures.sessions) >= 2
    assert all(re.fullmatch("第[一二三四五六七八九十]+次", s.label) for s in figures.sessions)
    for bar in figures.sessions:
        counts = office.meetings.attendance.counts(bar.meeting_id)
        assert (bar.expected, bar.present, bar.leave, bar.absent) == (
            counts.expected, counts.present, counts.leave, counts.absent
        )  # fmt: skip
    # Activities per month add up to the year's list.
    months = Counter(
        int(r[0][5:7])
        for r in office.db.execute(
            "SELECT date FROM activities WHERE date LIKE ?", [f"{YEAR}-%"]
        ).fetchall()
    )
    assert {b.key: b.value for b in figures.months if b.value} == dict(months)
    assert sum(b.value for b in figures.months) == len(
        office.activities.search(ActivityQuery(year=YEAR))
    )


def test_no_charts_in_a_county_database_or_before_setup(tmp_path: Path):
    from app.office import Office

    with Office.open(tmp_path / "new.sqlite") as office:
        assert dashboard(office) is None
        office.setup_county(county="溪山县")
        assert dashboard(office) is None


def test_the_duty_score_and_plan_charts_count_the_pages_lists(demo_office):
    """Deputies by grade: every scored deputy of the 履职积分 page in one bar, by the grade
    the page gives; the year's plan by state: every item of the 工作要点 list once."""
    office = demo_office
    figures = dashboard(office, today=TODAY)
    assert figures is not None
    scores = office.scores.year(YEAR)
    assert [b.key for b in figures.grades] == ["好", "较好", "一般"]
    assert sum(b.value for b in figures.grades) == len(scores.scores) > 0
    policy = scores.policy
    for bar in figures.grades:
        assert bar.value == sum(1 for s in scores.scores if s.grade == bar.key)
        low = {"好": policy.good_from, "较好": policy.fair_from, "一般": 0}[bar.key]
        high = {"好": policy.maximum + 1, "较好": policy.good_from, "一般": policy.fair_from}
        assert bar.value == sum(1 for s in scores.scores if low <= s.total < high[bar.key])
    assert figures.grades[0].label == f"好（≥{policy.good_from:g}分）"
    items = office.plans.year_items(YEAR, today=TODAY)
    assert items
    assert {b.key: b.value for b in figures.plan} == {
        s: sum(1 for i in items if i.status == s)
        for s in ("done", "arranged", "pending", "overdue")
    }
    assert sum(b.value for b in figures.plan) == len(items)
    summary = office.plans.summary(YEAR, today=TODAY)
    assert {b.key: b.value for b in figures.plan}["overdue"] == summary.overdue
    # No plan for a year: no plan chart's bars.
    from app.reports.dashboard import plan_bars

    assert plan_bars(office, 1990) == ()
