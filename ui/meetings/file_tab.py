"""The 会议 tab of a deputy's file: their meetings per year (attended, leave, absent), the
attendance rate, and every meeting; double-click opens it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from app.core import dates
from app.deputies.deputies import Deputy
from app.meetings.rules import KIND_SHORT
from ui.context import AppContext
from ui.pages.specs import FileTabWidget


def _table(headers: list[str], widths: list[int]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    for i, width in enumerate(widths):
        table.setColumnWidth(i, width)
    return table


class MeetingsFileTab(FileTabWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.deputy: Deputy | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.years = _table(["年份", "应出席", "出席", "请假", "缺席", "出席率"], [80] * 5)
        self.years.setMaximumHeight(150)
        self.years.horizontalHeader().setStretchLastSection(False)
        self.meetings = _table(["日期", "类别", "会议", "出席情况", "请假说明"], [120, 90, 380, 80])
        self.meetings.doubleClicked.connect(self._open)
        hint = QLabel("双击一次会议，打开该会议。")
        hint.setObjectName("Hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.years)
        layout.addWidget(self.meetings, 1)
        layout.addWidget(hint)
        context.changed.connect(self._changed)

    def show_deputy(self, deputy: Deputy) -> None:
        self.deputy = deputy
        record = self.context.office.meetings.attendance.deputy_record(deputy.id)
        total = sum(y.expected for y in record.years)
        present = sum(y.present for y in record.years)
        text = (
            f"共应出席 {total} 次会议，出席 {present} 次，出席率 {present / total * 100:.1f}%。"
            if total
            else "还没有登记过出席情况的会议。"
        )
        if record.unapproved_session_absences:
            text += (
                f"<span style='color:#c62828'>本届未经批准缺席人民代表大会会议 "
                f"{record.unapproved_session_absences} 次（两次的，代表资格依法终止）。</span>"
            )
        self.summary.setText(text)
        self.years.setRowCount(len(record.years))
        for row, year in enumerate(record.years):
            cells = (
                f"{year.year}年",
                str(year.expected),
                str(year.present),
                str(year.leave),
                str(year.absent),
                year.rate_label,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.years.setItem(row, column, item)
        self.meetings.setRowCount(len(record.meetings))
        for row, m in enumerate(record.meetings):
            leave = f"{m.leave_kind}：{m.leave_reason}" if m.status == "leave" else ""
            cells = (
                dates.format_date(m.start_date),
                KIND_SHORT[m.kind],
                m.title,
                m.status_label,
                leave.strip("："),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.meeting_id)
                self.meetings.setItem(row, column, item)

    def _open(self) -> None:
        items = self.meetings.selectedItems()
        if items:
            self.context.open_record("meetings", items[0].data(Qt.ItemDataRole.UserRole))

    def _changed(self, area: str, _ids: list) -> None:
        if area == "meetings" and self.deputy is not None:
            self.show_deputy(self.deputy)
