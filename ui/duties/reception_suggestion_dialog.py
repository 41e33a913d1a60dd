"""Make a voter's problem raised at a reception into a deputy's suggestion: the deputy who
leads it (one on duty, by default), co-signers, title, category, the voter's words as the
start of its content. The suggestion is registered and the reception item points at it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.errors import ValidationError
from app.deputies.deputies import DeputyQuery
from app.duties.reception_suggestions import draft, make_suggestion
from app.office import Office
from app.suggestions.records import Suggestion
from ui.widgets.deputy_chooser import DeputyChooser
from ui.widgets.deputy_picker import DeputyPicker
from ui.widgets.form import Choice, FieldMessages, FormGrid, Saving
from ui.widgets.long_text import long_text
from ui.widgets.save_row import save_row
from ui.widgets.screen import fit_to_screen


class ReceptionSuggestionDialog(QDialog):
    def __init__(self, office: Office, item_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self._item_id = item_id
        self.saved: Suggestion | None = None
        start = draft(office, item_id)
        self.setWindowTitle("转为代表建议")
        fit_to_screen(self, 820, 720)
        intro = QLabel(f"来源：{start.source_note}")
        intro.setObjectName("Hint")
        intro.setWordWrap(True)

        self.form = FormGrid(1)
        self.lead = DeputyChooser(
            office.deputies.choices(DeputyQuery(term_id=office.current_term_id(), status="serving"))
        )
        self.form.add("lead_deputy_id", "领衔代表", self.lead, required=True)
        self.title = QLineEdit(start.title)
        self.form.add("title", "建议标题", self.title, required=True)
        categories = office.reference.values("suggestion_categories")
        self.category = Choice([("", ""), *[(c, c) for c in categories]])
        self.form.add("category", "类别", self.category, required=True)
        self.received = QLineEdit(start.received_date)
        self.form.add("received_date", "收到日期", self.received, required=True)
        self.content = long_text(110, text=start.content)
        self.form.add("content", "内容", self.content)
        self.form.set_values({"lead_deputy_id": start.lead_deputy_id})

        self.picker = DeputyPicker(office)
        self.picker.load()
        self.picker.setMinimumHeight(180)
        self.picker_messages = FieldMessages()
        co_title = QLabel("附议代表（可不选）")
        co_title.setObjectName("SectionTitle")

        buttons, self.summary = save_row(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(co_title)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.picker_messages)
        layout.addLayout(buttons)

    def values(self) -> dict[str, Any]:
        values = self.form.values()
        values["co_signer_ids"] = [i for i in self.picker.selected() if i != self.lead.value()]
        return values

    def save(self) -> bool:
        values = self.values()

        def refused(exc: ValidationError) -> None:
            self.form.show_messages(exc.fields, {})
            self.picker_messages.show_messages(exc.fields.get("co_signer_ids", ""), "")
            known = set(self.form.widgets) | {"co_signer_ids"}
            others = [m for k, m in exc.fields.items() if k not in known]
            self.summary.setText("\n".join(others) or "请按提示修改后再保存。")

        with Saving(self, refused) as saving:
            self.saved = make_suggestion(
                self._office,
                self._item_id,
                lead_deputy_id=values["lead_deputy_id"],
                co_signer_ids=values["co_signer_ids"],
                title=values["title"],
                category=values["category"],
                content=values["content"],
                received_date=values["received_date"],
            )
        return saving.ok

    @classmethod
    def ask(cls, office: Office, item_id: int, parent: QWidget | None = None) -> Suggestion | None:
        dialog = cls(office, item_id, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
