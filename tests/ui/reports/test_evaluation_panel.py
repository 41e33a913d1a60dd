"""考评 on the 报告 page, as the clerk uses it: a township's self-assessment for the year
chosen, a hand score typed into the detail, the rubric edited (a rubric that does not add
up is refused and nothing changes), the self-assessment printed and exported; in a county
database the townships ranked with the red flag, and the year changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.office import Office
from app.reports.rubric import DEFAULT_RUBRIC, county_scores, office_rubric
from tests.ui.helpers import save_screenshot, when_modal
from tests.ui.reports.test_drafts_page import preview_text
from ui.reports.evaluation_panel import SCORE_COLUMN, EvaluationPanel
from ui.reports.rubric_dialog import RubricDialog

YEAR = date.today().year
LAST = YEAR - 1
BY_HAND = "县人大常委会综合评价（手工评分）"


def open_panel(qtbot, window) -> EvaluationPanel:
    """As the clerk gets there before sending the package: 数据交换 → 考评自评…"""
    window.go("exchange")
    window.pages["exchange"].page.open_evaluation()
    assert window.stack.currentWidget() is window.pages["drafts"]
    panel = window.pages["drafts"].page.evaluation
    qtbot.waitUntil(lambda: panel.scores is not None, timeout=20000)
    return panel


def choose_year(qtbot, panel: EvaluationPanel, year: int) -> None:
    panel.year.setCurrentIndex(panel.year.findData(year))
    qtbot.waitUntil(lambda: panel.scores is not None and panel.scores.year == year, timeout=20000)


def shown_scores(panel: EvaluationPanel) -> list[str]:
    return [panel.detail.item(r, SCORE_COLUMN).text() for r in range(panel.detail.rowCount())]


def test_a_township_assesses_itself_for_the_year_chosen(qtbot, window, monkeypatch, tmp_path):
    panel = open_panel(qtbot, window)
    office = window.office
    assert not panel.results.isVisibleTo(panel)  # one township: no ranking
    choose_year(qtbot, panel, LAST)
    (row,) = county_scores(office, year=LAST).rows
    assert shown_scores(panel) == [f"{i.score:g}" for i in row.items] + [f"{row.total:g}"]
    assert f"{LAST}年度自评：{row.total:g} 分，{row.grade}" in panel.verdict.text()
    # Each score shows the figure it read and the value earning full marks.
    first = row.items[0]
    assert panel.detail.item(0, 2).text() == f"{first.value:g}"
    assert panel.detail.item(0, 3).text() == f"{first.target:g}"
    save_screenshot(window, "evaluation_township")

    # A hand score typed into the 得分 cell is kept for the year and counted.
    hand_row = len(row.items) - 1
    cell = panel.detail.item(hand_row, SCORE_COLUMN)
    assert cell.flags() & Qt.ItemFlag.ItemIsEditable
    assert not panel.detail.item(0, SCORE_COLUMN).flags() & Qt.ItemFlag.ItemIsEditable
    cell.setText("4")
    total = f"{round(row.total + 4, 2):g}"
    qtbot.waitUntil(lambda: shown_scores(panel)[-1] == total, timeout=20000)
    assert shown_scores(panel)[hand_row] == "4"
    # Out of range: refused in Chinese, nothing kept.
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    panel.detail.item(hand_row, SCORE_COLUMN).setText("9")
    assert said and "0 至 5 分之间" in said[-1]
    assert county_scores(office, year=LAST).rows[0].items[-1].score == 4

    # Printed: the self-assessment with the figures on screen.
    text = preview_text(qtbot, panel.print_scores)
    assert f"{LAST}年度乡镇人大工作绩效考评自评表" in text
    assert total in text
    # Exported: the same figures, read back.
    target = tmp_path / "自评.xlsx"
    monkeypatch.setattr("ui.exchange.actions.ask_save_path", lambda *_a: target)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    panel.export_scores()
    qtbot.waitUntil(target.exists, timeout=20000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
    sheet = openpyxl.load_workbook(target, read_only=True)["得分明细"]
    details = [d for d in sheet.iter_rows(values_only=True) if len(d) > 6]
    assert [d[6] for d in details if d[1] == BY_HAND] == [4]


def test_the_rubric_is_edited_and_a_wrong_one_refused(qtbot, window, monkeypatch):
    panel = open_panel(qtbot, window)
    office = window.office
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    outcome: dict = {}

    def edit(dialog: RubricDialog) -> None:
        # The first item made worth 20: the items add up to 105, refused.
        dialog.table.item(0, 1).setText("20")
        assert "合计 105 分" in dialog.sum_label.text()
        dialog.save()
        outcome["refused"] = list(said)
        # Take 5 from the hand-scored item (the last): 100 again, saved.
        dialog.table.item(dialog.table.rowCount() - 1, 1).setText("0")
        dialog.table.removeRow(dialog.table.rowCount() - 1)
        dialog.title.setText("某县乡镇人大工作考评")
        dialog.grades.setText("85 优秀、70 良好、60 合格、0 不合格")
        dialog.save()

    when_modal(qtbot, edit)
    panel.edit_rubric()
    assert any("合计 105 分" in text for text in outcome["refused"])
    rubric = office_rubric(office)
    assert rubric.title == "某县乡镇人大工作考评" and rubric.items[0].points == 20
    assert len(rubric.items) == len(DEFAULT_RUBRIC.items) - 1
    assert rubric.grades[0] == (85, "优秀")
    qtbot.waitUntil(
        lambda: panel.scores is not None and panel.scores.rubric == rubric, timeout=20000
    )
    assert "某县乡镇人大工作考评" in panel.rubric_label.text()


def test_the_county_ranks_its_townships(qtbot, tmp_path: Path, demo_db: Path) -> None:
    from app.county.merge import import_package
    from app.exchange.package import export_package
    from ui.main_window import MainWindow

    county = Office.open(tmp_path / "县汇总.sqlite")
    county.setup_county(county="溪山县")
    (tmp_path / "packages").mkdir()
    with Office.open(demo_db) as town:
        package = export_package(town, tmp_path / "packages", "溪山县人大2026").path
    import_package(county, package, "溪山县人大2026")
    win = MainWindow(county)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    try:
        # From the comparison of townships (数据交换) to the ranking.
        win.go("exchange")
        win.pages["exchange"].page.open_evaluation()
        page = win.pages["drafts"].page
        assert win.stack.currentWidget() is win.pages["drafts"]
        assert page.tabs.currentIndex() == 1 and page.tabs.tabText(1) == "县级考评"
        panel = page.evaluation
        qtbot.waitUntil(lambda: panel.scores is not None, timeout=20000)
        assert panel.results.isVisibleTo(panel) and panel.results.rowCount() == 1
        (row,) = county_scores(county, year=YEAR).rows
        assert panel.results.item(0, 1).text() == "清溪镇"
        assert panel.results.item(0, 2).text() == f"{row.total:g}"
        assert "★" in panel.results.item(0, 4).text()
        assert "流动红旗：清溪镇" in panel.verdict.text()
        choose_year(qtbot, panel, LAST)
        (last,) = county_scores(county, year=LAST).rows
        assert panel.results.item(0, 2).text() == f"{last.total:g}"
        save_screenshot(win, "evaluation_county")
    finally:
        win.backup_on_close = False
        win.close()
        county.close()


def test_the_rubric_travels_as_a_file(qtbot, window, monkeypatch, tmp_path: Path):
    """The county saves its rubric to a file; a township reads it in and scores itself by it."""
    from PySide6.QtWidgets import QFileDialog

    from app.reports.rubric import load_rubric

    target = tmp_path / "考评细则.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    dialog = RubricDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.title.setText("溪山县乡镇人大工作考评")
    dialog.red_flags.setValue(2)
    assert dialog.write_file() == target
    assert load_rubric(target).title == "溪山县乡镇人大工作考评"
    other = RubricDialog(window.context, window)
    qtbot.addWidget(other)
    assert other.title.text() == DEFAULT_RUBRIC.title  # nothing saved in the office yet
    other.read_file()
    assert other.title.text() == "溪山县乡镇人大工作考评" and other.red_flags.value() == 2
    other.save()
    assert office_rubric(window.office) == load_rubric(target)


def test_the_evaluation_tab_fits_a_small_screen(qtbot, window):
    from tests.ui.test_small_screens import SCREENS, page_room, too_big

    panel = open_panel(qtbot, window)
    page = window.pages["drafts"]
    for name, screen in SCREENS.items():
        assert too_big(page, page_room(screen)) == "", name
        assert too_big(panel, page_room(screen)) == "", name
