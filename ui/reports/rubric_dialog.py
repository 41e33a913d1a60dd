"""编辑考评细则: the county's rubric as a table the clerk edits — each item's name, points,
the figure it reads (or 手工评分) and the value earning full marks — with the total, the
等次 lines and the number of 流动红旗. A rubric that does not add up, or reads a figure
that does not exist, is refused in Chinese and nothing is saved. The rubric can also be
read from or written to the county's JSON file (the one `county-score --rubric` reads)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ValidationError
from app.reports.rubric import (
    DEFAULT_RUBRIC,
    Rubric,
    RubricItem,
    check_rubric,
    known_figures,
    load_rubric,
    office_rubric,
    rubric_json,
    save_rubric,
)
from ui.context import AppContext
from ui.widgets.form import Choice, button_row
from ui.widgets.messages import show_error, show_info
from ui.widgets.screen import fit_to_screen

HEADERS = ["考评项目", "分值", "读取的数据", "满分标准"]
BY_HAND = ""


def grades_text(grades: tuple[tuple[float, str], ...]) -> str:
    return "、".join(f"{low:g} {name}" for low, name in grades)


def parse_grades(text: str) -> tuple[tuple[float, str], ...]:
    """'90 优秀、80 良好、60 合格、0 不合格' -> ((90, '优秀'), …); refused in Chinese."""
    parts = [p.strip() for p in re.split(r"[、，,；;]", text) if p.strip()]
    grades = []
    for part in parts:
        found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*分?\s*(\S+)", part)
        if not found:
            raise ValidationError(
                {"grades": f"等次“{part}”写法不对，应写成分数线加等次，如“90 优秀、80 良好”"}
            )
        grades.append((float(found.group(1)), found.group(2)))
    return tuple(grades)


class RubricDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("编辑考评细则")
        self.figures = known_figures()
        self.title = QLineEdit()
        self.total = QSpinBox()
        self.total.setRange(1, 1000)
        self.total.setSuffix(" 分")
        self.total.valueChanged.connect(lambda _v: self._show_sum())
        self.red_flags = QSpinBox()
        self.red_flags.setRange(0, 20)
        self.red_flags.setSuffix(" 个乡镇")
        for spin in (self.total, self.red_flags):
            spin.setMaximumWidth(140)
        self.grades = QLineEdit()
        self.grades.setPlaceholderText("90 优秀、80 良好、60 合格、0 不合格")
        form = QFormLayout()
        form.addRow("考评名称", self.title)
        form.addRow("满分", self.total)
        form.addRow("等次分数线", self.grades)
        form.addRow("流动红旗名额", self.red_flags)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.sum_label = QLabel()
        self.table.itemChanged.connect(lambda _item: self._show_sum())
        add = QPushButton("添加一项")
        add.clicked.connect(lambda: self._add(RubricItem("", 0)))
        remove = QPushButton("删除所选项")
        remove.clicked.connect(self._remove)
        default = QPushButton("恢复内置细则")
        default.clicked.connect(lambda: self.show_rubric(DEFAULT_RUBRIC))
        read = QPushButton("从文件读入…")
        read.clicked.connect(self.read_file)
        write = QPushButton("另存为文件…")
        write.clicked.connect(self.write_file)
        tools = QHBoxLayout()
        for button in (add, remove, default):
            tools.addWidget(button)
        tools.addStretch()
        tools.addWidget(read)
        tools.addWidget(write)
        hint = QLabel(
            "读取计数的项目（次数）须填满分标准：达到该数得满分，不足按比例得分；比率项目"
            "满分标准默认 100。“手工评分”的项目由县人大常委会在考评页填写得分。"
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row("保存", self.save, self.reject, left=self.sum_label))
        self.saved: Rubric | None = None
        self.show_rubric(office_rubric(context.office))
        fit_to_screen(self, 860, 600)

    @classmethod
    def ask(cls, context: AppContext, parent: QWidget | None = None) -> bool:
        """Show the dialog; True when a rubric was saved (tests patch this or drive it)."""
        return cls(context, parent).exec() == QDialog.DialogCode.Accepted

    # ---- rubric <-> table -----------------------------------------------------------------

    def show_rubric(self, rubric: Rubric) -> None:
        self.title.setText(rubric.title)
        self.total.setValue(round(rubric.total))
        self.grades.setText(grades_text(rubric.grades))
        self.red_flags.setValue(rubric.red_flags)
        self.table.setRowCount(0)
        for item in rubric.items:
            self._add(item)
        self._show_sum()

    def _add(self, item: RubricItem) -> None:
        was = self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(item.label))
        self.table.setItem(row, 1, QTableWidgetItem(f"{item.points:g}" if item.points else ""))
        choice = Choice(
            [("手工评分", BY_HAND), *[(label, key) for key, (label, _k) in self.figures.items()]]
        )
        choice.set_value(item.figure)
        self.table.setCellWidget(row, 2, choice)
        self.table.setItem(row, 3, QTableWidgetItem(f"{item.target:g}" if item.target else ""))
        self.table.blockSignals(was)
        self._show_sum()

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self._show_sum()

    def _number(self, row: int, column: int, what: str, errors: dict[str, str]) -> float:
        cell = self.table.item(row, column)
        text = cell.text().strip() if cell else ""
        if not text:
            return 0.0
        try:
            return float(text)
        except ValueError:
            errors[f"item{row + 1}"] = f"第 {row + 1} 项的{what}“{text}”不是数字"
            return 0.0

    def rubric(self) -> Rubric:
        """The rubric as the table shows it (checked: a refusal says what to fix)."""
        errors: dict[str, str] = {}
        items = []
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            label = cell.text().strip() if cell else ""
            if not label:
                errors[f"item{row + 1}"] = f"第 {row + 1} 项没有名称"
            choice = self.table.cellWidget(row, 2)
            figure = choice.value() if isinstance(choice, Choice) else BY_HAND
            items.append(
                RubricItem(
                    label=label,
                    points=self._number(row, 1, "分值", errors),
                    figure=figure or "",
                    target=self._number(row, 3, "满分标准", errors),
                )
            )
        labels = [i.label for i in items if i.label]
        if len(labels) != len(set(labels)):
            errors["labels"] = "考评项目的名称不能重复（手工评分按名称记录）"
        try:
            grades = parse_grades(self.grades.text())
        except ValidationError as exc:
            errors.update(exc.fields)
            grades = ()
        if errors:
            raise ValidationError(errors)
        return check_rubric(
            Rubric(
                title=self.title.text().strip() or DEFAULT_RUBRIC.title,
                total=float(self.total.value()),
                items=tuple(items),
                grades=grades,
                red_flags=self.red_flags.value(),
            )
        )

    def _show_sum(self) -> None:
        points = 0.0
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 1)
            try:
                points += float(cell.text()) if cell and cell.text().strip() else 0
            except ValueError:
                pass
        ok = abs(points - self.total.value()) < 1e-6
        colour = "#2e7d32" if ok else "#c62828"
        self.sum_label.setText(
            f"<span style='color:{colour}'>各项分值合计 {points:g} 分"
            f"（满分 {self.total.value()} 分）</span>"
        )

    # ---- save, files ----------------------------------------------------------------------

    def save(self) -> None:
        try:
            self.saved = save_rubric(self.context.office, self.rubric())
        except ValidationError as exc:
            show_error(self, exc, "考评细则有误")
            return
        self.accept()

    def read_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "读入考评细则", "", "考评细则 (*.json);;所有文件 (*)"
        )
        if not name:
            return
        try:
            self.show_rubric(load_rubric(name))
        except ValidationError as exc:
            show_error(self, exc, "考评细则有误")

    def write_file(self) -> Path | None:
        try:
            rubric = self.rubric()
        except ValidationError as exc:
            show_error(self, exc, "考评细则有误")
            return None
        name, _filter = QFileDialog.getSaveFileName(
            self, "保存考评细则", "考评细则.json", "考评细则 (*.json)"
        )
        if not name:
            return None
        path = Path(name if name.lower().endswith(".json") else name + ".json")
        try:
            path.write_text(rubric_json(rubric), encoding="utf-8")
        except OSError as exc:
            show_error(self, f"无法保存到“{path}”：{exc.strerror}")
            return None
        show_info(self, f"考评细则已保存到：\n{path}")
        return path
