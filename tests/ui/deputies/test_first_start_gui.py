"""A new office in the window: the roster says how to begin, and the setup dialog shows
every problem of its form at once."""

from __future__ import annotations

from pathlib import Path

from app.office import Office


def test_an_empty_roster_offers_import_and_adding(qtbot, office, monkeypatch) -> None:
    from ui.deputies.deputy_dialog import DeputyDialog
    from ui.main_window import MainWindow

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.show()
    window.go("deputies")
    page = window.pages["deputies"]
    assert page.body.currentWidget() is page.empty_state
    assert page.import_button.isVisible()

    def add_one(office_, deputy, parent):
        return office_.deputies.add(name="王𠮷", gender="男")

    monkeypatch.setattr(DeputyDialog, "edit", staticmethod(add_one))
    page.add_deputy()
    assert page.body.currentWidget() is page.table
    assert page.model.rowCount() == 1
    window.close()


def test_the_setup_dialog_marks_every_wrong_field_at_once(qtbot, tmp_path: Path) -> None:
    from ui.home.setup_dialog import SetupDialog

    office = Office.open(tmp_path / "new.sqlite")
    dialog = SetupDialog(office)
    qtbot.addWidget(dialog)
    dialog.form.set_values(
        {"township": "清溪", "county": "", "term_number": "十七", "term_start": "2021-13-40"}
    )
    assert dialog.accept_setup() is False
    shown = {key: box.error.text() for key, box in dialog.form.messages.items()}
    assert all(shown[key] for key in ("township", "county", "term_number", "term_start")), shown
    assert not office.is_set_up
    office.close()
