"""One step of handling a suggestion (立案, 交办, 退回, 督办, 答复, 录入满意度 …): its date,
operator and note, and the fields of that step. The office checks; a refusal shows at the
field and keeps the dialog open, nothing saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.office import Office
from app.suggestions.records import Suggestion
from app.suggestions.rules import (
    ACTION_BY_KEY,
    COMBINED,
    RATINGS,
    SUPERVISION_METHODS,
    SUPERVISION_REASONS,
)
from ui.widgets.check_list import CheckList
from ui.widgets.form import Choice, FormGrid, Saving
from ui.widgets.messages import show_error

NOTE_LABELS = {
    "supervise": "办理进展",
    "withdraw": "撤回理由",
    "close": "办结说明",
    "rehandle": "代表意见",
    "mark_key": "列为重点的理由",
}


class SuggestionStepDialog(QDialog):
    def __init__(
        self, office: Office, suggestion: Suggestion, action: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._office = office
        self._s = suggestion
        self.action = action
        self.saved: Suggestion | None = None
        spec = ACTION_BY_KEY.get(action) or COMBINED[action]
        self.setWindowTitle(f"{spec.label}：{suggestion.number}")
        self.setMinimumWidth(640)

        unit = f"（主办：{suggestion.lead_unit_name}）" if suggestion.lead_unit_name else ""
        heading = QLabel(
            f"<b>{suggestion.number}</b>　{suggestion.title}<br>"
            f"现在：{suggestion.status_label}{unit}"
        )
        heading.setWordWrap(True)
        self.form = FormGrid(1)
        self.date = QLineEdit(dates.today().isoformat())
        self.date.setPlaceholderText("如 2026-11-22")
        self.form.add("date", "日期", self.date, required=True)
        self.fields: dict[str, QWidget] = {}
        getattr(self, f"_build_{action}", lambda: None)()
        self.operator = QLineEdit(office.settings.get("suggestion_operator"))
        self.form.add("operator", "经办人", self.operator, required=True)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(64)
        self.form.add("note", NOTE_LABELS.get(action, "说明"), self.note,
                      required=action == "withdraw")  # fmt: skip
        self.hint = QLabel(spec.hint)
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)

        ok = QPushButton(spec.label)
        ok.setObjectName("Primary")
        ok.setDefault(True)
        ok.clicked.connect(self.save)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.form, 1)
        layout.addLayout(buttons)
        self.date.textChanged.connect(self._date_changed)

    # ---- the fields of each step ------------------------------------------------------

    def _add(self, key: str, label: str, widget: QWidget, **kw: Any) -> QWidget:
        self.fields[key] = widget
        self.form.add(key, label, widget, **kw)
        return widget

    def _build_refuse(self) -> None:
        reason = QComboBox()
        reason.setEditable(True)
        reason.addItems(["", *self._office.reference.values("suggestion_refuse_reasons")])
        self._add("reason", "不予受理理由", reason, required=True)

    def _build_accept_assign(self) -> None:
        self._build_assign()

    def _build_assign(self) -> None:
        units = self._office.handling_units.list(include_inactive=False)
        lead = Choice([("（请选择）", None), *[(u.name, u.id) for u in units]])
        lead.set_value(
            self._s.lead_unit_id or self._office.suggestions.usual_unit(self._s.category)
        )
        self._add("lead_unit_id", "主办单位", lead, required=True)
        assist = CheckList("输入名称筛选协办单位")
        assist.set_items([(u.name, u.id) for u in units])
        assist.setMinimumHeight(130)
        self._add("assist_unit_ids", "协办单位", assist)
        complex_ = QCheckBox("复杂建议（答复期限六个月）")
        complex_.setChecked(self._s.is_complex)
        self._add("is_complex", "", complex_)
        lead.currentIndexChanged.connect(
            lambda _i: assist.set_hidden_values([lead.value()] if lead.value() else [])
        )
        complex_.toggled.connect(lambda _c: self._date_changed())
        assist.set_hidden_values([lead.value()] if lead.value() else [])

    _build_reassign = _build_assign

    def _build_give_back(self) -> None:
        self._add("reason", "退回理由", QLineEdit(), required=True)

    def _build_supervise(self) -> None:
        reason = Choice([(label, key) for key, label in SUPERVISION_REASONS.items()])
        reason.set_value("key" if self._s.is_key else "overdue")
        self._add("reason", "督办原因", reason, required=True)
        method = QComboBox()
        method.setEditable(True)
        method.addItems(list(SUPERVISION_METHODS))
        self._add("method", "督办方式", method, required=True)
        deadline = QLineEdit()
        deadline.setPlaceholderText("限期答复的日期，可不填")
        self._add("new_deadline", "新的答复期限", deadline)

    def _signer_table(self, columns: list[str]) -> QTableWidget:
        table = QTableWidget(len(self._s.signers), len(columns))
        table.setHorizontalHeaderLabels(columns)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setFixedHeight(40 + 32 * min(len(self._s.signers), 6))
        for row, signer in enumerate(self._s.signers):
            who = QTableWidgetItem(signer.name + ("（领衔）" if signer.role == "lead" else ""))
            who.setFlags(who.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, 0, who)
        return table

    def _build_reply(self) -> None:
        classes = self._office.suggestions.classes()
        klass = Choice([("（请选择）", ""), *[(f"{c}类　{label}", c) for c, label in classes]])
        self._add("result_class", "办理结果", klass, required=True)
        summary = QPlainTextEdit()
        summary.setFixedHeight(70)
        summary.setPlaceholderText("答复函的主要内容")
        self._add("summary", "答复内容", summary, required=self.action == "follow_up")
        letters = self._signer_table(["代表", "答复函日期"])
        for row in range(letters.rowCount()):
            letters.setItem(row, 1, QTableWidgetItem(self.date.text()))
        self._add("letters", "答复每位代表", letters)

    _build_follow_up = _build_reply

    def _build_rate(self) -> None:
        table = self._signer_table(["代表", "办理过程", "办理结果", "意见"])
        for row in range(table.rowCount()):
            for col in (1, 2):
                table.setCellWidget(
                    row, col, Choice([(label, code) for code, label in RATINGS.items()])
                )
            table.setItem(row, 3, QTableWidgetItem(""))
        self._add("ratings", "征询意见", table, required=True)

    def _date_changed(self) -> None:
        letters = self.fields.get("letters")
        if isinstance(letters, QTableWidget):
            for row in range(letters.rowCount()):
                letters.item(row, 1).setText(self.date.text())

    # ---- saving -----------------------------------------------------------------------

    def inputs(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, Choice):
                values[key] = widget.value()
            elif isinstance(widget, QComboBox):
                values[key] = widget.currentText()
            elif isinstance(widget, QCheckBox):
                values[key] = widget.isChecked()
            elif isinstance(widget, CheckList):
                values[key] = widget.checked()
            elif isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text()
            elif key == "letters":
                values[key] = {
                    s.deputy_id: widget.item(row, 1).text() for row, s in enumerate(self._s.signers)
                }
            elif key == "ratings":
                values[key] = {
                    s.deputy_id: (
                        widget.cellWidget(row, 1).value(),
                        widget.cellWidget(row, 2).value(),
                        widget.item(row, 3).text(),
                    )
                    for row, s in enumerate(self._s.signers)
                }
        return values

    def save(self) -> bool:
        step = {
            "date": self.date.text(),
            "operator": self.operator.text(),
            "note": self.note.toPlainText(),
        }

        def refused(exc: ValidationError) -> None:
            shown = {k: v for k, v in exc.fields.items() if k in self.form.widgets}
            self.form.show_messages(shown, {})
            if len(shown) < len(exc.fields):
                show_error(
                    self, ValidationError({k: v for k, v in exc.fields.items() if k not in shown})
                )

        with Saving(self, refused) as saving:
            self.saved = self._office.suggestions.act(
                self._s.id, self.action, **self.inputs(), **step
            )
        return saving.ok

    @classmethod
    def run(
        cls, office: Office, suggestion: Suggestion, action: str, parent: QWidget | None
    ) -> Suggestion | None:
        dialog = cls(office, suggestion, action, parent)
        dialog.exec()
        return dialog.saved
