"""Choose the members of a deputy group from the deputies of its term."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.deputies.structure import DeputyGroup
from app.office import Office
from ui.widgets.deputy_picker_dialog import DeputyPickerDialog


class MembersDialog(DeputyPickerDialog):
    def __init__(self, office: Office, group: DeputyGroup, parent: QWidget | None = None) -> None:
        super().__init__(
            office,
            title=f"{group.name}：选择成员",
            note="勾选本组成员。已在其他小组的代表，勾选后会调入本组。",
            term_id=group.term_id,
            chosen=office.groups.members(group.id),
            apply=lambda chosen: office.groups.set_members(group.id, chosen),
            parent=parent,
        )
