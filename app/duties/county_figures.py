"""The county's comparison figures of the work between sessions (DOMAIN.md §7): activities
and receptions this year, and the share of deputies who have reported to their voters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core import dates
from app.core.figures import CountyFigure, Values, within

if TYPE_CHECKING:
    from app.office import Office


def _this_year(
    office: Office, table: str, year: int | None = None, townships: Sequence[int] | None = None
) -> Values:
    year = year or dates.today().year
    only, ids = within("township_id", townships)
    rows = office.db.execute(
        f"SELECT township_id, count(*) FROM {table} WHERE date >= ? AND date < ?{only}"
        " GROUP BY township_id",
        [f"{year}-01-01", f"{year + 1}-01-01", *ids],
    ).fetchall()
    return dict(rows)


def _reported(
    office: Office, year: int | None = None, *, townships: Sequence[int] | None = None
) -> Values:
    """Percent of the serving township deputies of each current term who have reported to
    their voters since the term began (up to the end of the year)."""
    year = year or dates.today().year
    only, ids = within("d.township_id", townships)
    rows = office.db.execute(
        "SELECT d.township_id, round(100.0 * sum(EXISTS (SELECT 1 FROM voter_reports v"
        " WHERE v.deputy_id = d.id AND v.date >= t.start_date AND v.date < ?)) / count(*), 1)"
        " FROM deputies d JOIN terms t ON t.id = d.term_id AND t.is_current = 1"
        f" WHERE d.status = 'serving' AND d.is_township_deputy = 1{only} GROUP BY d.township_id",
        [f"{year + 1}-01-01", *ids],
    ).fetchall()
    return dict(rows)


def activity_figures() -> list[CountyFigure]:
    return [
        CountyFigure(
            "activities_this_year",
            "本年代表活动（次）",
            lambda o, y=None, townships=None: _this_year(o, "activities", y, townships),
            higher_is_better=True,
            by_year=True,
        ),
        CountyFigure(
            "receptions_this_year",
            "本年接待选民（次）",
            lambda o, y=None, townships=None: _this_year(o, "receptions", y, townships),
            higher_is_better=True,
            by_year=True,
        ),
        CountyFigure(
            "reported_to_voters",
            "本届已述职代表（%）",
            _reported,
            "percent",
            higher_is_better=True,
            by_year=True,
        ),
    ]
