"""A small form dialog for simple records (terms, constituencies, groups, stations …).

The dialog calls `save(values)`; a ValidationError shows its messages at the fields and
keeps the dialog open, so nothing is half-saved and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.deputy_chooser import DeputyChooser
from ui.widgets.form import Choice, FormGrid, Saving, button_row


@dataclass(frozen=True)
class FieldDef:
    key: str
    label: str
    kind: str = "text"  # text | longtext | choice | deputy (choices: DeputyChoice, typed into)
    choices: Sequence[tuple[str, Any]] = ()
    required: bool = False
    placeholder: str = ""


class RecordDialog(QDialog):
    def __init__(
        self,
        title: str,
        fields: Sequence[FieldDef],
        values: dict[str, Any],
        save: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._save = save
        self.result_value: Any = None
        self.form = FormGrid(1)
        for spec in fields:
            widget: QWidget
            if spec.kind == "choice":
                widget = Choice(spec.choices)
            elif spec.kind == "deputy":
                widget = DeputyChooser(spec.choices)
            elif spec.kind == "longtext":
                widget = QPlainTextEdit()
                widget.setFixedHeight(80)
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(spec.placeholder)
            self.form.add(spec.key, spec.label, widget, required=spec.required)
        self.form.set_values(values)
        buttons = button_row("保存", self.accept_values, self.reject)
        layout = QVBoxLayout(self)
        if hint:
            label = QLabel(hint)
            label.setObjectName("Hint")
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.form)
        layout.addLayout(buttons)

    def accept_values(self) -> bool:
        with Saving(self, lambda exc: self.form.show_refusal(exc, self)) as saving:
            self.result_value = self._save(self.form.values())
        return saving.ok

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        fields: Sequence[FieldDef],
        values: dict[str, Any],
        save: Callable[[dict[str, Any]], Any],
        hint: str = "",
    ) -> Any:
        dialog = cls(title, fields, values, save, parent, hint)
        return dialog.result_value if dialog.exec() == QDialog.DialogCode.Accepted else None
