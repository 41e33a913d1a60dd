"""设置: the configurable numbers and choices of app.core.settings.SETTINGS, one form."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ValidationError
from app.core.settings import SETTINGS
from ui.context import AppContext
from ui.widgets.form import Choice, FormGrid, read_value
from ui.widgets.messages import show_info
from ui.widgets.screen import scrolling


class SettingsTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.form = FormGrid(1)
        self.specs = [s for s in SETTINGS if s.editable]
        for spec in self.specs:
            widget: QWidget
            if spec.kind == "bool":
                widget = QCheckBox("是")
            elif spec.kind == "choice":
                widget = Choice(spec.choices)
            else:
                widget = QLineEdit()
                if spec.kind == "int":
                    widget.setMaximumWidth(120)
            self.form.add(spec.key, spec.label, widget)
            if spec.help:
                widget.setToolTip(spec.help)
        save = QPushButton("保存设置")
        save.setObjectName("Primary")
        save.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("Hint")
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(self.saved_label)
        buttons.addStretch()
        hint = QLabel("把鼠标停在输入框上可看到说明。修改后点“保存设置”。")
        hint.setObjectName("Hint")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(scrolling(self.form), 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        values = self.context.office.settings.all()
        self.form.set_values({s.key: values[s.key] for s in self.specs})
        self.form.show_messages({}, {})

    def save(self) -> bool:
        values = {key: read_value(w) for key, w in self.form.widgets.items()}
        try:
            self.context.office.settings.set_many(values)
        except ValidationError as exc:
            self.form.show_refusal(exc, self)  # a refusal of no field (a 查看 user) in a box
            return False
        self.form.show_messages({}, {})
        self.context.structure_changed.emit()
        show_info(self, "设置已保存。")
        return True
