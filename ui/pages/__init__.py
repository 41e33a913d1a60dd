"""The pages of the left navigation and the tabs of a deputy's file, in order.

Each area adds its page to `page_specs` and its tab to `file_tab_specs`; a page with
nothing to show yet is not listed (no empty pages)."""

from __future__ import annotations

from ui.pages.specs import PageSpec, page_factory


def page_specs() -> list[PageSpec]:
    """The navigation, in order. Only the home page is built at start: the others cost
    nothing until the clerk opens them (DESIGN.md: 0.6 s to the first window)."""
    from ui.duties.pages import between_sessions_pages
    from ui.home.home_page import HomePage

    return [
        PageSpec("home", "工作台", HomePage),
        PageSpec("deputies", "代表名册", page_factory("ui.deputies.roster_page", "DeputiesPage")),
        PageSpec("meetings", "会议", page_factory("ui.meetings.meetings_page", "MeetingsPage")),
        PageSpec(
            "suggestions",
            "建议办理",
            page_factory("ui.suggestions.suggestions_page", "SuggestionsPage"),
        ),
        *between_sessions_pages(),
        PageSpec(
            "officials", "任职与选举", page_factory("ui.elections.officials_page", "OfficialsPage")
        ),
        PageSpec("plans", "年度工作", page_factory("ui.plans.plans_page", "PlansPage")),
        PageSpec("oversight", "监督", page_factory("ui.oversight.oversight_page", "OversightPage")),
        PageSpec("drafts", "报告", page_factory("ui.reports.drafts_page", "DraftsPage")),
        PageSpec("basics", "基础数据", page_factory("ui.deputies.basics_page", "BasicsPage")),
        PageSpec("exchange", "数据交换", page_factory("ui.exchange.exchange_page", "ExchangePage")),
        PageSpec("audit", "操作记录", page_factory("ui.access.audit_page", "AuditPage")),
    ]


def file_tab_specs() -> list:
    """Tabs of the deputy's file after 基本情况 and 履职状态 (ui.deputies.file_page.FileTab)."""
    from ui.duties.pages import between_sessions_file_tabs
    from ui.meetings.file_tab import MeetingsFileTab
    from ui.pages.specs import FileTab
    from ui.plans.term_history_tab import TermHistoryTab
    from ui.suggestions.file_tab import DeputySuggestionsTab

    return [
        FileTab("会议", MeetingsFileTab),
        FileTab("建议", DeputySuggestionsTab),
        *between_sessions_file_tabs(),
        FileTab("历届", TermHistoryTab),
    ]
