"""The suggestion list as a lazy, cached table model that loads its ids a chunk at a time
(ui/models/paged_table.py: a prefecture holds 500,000 suggestions).

Due soon and overdue replies are marked in the 答复期限 column (amber / red)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.core import dates
from app.exchange.lists import ListColumn, due_note
from app.office import Office
from app.suggestions.records import SuggestionQuery, SuggestionRow
from ui.models.lazy_table import ID_ROLE
from ui.models.paged_table import PagedTableModel

DUE_COLOURS = {"overdue": "#c62828", "due_soon": "#b26a00"}
FINAL_GREY = "#8a8a8a"


class SuggestionTableModel(PagedTableModel[SuggestionRow]):
    def __init__(
        self, office: Office, columns: list[ListColumn[SuggestionRow]], parent: Any = None
    ) -> None:
        super().__init__(
            columns, SuggestionQuery(), self._search_ids, office.suggestions.rows, parent
        )
        self._office = office
        self._today = ""
        self._soon = ""

    def _search_ids(self, query: SuggestionQuery, limit: int, offset: int) -> list[int]:
        if offset == 0:  # The day (and so what is overdue) is read with each query.
            self._today, self._soon = self._office.suggestions.due_bounds(None)
        return self._office.suggestions.search(query, limit=limit, offset=offset)

    def suggestion_id(self, row: int) -> int | None:
        return self.record_id(row)

    def due_text(self, row: SuggestionRow) -> str:
        note = due_note(row, self._today, self._soon)
        return dates.format_date(row.deadline) + (f"（{note}）" if note else "")

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
        text = self.due_text(row) if column.key == "deadline" else column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 12 else None
        return text
