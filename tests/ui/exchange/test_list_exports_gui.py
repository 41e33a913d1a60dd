"""导出 Excel… on the pages: the list as filtered, all its rows, written in the background."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.meetings.meetings import MeetingQuery
from app.suggestions.records import SuggestionQuery
from tests.ui.helpers import save_screenshot, type_text
from ui.widgets.lists import SEARCH_DELAY_MS


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What message boxes told the clerk."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    return messages


@pytest.fixture
def save_as(monkeypatch, tmp_path: Path) -> list[tuple[str, Path]]:
    """The file dialog answers with a file in tmp_path named as the program proposed."""
    asked: list[tuple[str, Path]] = []

    def answer(_parent, _title, name, _filter) -> tuple[str, str]:
        target = tmp_path / Path(name).name
        asked.append((name, target))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def exported(qtbot, said: list[str], button, save_as) -> list[list]:
    """Click the button, wait for the clerk to be told, read the file's header and rows."""
    before = len(said)
    button.click()
    qtbot.waitUntil(lambda: len(said) > before, timeout=15000)
    assert "已导出" in said[-1], said[-1]
    ws = load_workbook(save_as[-1][1]).active
    return [[c.value for c in row] for row in ws.iter_rows(min_row=3)]


def test_suggestions_and_a_meetings_attendance(window, qtbot, said, save_as) -> None:
    window.go("suggestions")
    tab = window.pages["suggestions"].list
    tab.status.set_value("open")
    type_text(tab.search, "村")
    tab.apply_filters()
    shown = tab.model.rowCount()
    assert 0 < shown < len(window.office.suggestions.search(SuggestionQuery()))
    rows = exported(qtbot, said, tab.export_button, save_as)
    assert save_as[-1][0].startswith("清溪镇代表建议_") and save_as[-1][0].endswith(".xlsx")
    assert len(rows) - 1 == shown and f"已导出 {shown} 行" in said[-1]
    deadline = rows[0].index("答复期限")
    assert any(isinstance(r[deadline], datetime) for r in rows[1:])

    meetings = window.pages["meetings"]
    window.go("meetings")
    session = window.office.meetings.search(MeetingQuery(kind="session"))[0]
    meetings.show_record(session)
    view = meetings.view
    view.tabs.setCurrentWidget(view.attendance)
    save_screenshot(window, "list_export_attendance")
    rows = exported(qtbot, said, view.attendance.export_button, save_as)
    assert save_as[-1][0].startswith(view.meeting.title + "出席情况")
    assert rows[0][:2] == ["序号", "姓名"] and len(rows) - 1 == view.attendance.model.rowCount()
    assert "王𠮷" in [r[1] for r in rows]
    view.tabs.setCurrentWidget(view.resolutions)
    rows = exported(qtbot, said, view.resolutions.export_button, save_as)
    assert len(rows) - 1 == view.resolutions.table.rowCount() > 0


def test_receptions_and_groups_and_an_empty_list(window, qtbot, said, save_as) -> None:
    window.go("receptions")
    page = window.pages["receptions"]
    page.year.set_value(None)  # 全部年份
    shown = page.model.rowCount()
    head = [b for b in page.findChildren(type(page.add_button)) if b.text() == "导出 Excel…"]
    assert len(head) == 1
    rows = exported(qtbot, said, head[0], save_as)
    assert len(rows) - 1 == shown and "联系方式已部分隐藏" in said[-1]
    visitors = load_workbook(save_as[-1][1]).worksheets[1]
    header = [c.value for c in visitors[3]]
    contacts = [
        r[header.index("联系方式")] for r in visitors.iter_rows(min_row=4, values_only=True)
    ]
    assert all("*" in c for c in contacts if c)

    window.go("basics")
    groups = window.pages["basics"].tab("代表小组")
    button = [b for b in groups.findChildren(type(page.add_button)) if b.text() == "导出 Excel…"]
    rows = exported(qtbot, said, button[0], save_as)
    assert (
        rows[0][:3] == ["代表小组", "组长", "成员数"] and len(rows) - 1 == groups.table.rowCount()
    )

    window.go("activities")
    activities = window.pages["activities"]
    type_text(activities.search, "没有这样的活动")
    # Let the search run once typing pauses: a search still pending when the window closes
    # would run on the closed database during the next test.
    qtbot.wait(SEARCH_DELAY_MS + 100)
    activities.reload()
    asked = len(save_as)
    activities.export_excel()
    assert len(save_as) == asked and "没有可导出的内容" in said[-1]
