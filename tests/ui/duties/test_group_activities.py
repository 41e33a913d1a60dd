"""代表小组活动 are recorded once, as meetings of a group (with attendance): the activities
page leads the clerk there instead of keeping a second record."""

from __future__ import annotations

from tests.ui.helpers import when_modal
from ui.meetings.meeting_dialog import MeetingDialog


def test_the_activities_page_registers_a_group_activity_as_a_meeting(qtbot, window) -> None:
    office = window.office
    window.go("activities")
    page = window.pages["activities"]
    assert "小组活动" not in office.reference.values("activity_kinds")
    before = office.db.execute("SELECT count(*) FROM meetings WHERE kind = 'group'").fetchone()[0]
    group = office.groups.list()[0]

    def fill(dialog: MeetingDialog) -> None:
        assert dialog.kind.value() == "group"
        dialog.group.set_value(group.id)
        dialog.start_date.setText("2026-11-20")
        assert dialog.save()

    when_modal(qtbot, fill)
    page.group_button.click()
    after = office.db.execute("SELECT count(*) FROM meetings WHERE kind = 'group'").fetchone()[0]
    assert after == before + 1
    assert window.stack.currentWidget() is window.pages["meetings"]
