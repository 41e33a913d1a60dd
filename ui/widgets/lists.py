"""What every list page shares: a search field that runs once typing pauses, and the look
of a record list (whole rows selected, one at a time, read-only, columns as wide as their
definition in app.exchange.lists says). The roster, meetings, suggestions and the pages of
the work between sessions all build their lists with these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QWidget

SEARCH_DELAY_MS = 120


class SearchBox(QLineEdit):
    """A search field that calls `run` once typing pauses for SEARCH_DELAY_MS, so a list of
    100,000 rows is not searched on every keystroke."""

    def __init__(self, placeholder: str, run: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(run)
        self.textChanged.connect(lambda _t: self._timer.start())

    def settle(self) -> None:
        """The list was just filtered: no search is pending any more."""
        self._timer.stop()

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden page does not search (its window may be closing, and the office it
        would read closed by then); the search waits until the page shows again."""
        self._pending = self._timer.isActive()
        self._timer.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if getattr(self, "_pending", False):
            self._pending = False
            self._timer.start()
        super().showEvent(event)


def list_view(table: QTableView, model: Any) -> None:
    """Give `table` the look of every record list; `model` has `columns` with widths."""
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    for i, column in enumerate(model.columns):
        table.setColumnWidth(i, column.width)
