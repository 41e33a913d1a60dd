"""The suggestion list as a lazy, cached table model (ui/models/lazy_table.py).

Due soon and overdue replies are marked in the 答复期限 column (amber / red)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app import dates
from app.office import Office
from app.suggestion_records import SuggestionQuery, SuggestionRow
from ui.models.lazy_table import ID_ROLE, LazyTableModel

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


class SuggestionTableModel(LazyTableModel[SuggestionRow]):
    def __init__(self, office: Office, columns: list[Column], parent: Any = None) -> None:
        super().__init__(
            columns, SuggestionQuery(), self._search_ids, office.suggestions.rows, parent
        )
        self._office = office
        self._today = ""
        self._soon = ""

    def _search_ids(self, query: SuggestionQuery) -> list[int]:
        # The day (and so what is overdue) is read with each query.
        self._today, self._soon = self._office.suggestions.due_bounds(None)
        return self._office.suggestions.search(query)

    def suggestion_id(self, row: int) -> int | None:
        return self.record_id(row)

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
