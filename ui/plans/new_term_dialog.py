"""开始新一届（换届）: the guided step that starts the next term: its number and first day,
the re-elected deputies ticked (carried over with identity and photo, linked to their
records of this term) with their new card numbers (typed or numbered in order, repeats
refused), the groups and constituencies continued. Nothing of the current term is
changed; it stays browsable in 代表名册 by choosing its term. The new presidium is not
typed here: it comes from the first session's elections (任职与选举)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QDialog, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.errors import ValidationError
from app.plans.new_term import NewTermResult
from ui.plans.reelected_table import ReelectedTable
from ui.widgets.form import FieldMessages, FormGrid, Saving
from ui.widgets.save_row import save_row

if TYPE_CHECKING:
    from app.office import Office


class NewTermDialog(QDialog):
    def __init__(self, office: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.result_value: NewTermResult | None = None
        current = office.terms.current()
        self.setWindowTitle("开始新一届（换届）")
        self.resize(900, 600)
        hint = QLabel(
            "换届选举完成、新一届人民代表大会第一次会议召开后，在这里开始新一届。"
            f"{current.name if current else '上一届'}的代表、会议和档案全部保留"
            "（在“代表名册”中选择届次查看）；"
            "连任代表带上身份信息和照片转入，与上一届档案相互关联；新当选的代表之后在“代表名册”中登记。"
            "上一届人大主席、副主席、主席团成员和镇长、副镇长的任职于新一届开始之日届满；"
            "新一届主席团不用在这里填写，由“任职与选举”中第一次会议的选举结果产生。"
        )
        hint.setWordWrap(True)
        hint.setObjectName("Hint")
        self.form = FormGrid(3)
        self.number = QLineEdit(str(current.number + 1) if current else "")
        self.form.add("number", "新一届届次", self.number, required=True)
        self.start_date = QLineEdit()
        self.start_date.setPlaceholderText("第一次会议的日期，如 2027-01-05")
        self.form.add("start_date", "开始日期", self.start_date, required=True)
        self.end_date = QLineEdit()
        self.end_date.setPlaceholderText("不填按任期计算")
        self.form.add("end_date", "届满日期", self.end_date)
        self.carry_groups = QCheckBox("代表小组延续（同名小组，连任的组长继续任组长）")
        self.carry_groups.setChecked(True)
        self.carry_constituencies = QCheckBox("选区延续（同一编号的选区）")
        self.carry_constituencies.setChecked(True)
        people = QGroupBox("连任代表（勾选再次当选的代表，填写或自动编排新一届的代表证号）")
        self.picker = ReelectedTable(office)
        self.picker.load(current.id if current else None, current.number + 1 if current else None)
        self.number.textChanged.connect(self.picker.prefix.setText)
        self.picker.changed.connect(lambda: self.picker_messages.show_messages("", ""))
        self.picker_messages = FieldMessages()
        box = QVBoxLayout(people)
        box.addWidget(self.picker, 1)
        box.addWidget(self.picker_messages)
        buttons, self.summary = save_row(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.form)
        layout.addWidget(self.carry_groups)
        layout.addWidget(self.carry_constituencies)
        layout.addWidget(people, 1)
        layout.addLayout(buttons)

    def save(self) -> bool:
        def refused(exc: ValidationError) -> None:
            self.form.show_messages(exc.fields, {})
            self.picker_messages.show_messages(exc.fields.get("reelected", ""), "")
            self.summary.setText("请按提示修改后再保存。")

        values = self.form.values()
        with Saving(self, refused) as saving:
            self.result_value = self._office.new_term.start(
                number=values["number"],
                start_date=values["start_date"],
                end_date=values["end_date"],
                reelected=self.picker.reelected(),
                carry_groups=self.carry_groups.isChecked(),
                carry_constituencies=self.carry_constituencies.isChecked(),
            )
        return saving.ok

    @classmethod
    def ask(cls, office: Office, parent: QWidget | None = None) -> NewTermResult | None:
        dialog = cls(office, parent)
        return dialog.result_value if dialog.exec() == QDialog.DialogCode.Accepted else None
