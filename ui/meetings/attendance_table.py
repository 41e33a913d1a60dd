"""The attendance grid of one meeting: one row per person on the list, deputies in
姓氏笔画 order, then the non-voting attendees (列席). It holds the rows in memory (a
session has at most 160 deputies) and refreshes them in place, keeping the selection."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.exchange.lists import attendance_columns, on_screen
from app.meetings.attendance import AttendanceRow
from app.office import Office

SHOWN = on_screen(attendance_columns())  # after 序号
COLUMNS = ("序号", *[c.title for c in SHOWN])
STATUS_COLOURS = {
    "present": "#2e7d32",
    "leave": "#b26a00",
    "absent": "#c62828",
    "": "#9a9a9a",
    "observer": "#1f5f99",
}
STATUS_BACKGROUNDS = {"absent": "#fdecea", "leave": "#fff4e0", "": "#f4f4f4"}
STATUS_COLUMN = COLUMNS.index("出席情况")
LEAVE_COLUMN = COLUMNS.index("请假说明")


class AttendanceModel(QAbstractTableModel):
    def __init__(self, office: Office, parent: Any = None) -> None:
        super().__init__(parent)
        self._office = office
        self.meeting_id: int | None = None
        self.rows: list[AttendanceRow] = []

    def load(self, meeting_id: int | None) -> None:
        self.beginResetModel()
        self.meeting_id = meeting_id
        self.rows = self._office.meetings.attendance.rows(meeting_id) if meeting_id else []
        self.endResetModel()

    def refresh(self) -> None:
        """Read the rows again; when the same people are listed, repaint them in place."""
        if self.meeting_id is None:
            return
        fresh = self._office.meetings.attendance.rows(self.meeting_id)
        if [r.id for r in fresh] != [r.id for r in self.rows]:
            self.beginResetModel()
            self.rows = fresh
            self.endResetModel()
            return
        self.rows = fresh
        if fresh:
            self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, len(COLUMNS) - 1))

    def refresh_deputies(self, deputy_ids: list[int]) -> None:
        """Read again only these deputies' rows and repaint only them: marking a few of a
        160-deputy list must not repaint the whole list."""
        if self.meeting_id is None or not deputy_ids:
            return
        if len(deputy_ids) > 40:
            self.refresh()
            return
        fresh = {
            r.deputy_id: r
            for r in self._office.meetings.attendance.rows(self.meeting_id, deputy_ids)
        }
        for i, row in enumerate(self.rows):
            if row.deputy_id in fresh:
                self.rows[i] = fresh[row.deputy_id]
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def row_at(self, row: int) -> AttendanceRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS_COLUMN:
            return QBrush(QColor(STATUS_COLOURS[row.status]))
        if role == Qt.ItemDataRole.BackgroundRole and row.status in STATUS_BACKGROUNDS:
            return QBrush(QColor(STATUS_BACKGROUNDS[row.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, STATUS_COLUMN):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and column == LEAVE_COLUMN and row.leave_label:
            return row.leave_label
        return None

    @staticmethod
    def _text(number: int, row: AttendanceRow, column: int) -> str:
        return str(number + 1) if column == 0 else SHOWN[column - 1].text(row)
