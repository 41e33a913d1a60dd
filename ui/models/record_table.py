"""A list of one area's records (activities, receptions …) on the lazy table model every list
uses: the ids of the matching records from the page's search, rows fetched a page at a time,
each cell the text its column (app.exchange.lists) makes of the row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.exchange.lists import ListColumn
from ui.models.lazy_table import ID_ROLE, LazyTableModel

__all__ = ["ID_ROLE", "RecordTableModel"]


class RecordTableModel(LazyTableModel[Any]):
    def __init__(
        self,
        columns: list[ListColumn[Any]],
        search: Callable[[], list[int]],
        rows: Callable[[list[int]], list[Any]],
        parent: Any = None,
    ) -> None:
        # The page holds the filters; its search reads them, so the query here is a mere token.
        super().__init__(columns, None, lambda _query: list(search()), rows, parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        text = self.columns[index.column()].text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 12 else None
        return text
