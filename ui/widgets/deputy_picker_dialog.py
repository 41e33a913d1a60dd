"""A dialog to tick deputies of a term (the members of a group, the expected list of a
meeting), built on the checklist widget the activity and reception dialogs use."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from app.core.errors import RendaError
from app.office import Office
from ui.widgets.deputy_picker import DeputyPicker
from ui.widgets.form import button_row
from ui.widgets.messages import show_error
from ui.widgets.screen import fit_to_screen


class DeputyPickerDialog(QDialog):
    """`apply(chosen ids)` saves the choice; a RendaError keeps the dialog open."""

    def __init__(
        self,
        office: Office,
        *,
        title: str,
        note: str,
        term_id: int,
        chosen: Iterable[int],
        apply: Callable[[list[int]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 720, 600)
        self._apply = apply
        ticked = list(chosen)
        self.picker = DeputyPicker(office)
        self.picker.load(term_id, include=ticked)
        self.picker.set_selected(ticked)
        self.table = self.picker.table
        hint = QLabel(note)
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.picker, 1)
        layout.addLayout(button_row("保存", self.save, self.reject))

    def chosen(self) -> list[int]:
        return self.picker.selected()

    def save(self) -> bool:
        try:
            self._apply(self.chosen())
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True
