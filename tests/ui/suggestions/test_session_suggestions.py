"""In a congress session's view: the suggestions made during it, registering one there,
and the way from there to the suggestion."""

from __future__ import annotations

from app.suggestions.records import SuggestionQuery
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.suggestions.suggestion_dialog import SuggestionDialog


def open_first_session(window):
    office = window.office
    session_id = office.db.execute(
        "SELECT id FROM meetings WHERE kind = 'session' ORDER BY start_date LIMIT 1"
    ).fetchone()[0]
    window.open_record("meetings", session_id)
    view = window.pages["meetings"].view
    view.tabs.setCurrentWidget(view.suggestions)
    return session_id, view


def test_a_sessions_view_lists_its_suggestions_and_registers_more(qtbot, window) -> None:
    office = window.office
    session_id, view = open_first_session(window)
    tab = view.suggestions
    made_there = office.suggestions.search(SuggestionQuery(meeting_id=session_id))
    assert tab.count() == len(made_there) > 0
    save_screenshot(window, "session_suggestions")

    def register(dialog: SuggestionDialog) -> None:
        assert dialog.source.value() == "session"
        assert dialog.meeting.value() == session_id
        dialog.lead.setCurrentIndex(1)
        dialog.category.set_value("教育")
        type_text(dialog.title, "关于增设桃源村小学校车的建议")
        assert dialog.save()

    when_modal(qtbot, register)
    tab.register_button.click()
    assert tab.count() == len(made_there) + 1
    saved = office.suggestions.get(max(office.suggestions.search(SuggestionQuery())))  # newest
    assert saved.meeting_id == session_id and saved.title == "关于增设桃源村小学校车的建议"

    tab.table.selectRow(0)
    tab.open_selected()
    suggestions_page = window.pages["suggestions"]
    assert window.stack.currentWidget() is suggestions_page
    detail = suggestions_page.list.detail
    assert office.meetings.get(session_id).title in detail.values["source"].text()
