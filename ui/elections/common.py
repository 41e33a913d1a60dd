"""Pieces the dialogs of elections, resignations and recalls share: one step's dialog (a
hint, its fields, what was refused, 保存/取消, the write attempted through the office) and
the ticking of deputies who sign jointly (联名提名, 联名提出罢免案)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.errors import RendaError, ValidationError
from app.office import Office
from ui.widgets.form import button_row
from ui.widgets.messages import show_error

T = TypeVar("T")


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Hint")
    label.setWordWrap(True)
    return label


def problems_label() -> QLabel:
    label = QLabel()
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    return label


class StepDialog(QDialog):
    """One step written through the office: refused input stays as typed, the reason is
    shown (at the fields, or under them), nothing is written."""

    save: Callable[[], bool]  # each dialog's own write, called by 保存 (see lay_out)

    def __init__(self, office: Office, title: str, parent: QWidget | None, width: int) -> None:
        super().__init__(parent)
        self._office = office
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.problems = problems_label()

    def lay_out(
        self,
        hint_text: str,
        *parts: QWidget | tuple[QWidget, int] | QHBoxLayout,
        save_text: str = "保存",
    ) -> QVBoxLayout:
        """hint, the parts (a widget, (widget, stretch) or a row), problems, buttons."""
        layout = QVBoxLayout(self)
        layout.addWidget(hint(hint_text))
        for part in parts:
            if isinstance(part, tuple):
                layout.addWidget(part[0], part[1])
            elif isinstance(part, QHBoxLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.problems)
        layout.addLayout(button_row(save_text, self.save, self.reject))
        return layout

    def show_problems(self, error: ValidationError) -> None:
        self.problems.setText("\n".join(error.fields.values()))

    def attempt(
        self,
        write: Callable[[], T],
        refused: Callable[[ValidationError], None] | None = None,
    ) -> T | None:
        """Run the write; on a refusal show it (by `refused`, else under the fields) and
        keep the dialog open; on success close it. Returns what the write returned."""
        try:
            result = write()
        except ValidationError as exc:
            (refused or self.show_problems)(exc)
            return None
        except RendaError as exc:
            show_error(self, exc)
            return None
        self.accept()
        return result


class JointSigners(QWidget):
    """A 联名代表… button and how many deputies are ticked; active only when the step is
    moved by deputies jointly."""

    changed = Signal()

    def __init__(
        self, office: Office, term_id: int, *, title: str, note: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._term_id = term_id
        self._title = title
        self._note = note
        self.ids: list[int] = []
        self.button = QPushButton("联名代表…")
        self.button.clicked.connect(self.pick)
        self.count = QLabel()
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.button)
        box.addWidget(self.count, 1)
        self.set_active(True)

    def set_active(self, active: bool, idle: str = "") -> None:
        self.button.setEnabled(active)
        self.count.setText(f"已选 {len(self.ids)} 名" if active else idle)

    def set_ids(self, ids: list[int]) -> None:
        self.ids = list(ids)
        self.changed.emit()

    def pick(self) -> bool:
        from ui.widgets.deputy_picker_dialog import DeputyPickerDialog

        chosen: list[int] = []
        dialog = DeputyPickerDialog(
            self._office,
            title=self._title,
            note=self._note,
            term_id=self._term_id,
            chosen=self.ids,
            apply=chosen.extend,
            parent=self,
        )
        if dialog.exec():
            self.set_ids(chosen)
            return True
        return False
