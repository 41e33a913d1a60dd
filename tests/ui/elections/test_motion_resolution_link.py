"""议案 → 决议 in the GUI: in the session's 决议、决定 tab the clerk links a resolution to
the motion on the agenda it answers; the resolutions tab and the motion's detail both
show the link, and the motion's link opens the session."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui.elections.test_by_election_story import drive
from tests.ui.helpers import save_screenshot


def test_a_resolution_links_to_its_motion_and_both_show_it(qtbot, window, monkeypatch) -> None:
    office = window.office
    links = office.suggestions.motions
    linked = office.db.execute(
        "SELECT suggestion_id, resolution_id FROM motion_resolutions"
    ).fetchall()
    assert linked, "the demo links its motion on the agenda to a resolution"
    motion_id, resolution_id = linked[0]
    link = links.resolution_of(motion_id)
    links.unlink(motion_id)

    window.open_record("meetings", link.meeting_id)
    view = window.pages["meetings"].view
    tab = view.resolutions
    view.tabs.setCurrentWidget(tab)
    assert tab.motion_button.isVisible()
    row = next(
        r for r in range(tab.table.rowCount())
        if tab.table.item(r, 0).data(0x0100) == resolution_id
    )  # fmt: skip
    tab.table.selectRow(row)

    def choose(dialog) -> None:
        dialog.form.widgets["motion"].set_value(motion_id)
        assert dialog.accept_values(), dialog.form.messages

    assert drive(qtbot, choose, tab.link_motion)
    again = links.resolution_of(motion_id)
    assert again is not None and again.resolution_id == resolution_id
    assert f"{again.motion_label} → 《{again.resolution_title}》" in tab.motion_links.text()
    save_screenshot(window, "motion_resolution_tab")
    # A link made by mistake is taken back (after a question), then made again.
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert tab.unlink_motions() and links.resolution_of(motion_id) is None
    assert not tab.motion_links.isVisibleTo(tab)
    assert drive(qtbot, choose, tab.link_motion)

    window.open_record("suggestions", motion_id)
    detail = window.pages["suggestions"].list.detail
    shown = detail.values["result"].text()
    assert "大会通过" in shown and again.resolution_title in shown
    save_screenshot(window, "motion_resolution_detail")
    detail.values["result"].linkActivated.emit(str(again.meeting_id))
    assert window.pages["meetings"].view.meeting.id == again.meeting_id
