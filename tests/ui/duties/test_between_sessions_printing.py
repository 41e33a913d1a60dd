"""Printing the forms of the work between sessions from the GUI: one deputy's yearly file
from the file, every deputy's in the background from the scores page, the reception form."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.helpers import save_screenshot, when_modal
from ui.duties.file_tabs import YearFileTab


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_print_one_yearly_file_from_the_deputys_file(qtbot, window) -> None:
    deputy = window.office.deputies.find("王𠮷")[0]
    window.open_deputy(deputy.id)
    tab = next(t for t in window.file_page.tab_widgets if isinstance(t, YearFileTab))
    window.file_page.tabs.setCurrentWidget(tab)
    seen: dict = {}

    def in_preview(dialog) -> None:
        seen["pages"] = dialog.page_count
        seen["text"] = pdf_text(dialog.result.data)
        qtbot.wait(300)
        save_screenshot(dialog, "print_preview_year_file")
        dialog.reject()

    when_modal(qtbot, in_preview, timeout=15000)
    tab.print_button.click()
    qtbot.waitUntil(lambda: "pages" in seen, timeout=20000)
    year = tab.year.value()
    assert seen["pages"] >= 4
    assert f"{year}年度代表履职档案" in seen["text"] and "王𠮷" in seen["text"]


def test_print_every_yearly_file_in_the_background(qtbot, window, tmp_path, monkeypatch) -> None:
    window.go("scores")
    page = window.pages["scores"]
    year = page.year.value()
    target = tmp_path / "全部履职档案.pdf"
    answers = iter([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
    asked: list[str] = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action = next(
        a for a in page.print_button.menu().actions() if a.text().startswith("全体代表，合并")
    )
    action.trigger()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=60000)
    count = len(window.office.scores.deputies_in_year(year))
    assert f"将生成 {count} 名代表的{year}年度履职档案" in asked[0]
    assert "已保存" in asked[1] and str(target) in asked[1]
    reader = PdfReader(target)
    assert len(reader.pages) >= count * 4
    assert not window.runner.busy


def test_print_a_reception_form_from_the_receptions_page(qtbot, window) -> None:
    window.go("receptions")
    page = window.pages["receptions"]
    page.table.selectRow(0)
    reception = window.office.receptions.get(page.selected_id())
    seen: dict = {}

    def in_preview(dialog) -> None:
        seen["text"] = pdf_text(dialog.result.data)
        dialog.reject()

    when_modal(qtbot, in_preview, timeout=15000)
    page.print_button.click()
    qtbot.waitUntil(lambda: "text" in seen, timeout=20000)
    assert "选民接待登记表" in seen["text"] and reception.station_name in seen["text"]
