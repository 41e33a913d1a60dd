"""Printing as the clerk does it: 打印 on the roster and in a deputy's file, the preview,
printing to a (PDF) printer, saving, and the batches in the background."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.helpers import save_screenshot, when_modal


def roster(window):
    return window.pages["deputies"]


def menu_action(page, text: str):
    return next(a for a in page.print_button.menu().actions() if a.text().startswith(text))


def select(page, name: str) -> int:
    deputy = page.context.office.deputies.find(name)[0]
    assert page.select(deputy.id)
    return deputy.id


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_a_deputys_form_from_the_roster_preview_print_and_save(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    from ui.printing.preview import PdfPreviewDialog

    page = roster(window)
    select(page, "王𠮷")
    printed, saved = tmp_path / "printer.pdf", tmp_path / "保存的登记表.pdf"
    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", lambda self: pdf_printer(printed))
    monkeypatch.setattr(PdfPreviewDialog, "choose_save_path", lambda self: saved)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    seen: dict = {}

    def in_preview(dialog) -> None:
        seen["pages"] = dialog.page_count
        seen["label"] = dialog.page_label.text()
        qtbot.wait(300)  # let QPdfView draw the page before the picture is taken
        save_screenshot(dialog, "print_preview_registration")
        seen["printed"] = dialog.print_document()
        seen["saved"] = dialog.save_as()
        dialog.accept()

    when_modal(qtbot, in_preview, timeout=15000)
    menu_action(page, "打印所选代表的登记表").trigger()
    qtbot.waitUntil(lambda: "saved" in seen, timeout=20000)
    assert seen["pages"] == 1 and seen["label"] == "第 1 页 / 共 1 页"
    assert seen["printed"] and len(PdfReader(printed).pages) == 1  # one page sent to the printer
    assert seen["saved"] == saved and "王𠮷" in PdfReader(saved).pages[0].extract_text()


def test_print_the_roster_from_the_roster_page(qtbot, window) -> None:
    page = roster(window)
    seen: dict = {}

    def in_preview(dialog) -> None:
        seen["pages"] = dialog.page_count
        seen["text"] = (
            PdfReader(__import__("io").BytesIO(dialog.result.data)).pages[0].extract_text()
        )
        dialog.reject()

    when_modal(qtbot, in_preview, timeout=15000)
    menu_action(page, "打印代表名册").trigger()
    qtbot.waitUntil(lambda: "pages" in seen, timeout=20000)
    assert seen["pages"] >= 2 and "代表名册" in seen["text"]


def test_print_from_the_deputys_file_tells_when_chosen_fonts_are_missing(qtbot, window) -> None:
    # This machine has no Windows fonts: the setting falls back to the shipped ones, and
    # the preview says so above the pages.
    window.office.settings.set("print_fonts", "windows_song")
    page = roster(window)
    deputy_id = select(page, "王𠮷")
    window.open_deputy(deputy_id)
    seen: dict = {}

    def in_preview(dialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["notes"] = dialog.notes_label.text()
        dialog.reject()

    when_modal(qtbot, in_preview, timeout=15000)
    window.file_page.print_button.click()
    qtbot.waitUntil(lambda: "title" in seen, timeout=20000)
    assert "代表基本情况登记表" in seen["title"]
    assert "没有找到宋体" in seen["notes"] and "程序自带字体" in seen["notes"]


def test_batch_into_one_pdf_runs_in_the_background(qtbot, window, tmp_path, monkeypatch) -> None:
    page = roster(window)
    page.status.set_value("active")
    target = tmp_path / "全部登记表.pdf"
    answers = iter([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
    asked: list[str] = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    menu_action(page, "批量打印登记表（合并").trigger()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=30000)
    assert "72 名代表" in asked[0]
    assert "已保存" in asked[1] and str(target) in asked[1]
    assert len(PdfReader(target).pages) == 72
    assert not window.runner.busy


def test_batch_one_file_each_into_a_folder(qtbot, window, tmp_path, monkeypatch) -> None:
    page = roster(window)
    page.group.setCurrentIndex(1)  # one deputy group
    count = page.model.rowCount()
    folder = tmp_path / "登记表"
    folder.mkdir()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QMessageBox, "information", lambda p, title, text, *a: told.append(text))
    menu_action(page, "批量打印登记表（每人").trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=30000)
    assert f"已生成 {count} 个 PDF 文件" in told[0]
    assert len(list(folder.glob("*.pdf"))) == count
