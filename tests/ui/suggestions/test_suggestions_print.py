"""Printing the suggestion forms from the 建议办理 page: the preview opens with the form."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from app.suggestions.records import SuggestionQuery
from tests.ui.helpers import save_screenshot, when_modal
from ui.suggestions.batch_assign_dialog import LEAD, BatchAssignDialog


def preview_text(qtbot, start, *, shot: str = "") -> dict:
    seen: dict = {}

    def in_preview(dialog) -> None:
        seen["pages"] = dialog.page_count
        reader = PdfReader(io.BytesIO(dialog.result.data))
        seen["text"] = "".join("".join(p.extract_text().split()) for p in reader.pages)
        if shot:
            qtbot.wait(300)
            save_screenshot(dialog, shot)
        dialog.reject()

    when_modal(qtbot, in_preview, timeout=15000)
    start()
    qtbot.waitUntil(lambda: "pages" in seen, timeout=20000)
    return seen


def test_print_the_forms_a_suggestion_has_reached(qtbot, window) -> None:
    office = window.office
    sid = office.db.execute(
        "SELECT suggestion_id FROM suggestion_events e JOIN suggestions s"
        " ON s.id = e.suggestion_id WHERE e.action = 'supervise' AND s.replied_date <> ''"
        " AND s.lead_unit_id IS NOT NULL ORDER BY s.id DESC LIMIT 1"
    ).fetchone()[0]
    s = office.suggestions.get(sid)
    window.go("suggestions")
    page = window.pages["suggestions"].list
    page.show_record(sid)
    labels = [b.text() for b in page.detail.print_buttons]
    assert labels == ["打印交办单", "打印督办单", "打印征询意见表"]
    buttons = dict(zip(labels, page.detail.print_buttons, strict=True))
    seen = preview_text(qtbot, buttons["打印交办单"].click, shot="print_preview_assignment")
    assert seen["pages"] == 1 and s.number in seen["text"] and "代表建议交办单" in seen["text"]
    seen = preview_text(qtbot, buttons["打印督办单"].click)
    assert "代表建议督办单" in seen["text"]
    seen = preview_text(qtbot, buttons["打印征询意见表"].click)
    assert seen["pages"] == len(s.signers) and s.lead_name in seen["text"]
    fresh = office.suggestions.search(SuggestionQuery(status="registered"))[0]
    page.show_record(fresh)
    assert page.detail.print_buttons == []


def test_print_the_yearly_statistics_and_the_forms_of_an_assignment_meeting(
    qtbot, window, monkeypatch
) -> None:
    window.go("suggestions")
    suggestions_page = window.pages["suggestions"]
    suggestions_page.tabs.setCurrentWidget(suggestions_page.stats)
    seen = preview_text(qtbot, suggestions_page.stats.print_button.click)
    assert "代表建议办理情况统计表" in seen["text"] and "合计" in seen["text"]

    suggestions_page.tabs.setCurrentWidget(suggestions_page.list)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    unit = window.office.handling_units.list()[0].id

    def assign(dialog: BatchAssignDialog) -> None:
        for r in range(dialog.table.rowCount()):
            dialog.table.cellWidget(r, LEAD).set_value(unit)
        seen["count"] = dialog.table.rowCount()
        assert dialog.save()

    when_modal(qtbot, assign)
    forms = preview_text(qtbot, suggestions_page.list.batch_button.click)
    assert forms["pages"] == seen["count"] >= 2 and "代表建议交办单" in forms["text"]
