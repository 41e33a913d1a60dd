"""The meeting list as a lazy, cached table model (ui/models/lazy_table.py): the ids of the
matching meetings, their rows fetched in pages when the view asks for them. The columns
are the list's (app.exchange.lists.meeting_columns), shared with its export."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.exchange.lists import ListColumn
from app.meetings.meetings import MeetingId, MeetingQuery, MeetingRow
from app.office import Office
from ui.models.lazy_table import LazyTableModel


class MeetingTableModel(LazyTableModel[MeetingRow]):
    def __init__(
        self, office: Office, columns: list[ListColumn[MeetingRow]], parent: Any = None
    ) -> None:
        super().__init__(
            columns, MeetingQuery(), office.meetings.search, office.meetings.rows, parent
        )

    def meeting_id(self, row: int) -> MeetingId | None:
        found = self.record_id(row)
        return None if found is None else MeetingId(found)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter if column.numeric else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "planned":
                return QBrush(QColor("#8a6d00"))
            if column.title == "缺席" and row.absent:
                return QBrush(QColor("#c62828"))
            return None
        text = column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 16 else None
        return text
