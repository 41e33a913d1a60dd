"""The 建议办理 page: search and filters, the 交办会, the view per unit, the deputy's file
and the reminders that lead to a suggestion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.suggestions.records import SuggestionQuery
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.suggestions.batch_assign_dialog import LEAD, BatchAssignDialog


def titles(page) -> list[str]:
    model = page.model
    column = next(i for i, c in enumerate(model.columns) if c.key == "title")
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_search_in_chinese_and_filters(qtbot, window) -> None:
    window.go("suggestions")
    page = window.pages["suggestions"].list
    total = page.model.rowCount()
    type_text(page.search, "塘")
    qtbot.waitUntil(lambda: page.model.rowCount() < total, timeout=2000)
    assert titles(page) and all("塘" in t or "塘" in _content(window, page, r)
                                for r, t in enumerate(titles(page)))  # fmt: skip
    page.search.clear()
    page.apply_filters()
    page.due.set_value("overdue")
    overdue = page.model.rowCount()
    assert overdue >= 1
    deadline = next(i for i, c in enumerate(page.model.columns) if c.key == "deadline")
    cell = page.model.index(0, deadline)
    assert "逾期" in cell.data() and cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    page.due.set_value(None)
    page.status.set_value("closed")
    assert {page.model.row_data(r).status for r in range(page.model.rowCount())} == {"closed"}
    save_screenshot(window, "suggestions_filtered")


def _content(window, page, row: int) -> str:
    return window.office.suggestions.get(page.model.suggestion_id(row)).content


def test_the_assignment_meeting_assigns_many_at_once(qtbot, window, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text) or QMessageBox.No
    )
    office = window.office
    sg = office.suggestions
    waiting = sg.search(SuggestionQuery(status="registered")) + sg.search(
        SuggestionQuery(status="accepted")
    )
    assert len(waiting) >= 2
    window.go("suggestions")
    page = window.pages["suggestions"].list
    unit = office.handling_units.list()[3]

    def assign(dialog: BatchAssignDialog) -> None:
        assert dialog.table.rowCount() == len(waiting)
        for r in range(dialog.table.rowCount()):
            dialog.table.cellWidget(r, LEAD).set_value(unit.id)
        dialog.set_assist(0, [office.handling_units.list()[1].id])
        save_screenshot(dialog, "suggestion_batch_assign")
        assert dialog.save()

    when_modal(qtbot, assign)
    page.batch_button.click()
    for sid in waiting:
        s = sg.get(sid)
        assert s.status == "assigned" and s.lead_unit_id == unit.id and s.deadline
    assert sg.search(SuggestionQuery(status="registered")) == []
    assert asked and f"已交办 {len(waiting)} 件建议" in asked[0]  # … and offered the forms


def test_the_view_per_unit_and_the_deputys_file(qtbot, window) -> None:
    office = window.office
    window.go("suggestions")
    suggestions_page = window.pages["suggestions"]
    suggestions_page.tabs.setCurrentWidget(suggestions_page.units)
    units_tab = suggestions_page.units
    busiest = max(
        range(units_tab.table.rowCount()), key=lambda r: int(units_tab.table.item(r, 5).text())
    )
    units_tab.table.selectRow(busiest)
    unit_id = units_tab.selected()
    units_tab.open_unit()
    page = suggestions_page.list
    assert suggestions_page.tabs.currentWidget() is page
    expected = office.suggestions.search(SuggestionQuery(unit_id=unit_id))
    assert page.model.rowCount() == len(expected) > 0

    lead = office.db.execute(
        "SELECT lead_deputy_id FROM suggestions GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    window.open_deputy(lead)
    file_page = window.file_page
    tab = next(w for w in file_page.tab_widgets if type(w).__name__ == "DeputySuggestionsTab")
    file_page.tabs.setCurrentWidget(tab)
    mine = office.suggestions.of_deputy(lead)
    assert tab.table.rowCount() == len(mine) and "领衔提出" in tab.summary.text()
    tab.table.selectRow(0)
    tab._open()
    assert window.stack.currentWidget() is suggestions_page
    assert page.detail.suggestion.id == mine[0][0].id


def test_a_reminder_on_the_home_page_opens_the_overdue_suggestion(qtbot, window) -> None:
    window.go("home")
    home = window.pages["home"]
    row = next(
        i for i, r in enumerate(home.reminders) if r.area == "建议" and r.record_id is not None
    )
    home._open(home.list.item(row))
    page = window.pages["suggestions"].list
    assert page.detail.suggestion.id == home.reminders[row].record_id
    assert "reply" in page.detail.action_buttons or "reassign" in page.detail.action_buttons
    save_screenshot(window, "suggestion_from_reminder")


def test_a_scanned_reply_letter_is_attached_to_the_suggestion(qtbot, window, tmp_path) -> None:
    office = window.office
    sid = office.db.execute(
        "SELECT id FROM suggestions WHERE status = 'closed' LIMIT 1"
    ).fetchone()[0]
    window.go("suggestions")
    page = window.pages["suggestions"].list
    page.show_record(sid)
    scan = tmp_path / "答复函_𠮷家湾.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned reply letter")
    detail = page.detail
    detail.tabs.setCurrentWidget(detail.attachments)
    assert detail.attachments.add_files([scan]) == 1
    uuid = office.suggestions.get(sid).uuid
    (stored,) = office.attachments.list("suggestion", uuid)
    assert stored.file_name == "答复函_𠮷家湾.pdf"
    assert office.attachments.data(stored.id) == scan.read_bytes()
    assert detail.attachments.list.count() == 1
