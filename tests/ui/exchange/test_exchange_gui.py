"""The 数据交换 page as a clerk uses it: real widgets, real files, real databases."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.core import dates
from app.deputies.deputies import DeputyQuery
from app.exchange.backup import backup_folder, list_backups
from app.exchange.drives import Drive
from app.exchange.package import export_package
from app.office import Office
from app.suggestions.stats import yearly_rates
from tests.exchange_workbooks import messy_roster
from tests.ui.helpers import save_screenshot, when_modal
from ui.exchange.package_dialog import PackageExportDialog
from ui.exchange.roster_import_dialog import RosterImportDialog

PASSWORD = "secret-2026"


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What message boxes told the clerk (answered 'yes' where asked)."""
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a: messages.append("?") or QMessageBox.StandardButton.Yes
    )
    return messages


def _after(qtbot, condition, action, *, timeout: int = 10000) -> None:
    """Run `action` once `condition()` holds, from inside whatever event loop runs."""
    state = {"waited": 0}

    def poll() -> None:
        if condition():
            action()
        elif state["waited"] < timeout:
            state["waited"] += 50
            QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)


def test_a_messy_roster_is_previewed_then_imported_from_the_page(
    window, tmp_path, monkeypatch, said, qtbot
):
    path = messy_roster(tmp_path / "各村报来的名册.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    window.go("exchange")
    page = window.pages["exchange"]
    before = window.office.deputies.count(DeputyQuery())
    seen: dict = {}

    def drive(dialog: RosterImportDialog) -> None:
        def first_look() -> None:
            seen["summary"] = dialog.summary.text()
            seen["blocked"] = not dialog.import_button.isEnabled()
            seen["problems"] = dialog.problems.rowCount()
            save_screenshot(dialog, "exchange_roster_preview")
            dialog.create_missing.setChecked(True)  # previews again
            _after(qtbot, lambda: dialog.plan is not None and dialog.plan.create_missing, choose)

        def choose() -> None:
            dialog.only_valid.setChecked(True)
            seen["button"] = dialog.import_button.text()
            dialog.import_button.click()

        _after(qtbot, lambda: dialog.plan is not None, first_look)

    when_modal(qtbot, drive)
    page.import_button.click()  # returns when the dialog closes
    assert "有 3 行有错误" in seen["summary"] and seen["blocked"] and seen["problems"] >= 6
    assert seen["button"] == "导入 3 名"
    assert any("新增 3 名" in m for m in said), said  # the demo has these groups
    assert window.office.deputies.count(DeputyQuery()) == before + 3
    roster = window.pages["deputies"]
    roster.search.setText("王𠮷")
    roster.apply_filters()
    assert roster.model.rowCount() == 2  # the demo's 王𠮷 and the imported one


def test_the_roster_page_exports_what_it_shows(window, tmp_path, monkeypatch, said, qtbot):
    target = tmp_path / "名册导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    roster = window.pages["deputies"]
    window.go("deputies")
    roster.level.set_value("county")
    roster.apply_filters()
    shown = roster.model.rowCount()
    roster.export_button.click()
    qtbot.waitUntil(lambda: any("名册已导出" in m for m in said), timeout=10000)
    wb = load_workbook(target.with_suffix(".xlsx"))
    assert wb["代表名册"].max_row - 3 == shown
    ws = wb["全部项目"]
    assert ws.max_row - 3 == shown
    assert all("*" in (ws.cell(row=r, column=26).value or "*") for r in range(4, ws.max_row + 1))


def test_the_package_goes_onto_the_chosen_stick_and_is_remembered(window, tmp_path, said, qtbot):
    stick = tmp_path / "KINGSTON"
    stick.mkdir()
    drives = [Drive(stick, "KINGSTON", 8 << 30, 16 << 30)]
    dialog = PackageExportDialog(window.context, window, lister=lambda: drives)
    qtbot.addWidget(dialog)
    assert dialog.drives.count() == 1 and dialog.target() == stick
    dialog.password.setText(PASSWORD)
    dialog.confirm_password.setText(PASSWORD + "x")
    dialog.ok.click()
    assert "不一致" in dialog.form.messages["confirm"].error.text()
    assert not list(stick.iterdir())
    dialog.confirm_password.setText(PASSWORD)
    save_screenshot(dialog, "exchange_package_dialog")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert dialog.result.path.parent == stick and dialog.result.path.exists()
    assert any("已读回校验无误" in m and "安全弹出" in m for m in said)
    assert window.office.settings.get("package_last_folder") == str(stick)
    # Next time, with the stick not listed, the last place is still offered first.
    again = PackageExportDialog(window.context, window, lister=lambda: [])
    qtbot.addWidget(again)
    assert again.target() == stick


def test_without_a_stick_the_dialog_says_what_to_do(window, qtbot):
    dialog = PackageExportDialog(window.context, window, lister=lambda: [])
    qtbot.addWidget(dialog)
    assert "没有找到 U 盘" in dialog.drives.item(0).text()
    dialog.password.setText(PASSWORD)
    dialog.confirm_password.setText(PASSWORD)
    dialog.ok.click()
    assert dialog.target_message.isVisibleTo(dialog)
    assert "请先选择 U 盘" in dialog.target_message.text()


@pytest.fixture
def county_window(qtbot, tmp_path):
    from ui.main_window import MainWindow

    office = Office.open(tmp_path / "county.sqlite")
    office.setup_county(county="溪山县")
    win = MainWindow(office)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    win.close()
    office.close()


def test_the_county_imports_packages_and_compares_townships(
    county_window, demo_db, tmp_path, monkeypatch, said, qtbot
):
    with Office.open(demo_db) as town:
        good = export_package(town, tmp_path, PASSWORD).path
    damaged = tmp_path / "损坏的.rdpkg"
    damaged.write_bytes(good.read_bytes()[:-10])
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(good), str(damaged)], "")
    )
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (PASSWORD, True))
    window = county_window
    window.go("exchange")
    page = window.pages["exchange"]
    assert not window.pages["deputies"].add_button.isVisibleTo(window)  # no editing here
    page.import_packages_button.click()
    qtbot.waitUntil(lambda: hasattr(page, "last_results"), timeout=20000)
    report = said[-1]
    assert "清溪镇" in report and "代表：新增 74" in report
    assert "损坏的.rdpkg”没有导入" in report and "数据库没有改动" in report
    assert page.imported.rowCount() == 1 and page.imported.item(0, 0).text() == "清溪镇"
    # The comparison is summed off the UI thread after an import (the records changed).
    qtbot.waitUntil(lambda: page.compare_table.rowCount() == 1, timeout=10000)
    assert page.compare_table.item(0, 1).text() == "72"
    page.refresh()  # nothing changed since: the kept figures, at once
    assert page.compare_table.rowCount() == 1 and page.compare_table.item(0, 1).text() == "72"
    # The yearly rates of the county: summed off the UI thread the first time, then kept.
    stats = window.pages["suggestions"].stats
    year = dates.today().year
    stats.year.set_value(year)
    stats.refresh()
    qtbot.waitUntil(lambda: "共收到建议" in stats.summary.text(), timeout=10000)
    with Office.open(demo_db) as town:
        received = yearly_rates(town, year).total.received
    assert f"{year}年共收到建议 <b>{received}</b> 件" in stats.summary.text()
    stats.refresh()
    assert "共收到建议" in stats.summary.text()  # kept: at once
    save_screenshot(window, "exchange_county")
    roster = window.pages["deputies"]
    assert roster.model.rowCount() == 74 and roster.model.columns[0].title == "乡镇"
    assert not roster.township.isHidden()  # the county filters by township
    roster.township.set_value(page.imported.item(0, 0).data(Qt.ItemDataRole.UserRole))
    roster.apply_filters()
    assert roster.model.query.township_id is not None and roster.model.rowCount() == 74


def test_backups_are_made_listed_and_restored_with_the_database_reopened(window, said, qtbot):
    page = window.pages["exchange"]
    window.go("exchange")
    office = window.office
    folder = backup_folder(office.path)
    page.backup_now()
    qtbot.waitUntil(lambda: any("已备份到" in m for m in said), timeout=10000)
    [made] = list_backups(folder, office.path.stem)
    assert page.backups.item(0).text() == made.label
    office.deputies.add(name="备份后", gender="男")
    count_with_new = office.deputies.count(DeputyQuery())
    opened: list = []

    def choose(dialog) -> None:
        qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=10000)  # read in the background
        opened.append(dialog.preview.text())
        save_screenshot(dialog, "exchange_restore_dialog")
        dialog.restore_button.click()

    when_modal(qtbot, choose)
    page.restore()
    from ui.exchange import lifecycle

    [new] = [w for w in lifecycle._reopened if w.isVisible()]
    qtbot.addWidget(new)
    try:
        assert "在任代表 72 名" in opened[0]
        assert new.office.deputies.count(DeputyQuery()) == count_with_new - 1
        reasons = {b.reason for b in list_backups(folder, office.path.stem)}
        assert reasons == {"manual", "restore"}
        assert any("已从" in m and "恢复前的数据库已备份" in m for m in said)
        assert not window.isVisible()
    finally:
        new.close()
        lifecycle.forget(new)


def test_closing_the_window_makes_a_backup(window) -> None:
    folder = backup_folder(window.office.path)
    window.close()
    assert [b.reason for b in list_backups(folder, window.office.path.stem)] == ["close"]


def test_a_county_database_is_set_up_at_first_start(qtbot, tmp_path, monkeypatch):
    from ui.home.setup_dialog import SetupDialog

    office = Office.open(tmp_path / "new.sqlite")
    try:
        dialog = SetupDialog(office)
        qtbot.addWidget(dialog)
        monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("溪山县", True))
        assert dialog.accept_county()
        assert office.mode == "county" and office.is_set_up
        assert office.title == "溪山县人大常委会（汇总）"
    finally:
        office.close()


@pytest.mark.parametrize("include", [False, True], ids=["left out", "asked for"])
def test_the_roster_export_asks_about_deputies_whose_status_has_ended(
    window, tmp_path, monkeypatch, qtbot, include
):
    office = window.office
    ended = {
        office.deputies.get(d).name for d in office.deputies.search(DeputyQuery(status="ended"))
    }
    assert ended
    target = tmp_path / "名册.xlsx"
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Yes if include else QMessageBox.StandardButton.No
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or answer
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: None)
    window.go("exchange")
    window.pages["exchange"].export_roster()
    qtbot.waitUntil(target.exists, timeout=10000)
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=10000)
    assert asked and f"{len(ended)} 名代表的代表资格已终止" in asked[0]
    ws = load_workbook(target)["代表名册"]
    names = {ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1)}
    assert (ended <= names) if include else not (ended & names)
