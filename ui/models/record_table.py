"""A lazy, cached table of records of any area (activities, receptions …), in the manner of
the roster's model: it holds the ids of the matching records and fetches their rows a page
at a time when the view asks for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ui.models.deputy_table import ID_ROLE, PAGE, SORT_ROLE, Column

__all__ = ["ID_ROLE", "SORT_ROLE", "Column", "RecordTableModel"]


class RecordTableModel(QAbstractTableModel):
    def __init__(
        self,
        columns: list[Column],
        search: Callable[[], list[int]],
        rows: Callable[[list[int]], list[Any]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self._search = search
        self._fetch = rows
        self._ids: list[int] = []
        self._rows: dict[int, Any] = {}

    def reload(self) -> None:
        """Run the search again (the page's filters or the records changed)."""
        self.beginResetModel()
        self._ids = list(self._search())
        self._rows.clear()
        self.endResetModel()

    def record_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def row_data(self, row: int) -> Any | None:
        cached = self._rows.get(row)
        if cached is not None:
            return cached
        start = row - row % PAGE
        ids = self._ids[start : start + PAGE]
        fetched = {r.id: r for r in self._fetch(list(ids))}
        for offset, record_id in enumerate(ids):
            if record_id in fetched:
                self._rows[start + offset] = fetched[record_id]
        return self._rows.get(row)

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
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        text = self.columns[index.column()].value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 12 else None
        return text
