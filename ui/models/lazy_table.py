"""The lazy, cached table model every list uses (the roster, the suggestions): it holds
only the ids of the matching records, fetches their rows a page at a time when the view
asks, and keeps them until the query changes. A header click asks `app/` for another order
(the query's `sort` and `descending`), so sorting costs one query, not a sort in Qt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

PAGE = 100
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Row = TypeVar("Row")


class LazyTableModel(QAbstractTableModel, Generic[Row]):
    sorted = Signal()  # the view's header asked for another order

    def __init__(
        self,
        columns: Sequence[Any],  # each with .key (the sort key, "" = not sortable), .title
        query: Any,
        search: Callable[[Any], list[int]],
        rows: Callable[[list[int]], list[Row]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._query = query
        self._search = search
        self._fetch = rows
        self._ids: list[int] = []
        self._rows: dict[int, Row] = {}

    @property
    def query(self) -> Any:
        return self._query

    def set_query(self, query: Any) -> None:
        self.beginResetModel()
        self._query = query
        self._ids = self._search(query)
        self._rows.clear()
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self._query)

    def record_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def row_data(self, row: int) -> Row | None:
        cached = self._rows.get(row)
        if cached is not None:
            return cached
        start = row - row % PAGE
        ids = self._ids[start : start + PAGE]
        fetched = {r.id: r for r in self._fetch(list(ids))}  # type: ignore[attr-defined]
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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].key:
            return
        key = self.columns[column].key
        self.set_query(
            replace(self._query, sort=key, descending=order == Qt.SortOrder.DescendingOrder)
        )
        self.sorted.emit()
