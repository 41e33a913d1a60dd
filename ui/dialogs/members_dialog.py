"""Choose the members of a deputy group from the deputies of its term."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.deputies import DeputyQuery
from app.office import Office
from app.structure import DeputyGroup
from ui.dialogs.deputy_picker import DeputyPicker


class MembersDialog(DeputyPicker):
    def __init__(self, office: Office, group: DeputyGroup, parent: QWidget | None = None) -> None:
        ids = office.deputies.search(DeputyQuery(term_id=group.term_id, status="active"))
        super().__init__(
            f"{group.name}：选择成员",
            "勾选本组成员。已在其他小组的代表，勾选后会调入本组。",
            office.deputies.rows(ids),
            office.groups.members(group.id),
            parent,
        )
        self._office = office
        self._group = group

    def apply(self, chosen: list[int]) -> None:
        self._office.groups.set_members(self._group.id, chosen)
