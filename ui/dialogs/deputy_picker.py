"""Tick deputies of a term in a filterable list: the members of a group, the expected list
of a meeting. Subclasses say what saving means."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.deputies import DeputyRow
from app.errors import RendaError
from ui.widgets.form import button_row
from ui.widgets.messages import show_error


class DeputyPicker(QDialog):
    def __init__(
        self,
        title: str,
        note: str,
        rows: list[DeputyRow],
        chosen: Iterable[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 600)
        ticked = set(chosen)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["姓名", "工作单位及职务", "现在所在小组"])
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(0, 120)
        self.table.setColumnWidth(1, 360)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, row in enumerate(rows):
            name = QTableWidgetItem(row.name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(
                Qt.CheckState.Checked if row.id in ticked else Qt.CheckState.Unchecked
            )
            name.setData(Qt.ItemDataRole.UserRole, row.id)
            self.table.setItem(i, 0, name)
            self.table.setItem(i, 1, QTableWidgetItem(row.unit))
            self.table.setItem(i, 2, QTableWidgetItem(row.group_name))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按姓名或单位筛选")
        self.filter.textChanged.connect(self._filter)
        self.count = QLabel()
        self.table.itemChanged.connect(lambda _i: self._count())
        buttons = button_row("保存", self.save, self.reject, left=self.count)
        hint = QLabel(note)
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._count()

    def _filter(self, text: str) -> None:
        for i in range(self.table.rowCount()):
            shown = not text or any(
                text in (self.table.item(i, c).text() if self.table.item(i, c) else "")
                for c in (0, 1)
            )
            self.table.setRowHidden(i, not shown)

    def chosen(self) -> list[int]:
        result = []
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item.checkState() == Qt.CheckState.Checked:
                result.append(item.data(Qt.ItemDataRole.UserRole))
        return result

    def set_checked(self, deputy_id: int, checked: bool) -> None:
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item.data(Qt.ItemDataRole.UserRole) == deputy_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _count(self) -> None:
        self.count.setText(f"已选 {len(self.chosen())} 名")

    def apply(self, chosen: list[int]) -> None:
        """Save the choice (subclasses); raise RendaError to keep the dialog open."""
        raise NotImplementedError

    def save(self) -> bool:
        try:
            self.apply(self.chosen())
        except RendaError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True
