"""The 建议 tab of a deputy's file (一人一档 part ⑥): the suggestions they led or co-signed,
with where each stands and how it ended. Double-click opens it on the 建议办理 page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from app.core import dates
from app.deputies.deputies import Deputy
from ui.context import AppContext
from ui.pages.specs import FileTabWidget


class DeputySuggestionsTab(FileTabWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.summary = QLabel()
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            ["编号", "标题", "身份", "收到日期", "状态", "办理结果", "满意度"]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for col, width in enumerate((96, 330, 50, 120, 90, 200)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        hint = QLabel("双击一件建议，转到“建议办理”查看办理过程。")
        hint.setObjectName("Hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        context.changed.connect(self._changed)
        self._deputy: Deputy | None = None

    def show_deputy(self, deputy: Deputy) -> None:
        self._deputy = deputy
        suggestions = self.context.office.suggestions
        rows = suggestions.of_deputy(deputy.id)
        led = sum(1 for _r, role in rows if role == "领衔")
        closed = sum(1 for r, _role in rows if r.status == "closed")
        self.summary.setText(
            f"领衔提出 {led} 件，附议 {len(rows) - led} 件；已办结 {closed} 件。"
            if rows
            else "还没有提出或附议过建议。"
        )
        self.table.setRowCount(len(rows))
        for r, (row, role) in enumerate(rows):
            result = (
                f"{row.result_class}类（{suggestions.class_label(row.result_class)}）"
                if row.result_class
                else ""
            )
            cells = [
                row.number,
                row.title,
                role,
                dates.format_date(row.received_date),
                row.status_label,
                result,
                row.satisfaction_label,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.table.setItem(r, c, item)

    def _open(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.context.open_record("suggestions", items[0].data(Qt.ItemDataRole.UserRole))

    def _changed(self, area: str, _ids: list) -> None:
        if area == "suggestions" and self._deputy is not None and self.isVisible():
            self.show_deputy(self._deputy)
