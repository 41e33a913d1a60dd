"""Choose the members of a deputy group from the deputies of its term."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.deputies import DeputyQuery
from app.errors import RendaError
from app.office import Office
from app.structure import DeputyGroup
from ui.widgets.messages import show_error


class MembersDialog(QDialog):
    def __init__(self, office: Office, group: DeputyGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self._group = group
        self.setWindowTitle(f"{group.name}：选择成员")
        self.resize(720, 600)
        ids = office.deputies.search(DeputyQuery(term_id=group.term_id, status="active"))
        members = set(office.groups.members(group.id))
        rows = office.deputies.rows(ids)
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
                Qt.CheckState.Checked if row.id in members else Qt.CheckState.Unchecked
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
        ok = QPushButton("保存")
        ok.setObjectName("Primary")
        ok.clicked.connect(self.save)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count)
        buttons.addStretch()
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        note = QLabel("勾选本组成员。已在其他小组的代表，勾选后会调入本组。")
        note.setObjectName("Hint")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
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

    def _count(self) -> None:
        self.count.setText(f"已选 {len(self.chosen())} 名")

    def save(self) -> None:
        try:
            self._office.groups.set_members(self._group.id, self.chosen())
        except RendaError as exc:
            show_error(self, exc)
            return
        self.accept()
