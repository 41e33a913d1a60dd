"""Changing a deputy's status from the roster or the file, and the file's tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.deputies.deputies import DeputyQuery
from tests.ui.helpers import save_screenshot, when_modal
from ui.deputies.status_dialog import StatusDialog


def serving_deputy(office):
    return office.deputies.get(office.deputies.search(DeputyQuery(status="serving"))[0])


def test_ending_a_term_records_date_reason_and_history(qtbot, demo_office, monkeypatch) -> None:
    deputy = serving_deputy(demo_office)
    dialog = StatusDialog(demo_office, deputy)
    qtbot.addWidget(dialog)
    dialog.action.set_value("ended")
    assert "迁出或调离本行政区域" in [
        dialog.reason.itemText(i) for i in range(dialog.reason.count())
    ]
    dialog.reason.setCurrentText("迁出或调离本行政区域")
    dialog.date.setText("2026-10-08")
    dialog.note.setPlainText("调往外县工作")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert dialog.save()
    ended = demo_office.deputies.get(deputy.id)
    assert (ended.status, ended.status_date, ended.status_reason) == (
        "ended",
        "2026-10-08",
        "迁出或调离本行政区域",
    )
    assert demo_office.deputies.status_history(deputy.id)[-1].note == "调往外县工作"


def test_a_status_change_without_reason_is_refused_at_the_field(qtbot, demo_office, monkeypatch):
    deputy = serving_deputy(demo_office)
    dialog = StatusDialog(demo_office, deputy)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.action.set_value("suspended")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert not dialog.save()
    assert "原因" in dialog.form.messages["reason"].error.text()
    assert demo_office.deputies.get(deputy.id).status == "serving"
    save_screenshot(dialog, "status_dialog_error")


def test_the_file_shows_the_new_status_and_its_history(qtbot, window, monkeypatch) -> None:
    office = window.office
    deputy = serving_deputy(office)
    window.open_deputy(deputy.id)
    page = window.file_page
    assert "在任" in page.subtitle.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)

    def end(dialog: StatusDialog) -> None:
        dialog.action.set_value("ended")
        dialog.reason.setCurrentText("辞职被接受")
        dialog.date.setText("2026-09-30")
        dialog.save()

    when_modal(qtbot, end)
    page.status_button.click()
    assert "代表资格终止" in page.subtitle.text()
    status_tab = page.tab_widgets[1]
    page.tabs.setCurrentWidget(status_tab)
    assert status_tab.table.item(0, 2).text() == "辞职被接受"
    save_screenshot(window, "deputy_file_status")
    window.go("deputies")
    roster = window.pages["deputies"]
    row = roster.model.row_of(deputy.id)
    status_column = next(i for i, c in enumerate(roster.model.columns) if c.key == "status")
    assert roster.model.index(row, status_column).data() == "终止"
