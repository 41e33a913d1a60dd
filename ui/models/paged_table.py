"""The lazy table model for lists of hundreds of thousands of records (a prefecture's
500,000 suggestions): the ids come a chunk at a time as the view scrolls (Qt's
canFetchMore/fetchMore), not all at once, so a query or a header sort costs a few screenfuls
whatever the size (reading all 500,000 ids takes 110–190 ms, measured; the first chunk
2 ms). How many there are in all is asked separately (`count`); the page shows it when
known and says so while it is being counted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from ui.models.lazy_table import LazyTableModel

Row = TypeVar("Row")
# ids of the query's matches from `offset` on, at most `limit` of them, in the list's order
PageSearch = Callable[[Any, int, int], list[int]]


class PagedTableModel(LazyTableModel[Row]):
    # Ids read with a query: eight screenfuls of a 768-pixel screen. A common term in
    # another order checks each row it walks (村 by title: 500 rows took 35-90 ms at
    # prefecture scale, measured; 200 take 15-35).
    FIRST = 200
    CHUNK = 10_000  # at most this many more at each fetch (a fetch stays under 50 ms)

    def __init__(
        self,
        columns: Sequence[Any],
        query: Any,
        search_page: PageSearch,
        rows: Callable[[list[int]], list[Row]],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, query, lambda q: search_page(q, self.FIRST, 0), rows, parent)
        self._page = search_page
        self._complete = True

    @property
    def complete(self) -> bool:
        """All matches are loaded: rowCount() is their number."""
        return self._complete

    def set_query(self, query: Any, *, keep: int = 0) -> None:
        """Show `query`'s matches; with `keep`, at least that many rows are loaded (a
        reload keeps the row the clerk was on)."""
        want = max(self.FIRST, keep)
        self.beginResetModel()
        self._query = query
        self._ids = self._page(query, want + 1, 0)  # one more tells whether more exist
        self._complete = len(self._ids) <= want
        del self._ids[want:]
        self._rows.clear()
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self._query, keep=len(self._ids))

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._complete:
            return
        start = len(self._ids)
        size = min(max(self.FIRST, start), self.CHUNK)  # growing, capped
        more = self._page(self._query, size + 1, start)
        self._complete = len(more) <= size
        del more[size:]
        if not more:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._ids.extend(more)
        self.endInsertRows()

    def row_of(self, record_id: int) -> int:
        """The record's row; one not loaded yet (a record opened from elsewhere) loads
        the rest of the list at once: one query (0.1–0.5 s for 500,000), not one per
        chunk, each skipping more rows than the last."""
        try:
            return self._ids.index(record_id)
        except ValueError:
            if self._complete:
                return -1
        start = len(self._ids)
        rest = self._page(self._query, 1 << 62, start)
        self._complete = True
        if rest:
            self.beginInsertRows(QModelIndex(), start, start + len(rest) - 1)
            self._ids.extend(rest)
            self.endInsertRows()
        try:
            return self._ids.index(record_id, start)
        except ValueError:
            return -1
