"""The issue's story in the GUI: a clerk writes an item of the year's plan, sees it in the
calendar and in 本月工作, turns the planned inspection into the activity when it happens,
and sees the plan and 本月工作 change; an item in another year is refused, nothing changed."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.core import dates
from tests.ui.duties.test_between_sessions import five_deputies, when_dialog
from tests.ui.helpers import save_screenshot, type_text
from ui.plans.carry_dialogs import CarryActivityDialog
from ui.widgets.record_dialog import RecordDialog

SUBJECT = "视察石桥村𠮷家组饮水工程"


def count(office, table: str) -> int:
    return office.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_clerk_plans_an_inspection_and_carries_it_out(qtbot, window, monkeypatch) -> None:
    office = window.office
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: 0)
    today = dates.today()
    window.go("plans")
    page = window.pages["plans"]
    items_before = count(office, "plan_items")

    def refused_then_written(dialog: RecordDialog) -> None:
        widgets = dialog.form.widgets
        widgets["date"].setText(f"{today.year - 1}-{today.month:02d}-01")
        widgets["kind"].set_value("inspection")
        type_text(widgets["subject"], SUBJECT)
        assert not dialog.accept_values()  # a day of last year in this year's plan
        assert count(office, "plan_items") == items_before
        widgets["date"].clear()
        widgets["month"].setText(f"{today.month}月")
        type_text(widgets["lead"], "人大副主席")
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, refused_then_written)
    page.add_button.click()
    assert count(office, "plan_items") == items_before + 1
    item_id = page.selected_id()
    item = office.plans.item(item_id)
    assert (item.subject, item.status) == (SUBJECT, "pending")

    # 本月工作 on the home page names it, and the calendar has it for the month.
    home = window.pages["home"]
    home.refresh()
    assert SUBJECT in home.month_work.text()
    page.tabs.setCurrentIndex(1)
    page.this_month()
    month_wide = [page.day_list.item(i).text() for i in range(page.day_list.count())]
    assert any(SUBJECT in text for text in month_wide)
    save_screenshot(window, "plans_calendar")

    # It happens: 办理 opens the activity's dialog filled from the item.
    page.show_record(item_id)
    deputies = five_deputies(office)
    activities_before = count(office, "activities")

    def carry(dialog: CarryActivityDialog) -> None:
        assert dialog.kind.value() == "视察" and not dialog.kind.isEnabled()
        assert dialog.topic.text() == SUBJECT
        dialog.date.setText(today.isoformat())
        dialog.picker.set_selected(deputies[:3])
        assert dialog.save()

    when_dialog(qtbot, CarryActivityDialog, carry)
    page.carry_button.click()
    assert count(office, "activities") == activities_before + 1
    done = office.plans.item(item_id)
    assert done.status == "done" and done.activity_id
    assert office.activities.get(done.activity_id).topic == SUBJECT
    assert office.plans.item_for(activity_id=done.activity_id).id == item_id
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 2).text() == SUBJECT)
    assert page.table.item(row, 4).text() == "已完成"
    save_screenshot(window, "plans_after_carry")
    home.refresh()
    assert SUBJECT not in home.month_work.text()  # done: no longer this month's work

    # Double-clicking the done item opens its activity.
    page.table.selectRow(row)
    page.open_selected()
    assert window.stack.currentWidget() is window.pages["activities"]
    detail = window.pages["activities"].detail.toPlainText()
    assert f"列入{today.year}年工作要点" in detail and SUBJECT in detail


def test_the_plan_table_fits_a_small_screen_and_keeps_each_text_whole_in_its_tooltip(
    qtbot, window
) -> None:
    """At 1024×768 every column, 办理结果 too, is in view without scrolling sideways; a
    text cut short ends in "…" and its tooltip holds it whole."""
    for width, height in ((1024, 768), (1366, 768)):
        window.resize(width, height)
        window.go("plans")
        page = window.pages["plans"]
        qtbot.wait(20)
        table = page.table
        header = table.horizontalHeader()
        used = sum(header.sectionSize(c) for c in range(table.columnCount()))
        assert used <= table.viewport().width(), f"{width}: {used} > {table.viewport().width()}"
        assert not table.horizontalScrollBar().isVisible()
        assert header.sectionSize(5) >= 150  # 办理结果 has room to be read
        for row, item in enumerate(page.items):
            cell = table.item(row, 5)
            assert cell.text() == cell.toolTip() == item.record_label
    save_screenshot(window, "plans_items_1366")
