"""The meeting list as a lazy, cached table model (ui/models/lazy_table.py): the ids of the
matching meetings, their rows fetched in pages when the view asks for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.dates import format_date
from app.meetings import MeetingId, MeetingQuery, MeetingRow
from app.office import Office
from ui.models.lazy_table import LazyTableModel


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[MeetingRow], str]
    width: int = 80
    numeric: bool = False
    key: str = ""  # the list keeps its order (newest first): no column sorts it


def meeting_columns(*, county: bool) -> list[Column]:
    columns = [
        Column("日期", lambda r: format_date(r.start_date), 112),
        Column("类别", lambda r: r.kind_label, 90),
        Column("会议名称", lambda r: r.title, 330),
        Column("地点", lambda r: r.place, 150),
        Column("应到", lambda r: str(r.expected) if r.expected else "", 50, True),
        Column("实到", lambda r: str(r.present) if r.expected else "", 50, True),
        Column("请假", lambda r: str(r.leave) if r.expected else "", 50, True),
        Column("缺席", lambda r: str(r.absent) if r.expected else "", 50, True),
        Column("列席", lambda r: str(r.observers) if r.observers else "", 50, True),
        Column("决议", lambda r: str(r.resolutions) if r.resolutions else "", 50, True),
        Column("状态", lambda r: r.status_label, 70),
    ]
    if county:
        columns.insert(0, Column("乡镇", lambda r: r.township_name, 80))
    return columns


class MeetingTableModel(LazyTableModel[MeetingRow]):
    def __init__(self, office: Office, columns: list[Column], parent: Any = None) -> None:
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
        text = column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 16 else None
        return text
