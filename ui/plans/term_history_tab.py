"""历届: a tab of the deputy's file listing their records of earlier and later terms (换届
links them); double-click opens that term's file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from app.core import dates
from app.deputies.deputies import Deputy
from ui.context import AppContext
from ui.pages.specs import FileTabWidget


class TermHistoryTab(FileTabWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.note = QLabel()
        self.note.setObjectName("Hint")
        self.note.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("TermHistory")
        self.list.itemDoubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)

    def show_deputy(self, deputy: Deputy) -> None:
        history = self.context.office.new_term
        earlier = history.earlier(deputy.id)
        later = history.later(deputy.id)
        self.list.clear()
        for record, when in [*((r, "上届") for r in earlier), *((r, "下届") for r in later)]:
            card = f"，代表证号 {record.card_number}" if record.card_number else ""
            item = QListWidgetItem(
                f"{record.term_name}（{dates.format_date(record.start_date)}至"
                f"{dates.format_date(record.end_date)}）{card}　双击打开该届档案"
            )
            item.setData(Qt.ItemDataRole.UserRole, record.deputy_id)
            item.setToolTip(when)
            self.list.addItem(item)
        if earlier or later:
            self.note.setText(f"{deputy.name}在其他各届的代表记录（换届时关联）：")
        else:
            self.note.setText(f"{deputy.name}没有其他届次的代表记录。")

    def _open(self, item: QListWidgetItem) -> None:
        deputy_id = item.data(Qt.ItemDataRole.UserRole)
        if deputy_id:
            self.context.open_deputy(int(deputy_id))
