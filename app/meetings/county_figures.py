"""Meetings in the county's comparison of townships (DOMAIN.md §7): how many sessions,
presidium meetings and group activities each township held in the year (this year unless
the county evaluates a past one), and how well its deputies attend the sessions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core import dates
from app.core.figures import CountyFigure, Values, within

if TYPE_CHECKING:
    from app.office import Office


def _held(
    office: Office, kind: str, year: int | None = None, townships: Sequence[int] | None = None
) -> Values:
    year = year or dates.today().year
    only, ids = within("township_id", townships)
    rows = office.db.execute(
        "SELECT township_id, count(*) FROM meetings WHERE kind = ? AND status = 'held'"
        f" AND start_date >= ? AND start_date < ?{only} GROUP BY township_id",
        [kind, f"{year}-01-01", f"{year + 1}-01-01", *ids],
    ).fetchall()
    return dict(rows)


def _session_attendance(
    office: Office, year: int | None = None, *, townships: Sequence[int] | None = None
) -> Values:
    """Deputies present as a share of those expected, over the held sessions of the
    current terms up to the end of the year."""
    year = year or dates.today().year
    only, ids = within("m.township_id", townships)
    rows = office.db.execute(
        "SELECT m.township_id, round(100.0 * sum(a.status = 'present') / count(*), 1)"
        " FROM meetings m JOIN terms t ON t.id = m.term_id AND t.is_current = 1"
        " JOIN meeting_attendance a ON a.meeting_id = m.id AND a.deputy_id IS NOT NULL"
        f" WHERE m.kind = 'session' AND m.status = 'held' AND m.start_date < ?{only}"
        " GROUP BY m.township_id",
        [f"{year + 1}-01-01", *ids],
    ).fetchall()
    return dict(rows)


def meeting_figures() -> list[CountyFigure]:
    return [
        CountyFigure(
            "sessions_held",
            "本年召开人代会（次）",
            lambda o, y=None, townships=None: _held(o, "session", y, townships),
            by_year=True,
        ),
        CountyFigure(
            "presidium_held",
            "本年主席团会议（次）",
            lambda o, y=None, townships=None: _held(o, "presidium", y, townships),
            by_year=True,
        ),
        CountyFigure(
            "group_activities_held",
            "本年小组活动（次）",
            lambda o, y=None, townships=None: _held(o, "group", y, townships),
            by_year=True,
        ),
        CountyFigure(
            "session_attendance",
            "人代会出席率（%）",
            _session_attendance,
            "percent",
            higher_is_better=True,
            by_year=True,
        ),
    ]
