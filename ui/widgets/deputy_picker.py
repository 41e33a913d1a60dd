"""Tick the deputies who took part (in an activity, on duty at a station …): a filterable
checklist of the term's deputies, with a whole group added in one go."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.deputies.deputies import DeputyQuery
from app.office import Office
from ui.widgets.form import Choice


class DeputyPicker(QWidget):
    changed = Signal()

    def __init__(self, office: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按姓名、单位或小组筛选")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.group = Choice([("整组加入…", None)])
        self.group.currentIndexChanged.connect(self._add_group)
        clear = QPushButton("全部取消")
        clear.clicked.connect(lambda: self.set_selected([]))
        self.count = QLabel()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["姓名", "工作单位及职务", "代表小组"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(1, 260)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.itemChanged.connect(lambda _i: self._count())
        self.table.cellClicked.connect(self._toggle_row)
        head = QHBoxLayout()
        head.addWidget(self.filter, 1)
        head.addWidget(self.group)
        head.addWidget(clear)
        head.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        self._members: dict[int, list[int]] = {}

    def load(self, term_id: int | None = None, *, include: Sequence[int] = ()) -> None:
        """Offer the deputies of the term who are not ended (and any in `include`, who may
        have been ticked before their status ended)."""
        office = self._office
        tid = term_id or office.current_term_id()
        ids = office.deputies.search(DeputyQuery(term_id=tid, status="active"))
        extra = [i for i in include if i not in ids]
        rows = office.deputies.rows(list(ids) + extra)
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)
            name.setData(Qt.ItemDataRole.UserRole, row.id)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(row.unit))
            self.table.setItem(r, 2, QTableWidgetItem(row.group_name))
        self.table.blockSignals(False)
        groups = office.groups.list(tid)
        self._members = {g.id: list(office.groups.members(g.id)) for g in groups}
        self.group.set_items([("整组加入…", None), *[(g.name, g.id) for g in groups]])
        self._count()

    def _rows(self) -> list[QTableWidgetItem]:
        return [self.table.item(r, 0) for r in range(self.table.rowCount())]

    def selected(self) -> list[int]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self._rows()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_selected(self, ids: list[int]) -> None:
        wanted = set(ids)
        self.table.blockSignals(True)
        for item in self._rows():
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._count()

    def _toggle_row(self, row: int, column: int) -> None:
        if column == 0:
            return  # the check box itself handles the click
        item = self.table.item(row, 0)
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _add_group(self) -> None:
        group_id = self.group.value()
        if group_id is None:
            return
        self.set_selected(self.selected() + self._members.get(group_id, []))
        self.group.blockSignals(True)
        self.group.setCurrentIndex(0)
        self.group.blockSignals(False)

    def _apply_filter(self, text: str) -> None:
        for r in range(self.table.rowCount()):
            shown = not text or any(
                text in (self.table.item(r, c).text() if self.table.item(r, c) else "")
                for c in range(3)
            )
            self.table.setRowHidden(r, not shown)

    def _count(self) -> None:
        self.count.setText(f"已选 {len(self.selected())} 名")
        self.changed.emit()
