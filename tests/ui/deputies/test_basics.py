"""基础数据: terms, constituencies, groups, stations and the editable lists, from the GUI."""

from __future__ import annotations

from tests.ui.helpers import save_screenshot, when_modal
from ui.deputies.members_dialog import MembersDialog
from ui.widgets.record_dialog import RecordDialog


def basics(window):
    window.go("basics")
    return window.pages["basics"]


def test_adding_a_constituency_with_too_many_seats_is_refused_then_fixed(qtbot, window) -> None:
    page = basics(window)
    tab = page.tab("选区")
    page.tabs.setCurrentWidget(tab)
    before = len(window.office.constituencies.list())
    seen: dict = {}

    def fill(dialog: RecordDialog) -> None:
        dialog.form.widgets["name"].setText("第九十九选区")
        dialog.form.widgets["seats"].setText("5")
        assert not dialog.accept_values()
        seen["message"] = dialog.form.messages["seats"].error.text()
        dialog.form.widgets["seats"].setText("2")
        dialog.accept_values()

    when_modal(qtbot, fill)
    tab.add()
    assert "1 至 3" in seen["message"]
    assert len(window.office.constituencies.list()) == before + 1
    assert tab.table.rowCount() == before + 1
    save_screenshot(window, "basics_constituencies")


def test_group_members_and_leader_from_the_gui(qtbot, window) -> None:
    page = basics(window)
    tab = page.tab("代表小组")
    office = window.office
    group = office.groups.list()[0]
    tab.table.selectRow(
        next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == group.name)
    )
    dialog = MembersDialog(office, group, window)
    qtbot.addWidget(dialog)
    for row in range(dialog.table.rowCount()):
        item = dialog.table.item(row, 0)
        item.setCheckState(item.checkState().Checked if row < 3 else item.checkState().Unchecked)
    dialog.save()
    assert len(office.groups.members(group.id)) == 3


def test_a_new_term_becomes_current_and_the_status_bar_says_so(qtbot, window) -> None:
    page = basics(window)
    tab = page.tab("届次")

    def fill(dialog: RecordDialog) -> None:
        dialog.form.widgets["start_date"].setText("2026-11-20")
        dialog.accept_values()

    when_modal(qtbot, fill)
    tab.add()
    assert window.office.current_term.name == "第十八届"
    assert "第十八届" in window.place_label.text()
    roster = window.pages["deputies"]
    assert roster.model.rowCount() == 0  # the new term has no deputies yet
    roster.term.setCurrentIndex(1)
    assert roster.model.rowCount() == 74


def test_renaming_a_list_value_updates_the_records(qtbot, window) -> None:
    page = basics(window)
    tab = page.reference
    page.tabs.setCurrentWidget(tab)
    keys = [tab.lists.item(i).data(0x0100) for i in range(tab.lists.count())]
    tab.lists.setCurrentRow(keys.index("deputy_categories"))
    farmer = next(i for i in range(tab.items.count()) if tab.items.item(i).text() == "农民")
    tab.items.setCurrentRow(farmer)

    def rename(dialog: RecordDialog) -> None:
        dialog.form.widgets["value"].setText("农民（含村组干部）")
        dialog.accept_values()

    when_modal(qtbot, rename)
    tab.rename()
    from app.deputies.deputies import DeputyQuery

    office = window.office
    assert office.deputies.count(DeputyQuery(category="农民")) == 0
    assert office.deputies.count(DeputyQuery(category="农民（含村组干部）")) > 10
    roster = window.pages["deputies"]
    assert "农民（含村组干部）" in [
        roster.category.itemText(i) for i in range(roster.category.count())
    ]
