"""The foundation issue's whole story, as a clerk does it in the GUI, across a restart."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.core.chinese import stroke_sort_key
from app.office import Office
from tests.ui.helpers import save_screenshot, type_text, when_modal
from ui.deputies.deputy_dialog import DeputyDialog
from ui.deputies.status_dialog import StatusDialog
from ui.main_window import MainWindow


def names(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_add_find_sort_end_and_find_again_after_restart(qtbot, demo_db, make_id, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    id_number = make_id("19781203", male=False, serial=77)

    office = Office.open(demo_db)
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["deputies"]

    def add(dialog: DeputyDialog) -> None:
        type_text(dialog.name_edit, "龙䶮")
        type_text(dialog.widget("id_number"), id_number)
        dialog._field_edited("id_number")
        type_text(dialog.widget("unit"), "清溪镇金塘村党支部书记")
        dialog.widget("category").set_value("农民")
        assert dialog.save()

    when_modal(qtbot, add)
    page.add_button.click()

    qtbot.keyClicks(page.search, "ly")
    qtbot.waitUntil(lambda: page.model.rowCount() < 75, timeout=2000)
    assert "龙䶮" in names(page)

    page.search.clear()
    page.apply_filters()
    page.sort_choice.set_value("name")
    page.sort_choice.set_value("strokes")
    assert names(page) == sorted(names(page), key=stroke_sort_key)
    row = names(page).index("龙䶮")
    page.table.selectRow(row)

    def end(dialog: StatusDialog) -> None:
        dialog.action.set_value("ended")
        dialog.reason.setCurrentText("迁出或调离本行政区域")
        dialog.date.setText("2026-11-02")
        assert dialog.save()

    when_modal(qtbot, end)
    page.status_button.click()
    save_screenshot(window, "clerk_session_before_restart")
    window.close()
    office.close()

    office = Office.open(demo_db)
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["deputies"]
    type_text(page.search, "龙䶮")
    page.apply_filters()
    assert names(page) == ["龙䶮"]
    deputy = office.deputies.get(page.model.deputy_id(0))
    assert deputy.id_number == id_number and deputy.birth_date == "1978-12-03"
    assert deputy.gender == "F" and deputy.unit == "清溪镇金塘村党支部书记"
    assert (deputy.status, deputy.status_date, deputy.status_reason) == (
        "ended",
        "2026-11-02",
        "迁出或调离本行政区域",
    )
    window.open_deputy(deputy.id)
    assert "代表资格终止" in window.file_page.subtitle.text()
    save_screenshot(window, "clerk_session_after_restart")
    window.close()
    office.close()
