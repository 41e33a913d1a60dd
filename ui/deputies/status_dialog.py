"""Suspend, restore or end a deputy's status (代表法 art. 61, 62), with date and reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.deputies.deputies import Deputy
from app.office import Office
from ui.widgets.form import Choice, FormGrid, Saving, button_row
from ui.widgets.messages import confirm
from ui.widgets.screen import fit_to_screen

REASON_LISTS = {"suspended": "suspend_reasons", "ended": "end_reasons"}


class StatusDialog(QDialog):
    def __init__(self, office: Office, deputy: Deputy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self._deputy = deputy
        self.saved: Deputy | None = None
        self.setWindowTitle(f"变更代表状态：{deputy.name}")
        fit_to_screen(self, 560, 380)

        current = QLabel(
            f"{deputy.name}现在的状态：<b>{deputy.status_label}</b>"
            + (
                f"（{dates.format_date(deputy.status_date)}，{deputy.status_reason}）"
                if deputy.status_date
                else ""
            )
        )
        self.form = FormGrid(1)
        self.action = Choice(
            [(label, status) for status, label in office.deputies.allowed_status_changes(deputy)]
        )
        self.form.add("status", "变更为", self.action, required=True)
        self.date = QLineEdit(dates.today().isoformat())
        self.date.setPlaceholderText("如 2026-11-22")
        self.form.add("date", "日期", self.date, required=True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.form.add("reason", "原因", self.reason)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.note.setPlaceholderText("如：经主席团会议确认；撤销终止时写明原因")
        self.form.add("note", "说明", self.note)
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)

        buttons = button_row("确定", self.save, self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addWidget(self.form)
        layout.addWidget(self.hint)
        layout.addStretch()
        layout.addLayout(buttons)
        self.action.currentIndexChanged.connect(self._action_changed)
        self._action_changed()

    def _action_changed(self) -> None:
        status = self.action.value()
        list_key = REASON_LISTS.get(status)
        self.reason.clear()
        self.reason.setEnabled(list_key is not None)
        if list_key:
            self.reason.addItems(["", *self._office.reference.values(list_key)])
        hints = {
            "ended": "终止后，该代表不再计入应到人数，也不能再参加会议；档案完整保留。",
            "suspended": "暂停期间不参加会议和代表活动，不计入应到人数。",
            "serving": "恢复或更正后，该代表重新计入应到人数。",
        }
        self.hint.setText(hints.get(status, ""))

    def save(self) -> bool:
        status = self.action.value()
        if status == "ended" and not confirm(
            self,
            "终止代表资格",
            f"确定终止{self._deputy.name}的代表资格吗？此操作会记入状态历史。",
        ):
            return False
        with Saving(self, lambda exc: self.form.show_messages(exc.fields, {})) as saving:
            self.saved = self._office.deputies.set_status(
                self._deputy.id,
                status=status,
                date=self.date.text(),
                reason=self.reason.currentText(),
                note=self.note.toPlainText(),
            )
        return saving.ok

    @classmethod
    def change(cls, office: Office, deputy: Deputy, parent: QWidget | None) -> Deputy | None:
        dialog = cls(office, deputy, parent)
        dialog.exec()
        return dialog.saved
