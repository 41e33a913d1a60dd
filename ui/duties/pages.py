"""The pages and file tabs of the work between sessions, listed in ui.pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.pages.lazy_page import PageClass
    from ui.pages.specs import FileTab, PageSpec


def between_sessions_pages() -> list[PageSpec]:
    """Built when first opened: the start-up window shows none of them."""
    from ui.pages.lazy_page import lazy
    from ui.pages.specs import PageSpec

    def activities() -> PageClass:
        from ui.duties.activities_page import ActivitiesPage

        return ActivitiesPage

    def receptions() -> PageClass:
        from ui.duties.receptions_page import ReceptionsPage

        return ReceptionsPage

    def reports() -> PageClass:
        from ui.duties.reports_page import ReportsPage

        return ReportsPage

    def scores() -> PageClass:
        from ui.duties.scores_page import ScoresPage

        return ScoresPage

    return [
        PageSpec("activities", "代表活动", lazy(activities)),
        PageSpec("receptions", "联络站接待", lazy(receptions)),
        PageSpec("reports", "代表述职", lazy(reports)),
        PageSpec("scores", "履职积分", lazy(scores)),
    ]


def between_sessions_file_tabs() -> list[FileTab]:
    from ui.duties.file_tabs import CareerTab, YearFileTab
    from ui.pages.specs import FileTab

    return [FileTab("履职档案", YearFileTab), FileTab("简历和获奖", CareerTab)]
