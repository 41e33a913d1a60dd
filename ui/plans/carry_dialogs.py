"""办理 a plan item: the meeting's or activity's own dialog, filled from the item, whose
保存 creates the record from the item and links them (office.plans.carry_out), in one
transaction; a refusal keeps the dialog open with its messages at the fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from app.core.errors import ValidationError
from app.plans.plans import PlanItem
from app.plans.rules import ACTIVITY_KINDS, MEETING_KINDS
from ui.duties.activity_dialog import ActivityDialog
from ui.meetings.meeting_dialog import MeetingDialog
from ui.widgets.form import Saving

if TYPE_CHECKING:
    from app.office import Office


class CarryActivityDialog(ActivityDialog):
    def __init__(self, office: Office, item: PlanItem, parent: QWidget | None = None) -> None:
        super().__init__(office, None, parent)
        self._item = item
        self.item_result: PlanItem | None = None
        self.setWindowTitle(f"办理工作要点：{item.subject}")
        self.kind.set_value(ACTIVITY_KINDS[item.kind])
        self.kind.setEnabled(False)
        self.topic.setText(item.subject)
        if item.date:
            self.date.setText(item.date)

    def save(self) -> bool:
        office = self._office

        def refused(exc: ValidationError) -> None:
            for form in self.forms:
                form.show_messages(exc.fields, {})
            self.picker_messages.show_messages(exc.fields.get("deputy_ids", ""), "")
            self.summary_label.setText(exc.fields.get("item", "") or "请按提示修改后再保存。")

        with Saving(self, refused) as saving:
            self.item_result = office.plans.carry_out(self._item.id, **self.values())
            self.saved = office.activities.get(self.item_result.activity_id or 0)
        return saving.ok


class CarryMeetingDialog(MeetingDialog):
    def __init__(self, office: Office, item: PlanItem, parent: QWidget | None = None) -> None:
        super().__init__(office, None, parent, kind=MEETING_KINDS[item.kind])
        self._item = item
        self.item_result: PlanItem | None = None
        self.setWindowTitle(f"办理工作要点：{item.subject}")
        self.kind.setEnabled(False)
        if item.date:
            self.start_date.setText(item.date)
        self.hint.setText(
            f"保存后，“{item.subject}”列入会议议程，工作要点记为已安排；会议召开后记为已完成。"
        )

    def save(self) -> bool:
        values = self.values()
        with Saving(self, lambda exc: self.form.show_refusal(exc, self)) as saving:
            self.item_result = self._office.plans.carry_out(self._item.id, **values)
            self.saved = self._office.meetings.get(self.item_result.meeting_id or 0)
        return saving.ok


def carry_out(office: Office, item: PlanItem, parent: QWidget | None) -> PlanItem | None:
    """Open the right dialog; the item as it is after saving, or None if cancelled."""
    dialog: CarryActivityDialog | CarryMeetingDialog
    if item.becomes == "activity":
        dialog = CarryActivityDialog(office, item, parent)
    else:
        dialog = CarryMeetingDialog(office, item, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.item_result
    return None
