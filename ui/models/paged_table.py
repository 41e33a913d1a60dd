"""The lazy, cached table model of DESIGN.md pattern 5, shared by the lists: it holds the
ids of the matching records and fetches their display rows in pages when the view asks,
keeping them until the ids change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

PAGE = 100
Row = TypeVar("Row")


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    """`fetch(ids)` returns the display rows of those ids (each with an `id`); subclasses
    set the ids with `set_ids` and read rows with `row_data`."""

    def __init__(
        self, fetch: Callable[[list[int]], Sequence[Row]], headers: Sequence[str], parent: Any
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._headers = list(headers)
        self._ids: list[int] = []
        self._rows: dict[int, Row] = {}

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._rows.clear()
        self.endResetModel()

    def record_id(self, row: int) -> Any:
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
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return str(section + 1)
