"""The suggestion list as a lazy, cached table model (the pattern of deputy_table.py): it
holds the ids of the matches and fetches rows a page at a time when the view asks.

Due soon and overdue replies are marked in the 答复期限 column (amber / red)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app import dates
from app.office import Office
from app.suggestion_records import SuggestionQuery, SuggestionRow

PAGE = 100
ID_ROLE = Qt.ItemDataRole.UserRole + 2
DUE_COLOURS = {"overdue": "#c62828", "due_soon": "#b26a00"}
FINAL_GREY = "#8a8a8a"


@dataclass(frozen=True)
class Column:
    key: str  # the sort key understood by app.suggestions.SORT_KEYS ("" = not sortable)
    title: str
    value: Callable[[SuggestionRow], str]
    width: int = 80


def _lead(row: SuggestionRow) -> str:
    return row.lead_name + (f" 等{row.co_count + 1}人" if row.co_count else "")


def suggestion_columns(*, county: bool) -> list[Column]:
    columns = [
        Column("number", "编号", lambda r: r.number, 96),
        Column("title", "标题", lambda r: ("★ " if r.is_key else "") + r.title, 290),
        Column("lead", "提出代表", _lead, 100),
        Column("category", "类别", lambda r: r.category, 76),
        Column("status", "状态", lambda r: r.status_label, 86),
        Column("unit", "主办单位", lambda r: r.lead_unit_name, 150),
        Column("deadline", "答复期限", lambda r: dates.format_date(r.deadline), 170),
        Column("result", "结果", lambda r: r.result_class, 44),
        Column("", "满意度", lambda r: r.satisfaction_label, 70),
    ]
    if county:
        columns.insert(0, Column("township", "乡镇", lambda r: r.township_name, 70))
    return columns


class SuggestionTableModel(QAbstractTableModel):
    sorted = Signal()

    def __init__(self, office: Office, columns: list[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._office = office
        self.columns = columns
        self._query = SuggestionQuery()
        self._ids: list[int] = []
        self._rows: dict[int, SuggestionRow] = {}
        self._today = ""
        self._soon = ""

    @property
    def query(self) -> SuggestionQuery:
        return self._query

    def set_query(self, query: SuggestionQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._today, self._soon = self._office.suggestions.due_bounds(None)
        self._ids = self._office.suggestions.search(query)
        self._rows.clear()
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self._query)

    def suggestion_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, suggestion_id: int) -> int:
        try:
            return self._ids.index(suggestion_id)
        except ValueError:
            return -1

    def row_data(self, row: int) -> SuggestionRow | None:
        cached = self._rows.get(row)
        if cached is not None:
            return cached
        start = row - row % PAGE
        ids = self._ids[start : start + PAGE]
        fetched = {r.id: r for r in self._office.suggestions.rows(ids)}
        for offset, suggestion_id in enumerate(ids):
            if suggestion_id in fetched:
                self._rows[start + offset] = fetched[suggestion_id]
        return self._rows.get(row)

    def due_text(self, row: SuggestionRow) -> str:
        state = row.due_state(self._today, self._soon)
        text = dates.format_date(row.deadline)
        if state == "overdue":
            days = (date.fromisoformat(self._today) - date.fromisoformat(row.deadline)).days
            return f"{text}（逾期{days}天）"
        if state == "due_soon":
            days = (date.fromisoformat(row.deadline) - date.fromisoformat(self._today)).days
            return f"{text}（还有{days}天）"
        return text

    # ---- Qt model ---------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return str(section + 1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        ):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.key == "deadline":
                colour = DUE_COLOURS.get(row.due_state(self._today, self._soon))
                return QBrush(QColor(colour)) if colour else None
            if row.status in ("refused", "withdrawn", "on_agenda"):
                return QBrush(QColor(FINAL_GREY))
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column.key == "deadline" and row.due_state(self._today, self._soon):
                font = QFont()
                font.setBold(True)
                return font
            return None
        text = self.due_text(row) if column.key == "deadline" else column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 12 else None
        return text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].key:
            return
        self.set_query(
            replace(
                self._query,
                sort=self.columns[column].key,
                descending=order == Qt.SortOrder.DescendingOrder,
            )
        )
        self.sorted.emit()
