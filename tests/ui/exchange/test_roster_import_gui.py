"""The 导入名册 dialog as a clerk uses it on an office's own roster: short forms shown as
understood, a value no list has mapped from a drop-down (and remembered), a rename
confirmed row by row, a same name confirmed."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QMessageBox

from app.deputies.deputies import DeputyQuery
from app.exchange.roster_values import remembered
from tests.exchange_workbooks import GOOD_ID, office_roster
from tests.ui.helpers import save_screenshot
from ui.exchange.roster_import_dialog import LEAVE_BLANK, RENAME, RosterImportDialog
from ui.widgets.form import Choice


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What message boxes told the clerk; questions are answered 'yes' and kept."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))

    def question(_parent, _title, text, *_rest):
        messages.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return messages


def planned(qtbot, dialog: RosterImportDialog, check=lambda plan: True) -> None:
    qtbot.waitUntil(lambda: dialog.plan is not None and check(dialog.plan), timeout=15000)


def choose(dialog: RosterImportDialog, name: str, label: str) -> None:
    box = dialog.findChild(Choice, name)
    assert box is not None, name
    box.setCurrentIndex(box.findText(label))


def cell_texts(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_short_forms_are_shown_and_unknown_values_mapped_from_the_preview(
    window, tmp_path, said, qtbot
):
    office = window.office
    dialog = RosterImportDialog(window.context, office_roster(tmp_path / "花名册.xlsx"), window)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 768)
    dialog.show()
    planned(qtbot, dialog)
    understood = cell_texts(dialog.values)
    assert ["民族", "汉", "汉族", "1", "简称、同义词"] in understood
    assert ["政治面貌", "无党派", "无党派人士", "1", "简称、同义词"] in understood
    assert dialog.tabs.currentIndex() == 1 and dialog.tabs.isTabVisible(1)
    assert dialog.tabs.tabText(1) == "需要对应的值（2）"
    assert [row[:4] for row in cell_texts(dialog.unknown)] == [
        ["D", "民族", "穿青人", "第 7 行"],
        ["G", "文化程度", "研究生", "第 7 行"],
    ]
    assert "需要指定对应的值" in dialog.summary.text()
    save_screenshot(dialog, "roster_import_unknown_values")

    choose(dialog, "map:education_levels:研究生", "硕士研究生（相近）")
    planned(qtbot, dialog, lambda plan: len(plan.unknown) == 1)
    choose(dialog, "map:ethnic_groups:穿青人", LEAVE_BLANK)
    planned(qtbot, dialog, lambda plan: not plan.unknown)
    assert not dialog.tabs.isTabVisible(1)
    assert ["文化程度", "研究生", "硕士研究生", "1", "本次指定"] in cell_texts(dialog.values)
    dialog.tabs.setCurrentIndex(2)
    qtbot.wait(100)  # let the layout follow the new summary
    save_screenshot(dialog, "roster_import_understood")
    assert remembered(office) == {}  # nothing written by the preview

    dialog.only_valid.setChecked(True)  # 孙八's ID number lost its last digits
    assert dialog.import_button.text() == "导入 4 名"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert any("王𠮷（第 3 行）" in m and "同名" in m for m in said)  # the demo has a 王𠮷
    assert dialog.result.added == 4
    qian = office.deputies.get(office.deputies.search(DeputyQuery(text="钱七"))[0])
    assert (qian.education, qian.ethnicity) == ("硕士研究生", "")
    assert remembered(office)[("education_levels", "研究生")] == "硕士研究生"


def test_a_same_name_the_clerk_does_not_confirm_imports_nothing(
    window, tmp_path, monkeypatch, qtbot
):
    office = window.office
    before = office.deputies.count(DeputyQuery())
    path = tmp_path / "同名.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "性别", "出生年月"])
    wb.active.append(["王𠮷", "男", "1999.09"])
    wb.save(path)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No
    )
    dialog = RosterImportDialog(window.context, path, window)
    qtbot.addWidget(dialog)
    dialog.show()
    planned(qtbot, dialog)
    assert "本届已有同名代表“王𠮷”" in cell_texts(dialog.rows)[0][6]
    dialog.import_button.click()
    assert asked and dialog.result is None and dialog.isVisible()
    assert office.deputies.count(DeputyQuery()) == before


def test_a_rename_is_confirmed_row_by_row(window, tmp_path, said, qtbot):
    office = window.office
    old = office.deputies.add(name="吴一", gender="男", id_number=GOOD_ID, unit="旧单位")
    path = tmp_path / "改名.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "性别", "身份证号码", "工作单位及职务"])
    wb.active.append(["吴一凡", "男", GOOD_ID, "新单位"])
    wb.save(path)
    dialog = RosterImportDialog(window.context, path, window)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 768)
    dialog.show()
    planned(qtbot, dialog)
    dialog.policy.set_value("update")
    planned(qtbot, dialog, lambda plan: plan.policy == "update")
    assert dialog.tabs.currentIndex() == 3 and dialog.tabs.tabText(3) == "姓名不一致（1）"
    assert cell_texts(dialog.conflicts)[0][:4] == [
        "2",
        "吴一凡",
        "吴一",
        GOOD_ID[:6] + "********" + GOOD_ID[-4:],
    ]
    assert not dialog.import_button.isEnabled()  # nothing to write unless confirmed
    save_screenshot(dialog, "roster_import_conflict")
    choose(dialog, "rename:2", RENAME)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "导入 1 名"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert dialog.result.renamed == 1
    assert office.deputies.get(old.id).name == "吴一凡"


def test_a_long_roster_lists_its_troubled_rows_first(window, tmp_path, said, qtbot, monkeypatch):
    from ui.exchange import roster_import_dialog

    monkeypatch.setattr(roster_import_dialog, "SHOWN_ROWS", 50)
    path = tmp_path / "长名册.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "性别", "民族"])
    digits = "甲乙丙丁戊己庚辛壬癸"
    for i in range(120):
        name = "代表" + digits[i % 10] + digits[i // 10 % 10] + digits[i // 100]
        wb.active.append([name, "男", "汉"])
    wb.active.append(["钱七", "女", "火星族"])  # the last row, unknown value
    wb.save(path)
    dialog = RosterImportDialog(window.context, path, window)
    qtbot.addWidget(dialog)
    planned(qtbot, dialog)
    assert dialog.rows.rowCount() == 50
    assert "只列出 50 行" in dialog.summary.text() and "全部 121 行" in dialog.summary.text()
    assert cell_texts(dialog.rows)[-1][2] == "钱七"  # a row with a problem is always shown
