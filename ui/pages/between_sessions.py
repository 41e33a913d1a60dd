"""The pages and file tabs of the work between sessions, listed in ui.pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.pages import PageSpec
    from ui.pages.deputy_file_page import FileTab


def between_sessions_pages() -> list[PageSpec]:
    from ui.pages import PageSpec
    from ui.pages.activities_page import ActivitiesPage
    from ui.pages.receptions_page import ReceptionsPage
    from ui.pages.reports_page import ReportsPage
    from ui.pages.scores_page import ScoresPage

    return [
        PageSpec("activities", "代表活动", ActivitiesPage),
        PageSpec("receptions", "联络站接待", ReceptionsPage),
        PageSpec("reports", "代表述职", ReportsPage),
        PageSpec("scores", "履职积分", ScoresPage),
    ]


def between_sessions_file_tabs() -> list[FileTab]:
    from ui.pages.deputy_file_page import FileTab
    from ui.pages.deputy_year_tabs import CareerTab, YearFileTab

    return [FileTab("履职档案", YearFileTab), FileTab("简历和获奖", CareerTab)]
