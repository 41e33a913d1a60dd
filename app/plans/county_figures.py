"""The county's comparison figures of the office's year (DOMAIN.md §7): how much of this
year's work plan due so far is done, and how many deputy groups have this year's plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core import dates
from app.core.figures import CountyFigure, Values, within

if TYPE_CHECKING:
    from app.office import Office


def _plan_done(
    office: Office, year: int | None = None, *, townships: Sequence[int] | None = None
) -> Values:
    """Percent done of the items of the year's plan whose month has passed (all of a past
    year's)."""
    today = dates.today()
    year = year or today.year
    before_month = today.month if year == today.year else (13 if year < today.year else 1)
    only, ids = within("p.township_id", townships)
    rows = office.db.execute(
        "SELECT p.township_id, round(100.0 * sum(i.done_date <> '' OR i.activity_id IS NOT NULL"
        " OR coalesce(m.status, '') = 'held') / count(*), 1) FROM plan_items i"
        " JOIN work_plans p ON p.id = i.plan_id LEFT JOIN meetings m ON m.id = i.meeting_id"
        f" WHERE p.year = ? AND i.month < ?{only} GROUP BY p.township_id",
        [year, before_month, *ids],
    ).fetchall()
    return dict(rows)


def _groups_planned(
    office: Office, year: int | None = None, *, townships: Sequence[int] | None = None
) -> Values:
    """Percent of the current term's deputy groups with the year's activity plan."""
    only, ids = within("g.township_id", townships)
    rows = office.db.execute(
        "SELECT g.township_id, round(100.0 * sum(EXISTS (SELECT 1 FROM group_year_plans p"
        " WHERE p.group_id = g.id AND p.year = ? AND p.plan <> '')) / count(*), 1)"
        " FROM deputy_groups g JOIN terms t ON t.id = g.term_id AND t.is_current = 1"
        f" WHERE 1{only} GROUP BY g.township_id",
        [year or dates.today().year, *ids],
    ).fetchall()
    return dict(rows)


def plan_figures() -> list[CountyFigure]:
    return [
        CountyFigure(
            "plan_done",
            "本年工作要点到期完成（%）",
            _plan_done,
            "percent",
            higher_is_better=True,
            by_year=True,
        ),
        CountyFigure(
            "groups_planned",
            "代表小组有本年计划（%）",
            _groups_planned,
            "percent",
            higher_is_better=True,
            by_year=True,
        ),
    ]
