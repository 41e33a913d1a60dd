"""Edit the duty score's rule table (points and yearly cap of every kind of event) and
its base, maximum and grade lines. Everything is checked before anything is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ValidationError
from app.duties.scoring import Rule, format_points
from app.office import Office
from ui.widgets.form import FormGrid
from ui.widgets.messages import confirm
from ui.widgets.screen import fit_to_screen

POINTS, CAP = 1, 2
ERROR_BACKGROUND = QBrush(QColor("#fde0e0"))


def _cap(rule: Rule) -> str:
    return "" if rule.yearly_cap is None else format_points(rule.yearly_cap)


class ScoreRulesDialog(QDialog):
    def __init__(self, office: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.setWindowTitle("履职积分规则")
        fit_to_screen(self, 760, 680)
        self.policy = FormGrid(4)
        self.inputs: dict[str, QLineEdit] = {}
        for key, label in (
            ("base", "基础分"),
            ("maximum", "满分"),
            ("good_from", "“好”不低于"),
            ("fair_from", "“较好”不低于"),
        ):
            edit = QLineEdit()
            edit.setMaximumWidth(80)
            self.policy.add(key, label, edit)
            self.inputs[key] = edit
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["积分项目", "分值（扣分填负数）", "年度上限", "默认"])
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 140)
        self.table.setColumnWidth(2, 100)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(
            QTableWidget.EditTrigger.AllEditTriggers & ~QTableWidget.EditTrigger.CurrentChanged
        )
        self.errors = QLabel()
        self.errors.setObjectName("FieldError")
        self.errors.setWordWrap(True)
        hint = QLabel(
            "每项代表活动、坐班接待、述职等按分值计分，年度上限为该项全年最多计的分数（留空为不限）；"
            "总分 = 基础分 + 加分 − 扣分，不超过满分。每一分都可在积分明细中查到出处。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        save = QPushButton("保存")
        save.setObjectName("Primary")
        save.clicked.connect(self.save)
        reset = QPushButton("恢复默认")
        reset.clicked.connect(self.reset)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(reset)
        buttons.addStretch()
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.policy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)
        self.rules: list[Rule] = []
        self.fill()

    def fill(self) -> None:
        scores = self._office.scores
        policy = scores.policy()
        self.policy.set_values(
            {
                k: format_points(getattr(policy, k))
                for k in ("base", "maximum", "good_from", "fair_from")
            }
        )
        self.rules = scores.rules()
        self.table.setRowCount(len(self.rules))
        for row, rule in enumerate(self.rules):
            label = QTableWidgetItem(rule.label)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            label.setData(Qt.ItemDataRole.UserRole, rule.key)
            default = QTableWidgetItem(
                f"{format_points(rule.default_points)}"
                + ("" if rule.default_cap is None else f"，上限 {format_points(rule.default_cap)}")
            )
            default.setFlags(default.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, label)
            self.table.setItem(row, POINTS, QTableWidgetItem(format_points(rule.points)))
            self.table.setItem(row, CAP, QTableWidgetItem(_cap(rule)))
            self.table.setItem(row, 3, default)
        self.errors.setText("")

    def set_cell(self, key: str, column: int, text: str) -> None:
        row = next(i for i, rule in enumerate(self.rules) if rule.key == key)
        self.table.item(row, column).setText(text)

    def edited_rules(self) -> dict[str, dict[str, str]]:
        return {
            rule.key: {
                "points": self.table.item(row, POINTS).text(),
                "yearly_cap": self.table.item(row, CAP).text(),
            }
            for row, rule in enumerate(self.rules)
        }

    def save(self) -> bool:
        for row in range(self.table.rowCount()):
            for column in (POINTS, CAP):
                self.table.item(row, column).setBackground(QBrush())
        try:
            self._office.scores.set_rules(self.edited_rules(), self.policy.values())
        except ValidationError as exc:
            self.policy.show_messages(exc.fields, {})
            for key in exc.fields:
                rule_key, _, part = key.partition(".")
                for row, rule in enumerate(self.rules):
                    if rule.key == rule_key:
                        column = POINTS if part == "points" else CAP
                        self.table.item(row, column).setBackground(ERROR_BACKGROUND)
            self.errors.setText("没有保存：\n" + "\n".join(exc.fields.values()))
            return False
        self.accept()
        return True

    def reset(self) -> None:
        if confirm(self, "恢复默认", "把积分规则全部恢复为默认值吗？"):
            self._office.scores.reset_rules()
            self.fill()

    @classmethod
    def ask(cls, office: Office, parent: QWidget | None = None) -> bool:
        return cls(office, parent).exec() == QDialog.DialogCode.Accepted
