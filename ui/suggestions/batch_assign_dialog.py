"""交办会: after a session the presidium assigns many suggestions at once. Each chosen row
gets its lead unit (the usual one for its category is offered), assisting units and the
complex flag; all are assigned on one date in one transaction, or none."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.office import Office
from app.suggestions.records import Suggestion, SuggestionQuery
from ui.widgets.check_list import CheckList
from ui.widgets.form import Choice, FormGrid, Saving
from ui.widgets.screen import fit_to_screen

CHECK, NUMBER, TITLE, CATEGORY, LEAD, ASSIST, COMPLEX = range(7)


class _AssistDialog(QDialog):
    def __init__(self, units: list[tuple[str, int]], chosen: list[int], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择协办单位")
        self.list = CheckList("输入名称筛选")
        self.list.set_items(units, chosen)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        fit_to_screen(self, 360, 420)


class BatchAssignDialog(QDialog):
    def __init__(self, office: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.done_list: list[Suggestion] = []
        self.setWindowTitle("交办会：批量交办建议")
        fit_to_screen(self, 1100, 640)
        suggestions = office.suggestions
        ids = suggestions.search(SuggestionQuery(kind="suggestion", status="registered")) + (
            suggestions.search(SuggestionQuery(kind="suggestion", status="accepted"))
        )
        self.rows = sorted(suggestions.rows(ids), key=lambda r: r.number)
        self.units = [(u.name, u.id) for u in office.handling_units.list(include_inactive=False)]
        self.assist: dict[int, list[int]] = {}

        self.table = QTableWidget(len(self.rows), 7)
        self.table.setHorizontalHeaderLabels(
            ["交办", "编号", "标题", "类别", "主办单位", "协办单位", "复杂"]
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((CHECK, 44), (NUMBER, 90), (CATEGORY, 80), (LEAD, 210),
                           (ASSIST, 150), (COMPLEX, 50)):  # fmt: skip
            self.table.setColumnWidth(col, width)
        for r, row in enumerate(self.rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(r, CHECK, check)
            for col, text in ((NUMBER, row.number), (TITLE, row.title), (CATEGORY, row.category)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(text)
                self.table.setItem(r, col, item)
            lead = Choice([("（请选择）", None), *self.units])
            lead.set_value(suggestions.usual_unit(row.category))
            self.table.setCellWidget(r, LEAD, lead)
            button = QPushButton("无")
            button.clicked.connect(lambda _c=False, rr=r: self.choose_assist(rr))
            self.table.setCellWidget(r, ASSIST, button)
            self.table.setCellWidget(r, COMPLEX, QCheckBox())

        self.form = FormGrid(2)
        self.date = QLineEdit(dates.today().isoformat())
        self.form.add("date", "交办日期", self.date, required=True)
        self.operator = QLineEdit(office.settings.get("suggestion_operator"))
        self.form.add("operator", "经办人", self.operator, required=True)
        hint = QLabel(
            f"共 {len(self.rows)} 件已登记或已立案、尚未交办的建议。已登记的将同日立案并交办。"
            "主办单位默认为以往办理同类建议最多的单位，请逐件核对。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.errors = QLabel()
        self.errors.setObjectName("FieldError")
        self.errors.setWordWrap(True)
        ok = QPushButton("交办选中的建议")
        ok.setObjectName("Primary")
        ok.clicked.connect(self.save)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.errors, 1)
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        layout.addLayout(buttons)

    def choose_assist(self, row: int) -> None:
        lead = self.table.cellWidget(row, LEAD).value()
        units = [(name, uid) for name, uid in self.units if uid != lead]
        dialog = _AssistDialog(units, self.assist.get(row, []), self)
        if dialog.exec():
            self.set_assist(row, dialog.list.checked())

    def set_assist(self, row: int, unit_ids: list[int]) -> None:
        self.assist[row] = unit_ids
        names = [name for name, uid in self.units if uid in unit_ids]
        button = self.table.cellWidget(row, ASSIST)
        button.setText("、".join(names) or "无")
        button.setToolTip("、".join(names))

    def entries(self) -> list[dict[str, Any]]:
        out = []
        for r, row in enumerate(self.rows):
            if self.table.item(r, CHECK).checkState() != Qt.CheckState.Checked:
                continue
            out.append(
                {
                    "suggestion_id": row.id,
                    "lead_unit_id": self.table.cellWidget(r, LEAD).value(),
                    "assist_unit_ids": self.assist.get(r, []),
                    "is_complex": True if self.table.cellWidget(r, COMPLEX).isChecked() else None,
                }
            )
        return out

    def save(self) -> bool:
        with Saving(
            self,
            lambda exc: self.errors.setText(
                "没有交办，请先改正：\n" + "\n".join(exc.fields.values())
            ),
        ) as saving:
            self.done_list = self._office.suggestions.assign_many(
                self.entries(), date=self.date.text(), operator=self.operator.text()
            )
        return saving.ok

    @classmethod
    def run(cls, office: Office, parent: QWidget | None) -> list[Suggestion]:
        dialog = cls(office, parent)
        dialog.exec()
        return dialog.done_list
