"""小组计划: each deputy group's yearly activity plan and work summary, with scans attached;
groups missing one stand out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import ValidationError
from app.plans.groups import ATTACHMENT_KIND, GroupYear
from ui.context import AppContext
from ui.pages.record_page import year_choice
from ui.widgets.attachments import AttachmentList
from ui.widgets.messages import show_error

AREA = "group_plans"
MISSING = "#c62828"


class GroupPlansTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        editable = context.office.editable
        this_year = dates.today().year
        self.year = year_choice([this_year + 1, this_year, this_year - 1, this_year - 2],
                                self.reload)  # fmt: skip
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("GroupPlans")
        self.table.setHorizontalHeaderLabels(["代表小组", "成员", "活动计划", "工作总结"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for column, width in enumerate((150, 60, 180)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.title = QLabel("选中一个代表小组，填写它的年度活动计划和工作总结。")
        self.title.setObjectName("SectionTitle")
        self.plan = QPlainTextEdit()
        self.plan.setPlaceholderText("年度活动计划：每季度活动安排、视察调研题目、坐班接待、述职……")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("年终工作总结：开展活动、提出建议、接待选民的情况……")
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("Primary")
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("Hint")
        self.attachments = AttachmentList(
            context, ATTACHMENT_KIND, "计划、总结的签字盖章扫描件，保存计划或总结后可添加。"
        )
        self.attachments.add_button.setEnabled(False)
        self._editable = editable

        editor = QWidget()
        grid = QGridLayout(editor)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(QLabel("活动计划"), 1, 0)
        grid.addWidget(QLabel("工作总结"), 1, 1)
        grid.addWidget(self.plan, 2, 0)
        grid.addWidget(self.summary, 2, 1)
        grid.addWidget(self.message, 3, 0)
        grid.addWidget(self.save_button, 3, 1, Qt.AlignmentFlag.AlignRight)
        lower = QSplitter()
        lower.addWidget(editor)
        lower.addWidget(self.attachments)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        row = QGridLayout()
        row.addWidget(QLabel("年份"), 0, 0)
        row.addWidget(self.year, 0, 1)
        row.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        self.groups: list[GroupYear] = []
        self.reload()

    def reload(self) -> None:
        office = self.context.office
        if not office.is_set_up or office.mode != "township":
            return
        chosen = self.selected()
        year = self.year.value() or dates.today().year
        self.groups = office.group_plans.year(year)
        self.table.setRowCount(len(self.groups))
        for row, g in enumerate(self.groups):
            texts = (
                g.group_name,
                str(g.members),
                f"有（{dates.format_date(g.plan_date)}）" if g.has_plan else "缺",
                f"有（{dates.format_date(g.summary_date)}）"
                if g.has_summary
                else ("缺" if year < dates.today().year else "年底填写"),
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, g.group_id)
                if text == "缺":
                    cell.setForeground(QBrush(QColor(MISSING)))
                self.table.setItem(row, column, cell)
            if chosen is not None and g.group_id == chosen.group_id:
                self.table.selectRow(row)

    def selected(self) -> GroupYear | None:
        items = self.table.selectedItems()
        if not items:
            return None
        group_id = items[0].data(Qt.ItemDataRole.UserRole)
        return next((g for g in self.groups if g.group_id == group_id), None)

    def show_selected(self) -> None:
        g = self.selected()
        self.save_button.setEnabled(g is not None and self._editable)
        if g is None:
            return
        self.title.setText(f"{g.group_name}{g.year}年")
        self.plan.setPlainText(g.plan)
        self.summary.setPlainText(g.summary)
        self.message.setText("")
        self.attachments.set_owner(g.uuid)
        self.attachments.add_button.setEnabled(bool(g.uuid) and self._editable)

    def save(self) -> bool:
        g = self.selected()
        if g is None:
            return False
        try:
            saved = self.context.office.group_plans.save(
                g.group_id, g.year, plan=self.plan.toPlainText(), summary=self.summary.toPlainText()
            )
        except ValidationError as exc:
            show_error(self, exc)
            return False
        self.context.changed.emit(AREA, [g.group_id])
        self.reload()
        self.message.setText(f"已保存（{saved.state_label}）")
        self.attachments.set_owner(saved.uuid)
        self.attachments.add_button.setEnabled(bool(saved.uuid))
        return True
