"""The home page with its reminders, the 设置 tab, and papers in the deputy's file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from tests.ui.helpers import save_screenshot


def test_the_window_opens_on_the_home_page_with_reminders(window) -> None:
    home = window.pages["home"]
    assert window.stack.currentWidget() is home
    assert "在任代表" in home.figures.text()
    texts = [home.list.item(i).text() for i in range(home.list.count())]
    assert any("届满" in t for t in texts)
    save_screenshot(window, "home")


def test_a_reminder_leads_to_the_page_that_deals_with_it(window) -> None:
    home = window.pages["home"]
    row = next(i for i, r in enumerate(home.reminders) if r.page == "basics")
    home._open(home.list.item(row))
    assert window.stack.currentWidget() is window.pages["basics"]


def test_settings_are_saved_or_refused_at_the_field(window, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    tab = window.pages["basics"].settings
    tab.form.widgets["term_years"].setText("8")
    assert not tab.save()
    assert "3 到 5" in tab.form.messages["term_years"].error.text()
    assert window.office.settings.get("term_years") == 5
    tab.form.widgets["term_years"].setText("3")
    tab.form.widgets["mask_sensitive"].setChecked(False)
    assert tab.save()
    assert window.office.settings.get("mask_sensitive") is False


def test_papers_are_added_to_the_file_and_opened(window, tmp_path: Path, monkeypatch) -> None:
    office = window.office
    deputy_id = window.pages["deputies"].model.deputy_id(0)
    window.open_deputy(deputy_id)
    papers = window.file_page.papers.attachments
    scan = tmp_path / "当选证书.jpg"
    scan.write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    assert papers.add_files([scan]) == 1
    assert papers.list.count() == 1 and "当选证书.jpg" in papers.list.item(0).text()
    opened: list = []
    monkeypatch.setattr("ui.widgets.attachments.QDesktopServices.openUrl", opened.append)
    papers.list.setCurrentRow(0)
    path = papers.open_selected()
    assert path.read_bytes() == scan.read_bytes() and opened
    deputy = office.deputies.get(deputy_id)
    assert len(office.attachments.list("deputy", deputy.uuid)) == 1
