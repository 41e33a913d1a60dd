"""The 报告 page: each draft is made in the background, saved where the clerk said, and
offered to open; what it says is what the app's statistics say."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document

from app.suggestions.records import SuggestionQuery
from app.suggestions.stats import percent, yearly_rates
from tests.ui.helpers import save_screenshot
from ui.reports import drafts_page


def test_make_each_draft_from_the_page(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    asked: list[str] = []
    opened: list[Path] = []
    told: list[str] = []

    def ask(_parent, title: str, file_name: str) -> Path:
        asked.append(title)
        return tmp_path / f"{file_name}.docx"

    def answer(_parent, _title: str, text: str) -> bool:
        told.append(text)
        return True

    monkeypatch.setattr(drafts_page, "ask_docx_path", ask)
    monkeypatch.setattr(drafts_page, "confirm", answer)
    monkeypatch.setattr(drafts_page, "open_file", lambda path: opened.append(path) or True)
    window.go("drafts")
    page = window.pages["drafts"].page
    assert page.work_button.isEnabled() and not page.county_note.isVisibleTo(page)
    save_screenshot(window, "drafts_page")

    # The handling report of one session, as the clerk picks it in 范围.
    office = window.office
    session_id, session_title, _ = office.suggestions.sessions()[0]
    page.handling_scope.set_value(f"meeting:{session_id}")
    page.handling_button.click()
    qtbot.waitUntil(lambda: page.last_saved is not None, timeout=20000)
    saved = page.last_saved
    assert saved.exists() and opened == [saved] and "已保存到" in told[-1]
    text = "\n".join(p.text for p in Document(str(saved)).paragraphs)
    made_there = office.suggestions.count(SuggestionQuery(meeting_id=session_id, kind="suggestion"))
    assert f"关于{session_title}代表建议办理情况的报告" in text
    assert f"共收到代表建议{made_there}件" in text

    # The year's work report, for the year chosen.
    page.last_saved = None
    year = date.today().year
    page.work_year.set_value(year)
    page.work_button.click()
    qtbot.waitUntil(lambda: page.last_saved is not None, timeout=20000)
    doc = Document(io.BytesIO(page.last_saved.read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    rates = yearly_rates(office, year).total
    assert f"按期答复率{percent(rates.on_time_share)}" in text
    assert asked == ["代表建议办理情况报告", "主席团工作报告"]


def test_cancelling_the_save_dialog_makes_nothing(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(drafts_page, "ask_docx_path", lambda *_args: None)
    window.go("drafts")
    page = window.pages["drafts"].page
    assert page.make_structure() is None
    assert page.last_saved is None and not window.runner.busy


def preview_text(qtbot, start) -> str:
    """Start a print, wait for its preview (past the progress dialog), read its text."""
    from pypdf import PdfReader
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.printing.preview import PdfPreviewDialog

    seen: dict = {}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PdfPreviewDialog) and dialog.isVisible():
            reader = PdfReader(io.BytesIO(dialog.result.data))
            seen["text"] = "".join("".join(p.extract_text().split()) for p in reader.pages)
            dialog.reject()
        elif "text" not in seen:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)
    start()
    qtbot.waitUntil(lambda: "text" in seen, timeout=30000)
    return seen["text"]


def test_print_the_public_notice_and_the_contact_cards(qtbot, window) -> None:
    from tests.ui.helpers import type_text

    window.go("drafts")
    page = window.pages["drafts"].page
    office = window.office
    station = office.stations.list()[0]
    page.notice_station.set_value(station.id)
    text = preview_text(qtbot, page.print_notice)
    assert "年度履职情况公示" in text and station.name in text
    type_text(page.office_phone, "0743-8221234")
    text = preview_text(qtbot, page.print_cards)
    assert "人大办电话：0743-8221234" in text
