"""A list of checkable choices with a filter box: co-signing deputies, assisting units."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class CheckList(QWidget):
    changed = Signal()

    def __init__(self, placeholder: str = "筛选", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.itemChanged.connect(lambda _i: self._changed())
        self.summary = QLabel()
        self.summary.setObjectName("Hint")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)

    def set_items(self, items: Iterable[tuple[str, Any]], checked: Iterable[Any] = ()) -> None:
        chosen = set(checked)
        self.list.blockSignals(True)
        self.list.clear()
        for label, value in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._changed()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def checked(self) -> list[Any]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, values: Iterable[Any]) -> None:
        chosen = set(values)
        self.list.blockSignals(True)
        for item in self._items():
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._changed()

    def set_hidden_values(self, values: Iterable[Any]) -> None:
        """Hide these choices (the lead deputy among the co-signers), unchecking them."""
        hidden = set(values)
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) in hidden:
                item.setCheckState(Qt.CheckState.Unchecked)
        self._apply_filter(self.filter.text(), hidden)

    def _apply_filter(self, text: str, hidden: set | None = None) -> None:
        if hidden is not None:
            self._hidden = hidden
        hidden = getattr(self, "_hidden", set())
        for item in self._items():
            value = item.data(Qt.ItemDataRole.UserRole)
            item.setHidden(value in hidden or (bool(text) and text not in item.text()))

    def _changed(self) -> None:
        names = [
            item.text() for item in self._items() if item.checkState() == Qt.CheckState.Checked
        ]
        self.summary.setText(f"已选 {len(names)}：" + "、".join(names) if names else "未选")
        self.changed.emit()
