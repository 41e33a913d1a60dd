"""The re-elected deputies of a 换届, ticked in a list of the term's deputies, each with the
card number (代表证号) of the new term typed in or numbered in order (自动编号); a number
used twice is marked at once and refused on saving."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.chinese import to_halfwidth
from app.core.errors import ValidationError
from app.deputies.deputies import DeputyQuery
from app.office import Office
from app.plans.new_term import Reelected, numbered_cards

NAME, OLD_CARD, NEW_CARD, CONSTITUENCY, GROUP, UNIT = range(6)
HEADERS = ("姓名", "上届代表证号", "新一届代表证号", "选区", "代表小组", "工作单位及职务")
REPEAT = QColor("#c62828")


class ReelectedTable(QWidget):
    changed = Signal()

    def __init__(self, office: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office = office
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按姓名、单位或小组筛选")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        clear = QPushButton("全部取消")
        clear.clicked.connect(lambda: self.set_selected([]))
        self.count = QLabel()
        self.prefix = QLineEdit()
        self.prefix.setMaximumWidth(70)
        self.prefix.setToolTip("新证号的前缀，通常是新一届的届次，如 18")
        self.first = QLineEdit("1")
        self.first.setMaximumWidth(50)
        self.first.setToolTip("从几号编起")
        self.number_button = QPushButton("自动编号")
        self.number_button.setToolTip("给已勾选的代表按列表顺序编新一届的代表证号，已填的照填")
        self.number_button.clicked.connect(self.number_cards)
        self.clear_cards_button = QPushButton("清空证号")
        self.clear_cards_button.clicked.connect(self.clear_cards)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("Reelected")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setEditTriggers(
            QTableWidget.EditTrigger.DoubleClicked
            | QTableWidget.EditTrigger.SelectedClicked
            | QTableWidget.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in ((NAME, 100), (OLD_CARD, 96), (NEW_CARD, 110),
                              (CONSTITUENCY, 120), (GROUP, 120)):  # fmt: skip
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        head = QHBoxLayout()
        head.addWidget(self.filter, 1)
        head.addWidget(clear)
        head.addWidget(self.count)
        cards = QHBoxLayout()
        cards.addWidget(QLabel("新代表证号：前缀"))
        cards.addWidget(self.prefix)
        cards.addWidget(QLabel("起始号"))
        cards.addWidget(self.first)
        cards.addWidget(self.number_button)
        cards.addWidget(self.clear_cards_button)
        cards.addStretch()
        self.repeat_note = QLabel()
        self.repeat_note.setObjectName("Hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(cards)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.repeat_note)

    def load(self, term_id: int | None, new_number: int | None) -> None:
        """The term's deputies who may be carried over (not ended), in the roster's order."""
        office = self._office
        self.prefix.setText(str(new_number or ""))
        ids = office.deputies.search(DeputyQuery(term_id=term_id, status="active"))
        rows = office.deputies.rows(list(ids))
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)
            name.setData(Qt.ItemDataRole.UserRole, row.id)
            self.table.setItem(r, NAME, name)
            for column, text in ((OLD_CARD, row.card_number), (CONSTITUENCY, row.constituency_name),
                                 (GROUP, row.group_name), (UNIT, row.unit)):  # fmt: skip
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                cell.setToolTip(text)
                self.table.setItem(r, column, cell)
            card = QTableWidgetItem("")
            card.setFlags(Qt.ItemFlag.ItemIsEnabled)  # editable once ticked
            card.setToolTip("勾选后双击填写新一届的代表证号")
            self.table.setItem(r, NEW_CARD, card)
        self.table.blockSignals(False)
        self._refresh()

    # ---- reading and writing the ticks and the cards -----------------------------------

    def _row_of(self, deputy_id: int) -> int | None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole) == deputy_id:
                return r
        return None

    def _ticked_rows(self) -> list[int]:
        return [
            r
            for r in range(self.table.rowCount())
            if self.table.item(r, NAME).checkState() == Qt.CheckState.Checked
        ]

    def selected(self) -> list[int]:
        rows = self._ticked_rows()
        return [self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole) for r in rows]

    def set_selected(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            item = self.table.item(r, NAME)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self._set_card_editable(r, checked)
        self.table.blockSignals(False)
        self._refresh()

    def card(self, deputy_id: int) -> str:
        row = self._row_of(deputy_id)
        return self.table.item(row, NEW_CARD).text().strip() if row is not None else ""

    def set_card(self, deputy_id: int, text: str) -> None:
        row = self._row_of(deputy_id)
        if row is not None:
            self.table.item(row, NEW_CARD).setText(text)

    def reelected(self) -> list[Reelected]:
        """What start() takes: each ticked deputy with the card number typed."""
        return [
            Reelected(self.table.item(r, NAME).data(Qt.ItemDataRole.UserRole),
                      self.table.item(r, NEW_CARD).text().strip())
            for r in self._ticked_rows()
        ]  # fmt: skip

    def number_cards(self) -> bool:
        """Number the ticked deputies without a card, in the list's order, skipping the
        numbers already typed."""
        rows = self._ticked_rows()
        if not rows:
            self.repeat_note.setText("请先勾选连任的代表，再自动编号。")
            return False
        used = {self.table.item(r, NEW_CARD).text().strip() for r in rows}
        try:
            numbers = numbered_cards(self.prefix.text(), len(rows) * 2, self.first.text())
        except ValidationError as exc:
            self.repeat_note.setText(exc.message)
            return False
        pool = iter(n for n in numbers if n not in used)
        self.table.blockSignals(True)
        for r in rows:
            cell = self.table.item(r, NEW_CARD)
            if not cell.text().strip():
                cell.setText(next(pool))
        self.table.blockSignals(False)
        self._refresh()
        return True

    def clear_cards(self) -> None:
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            self.table.item(r, NEW_CARD).setText("")
        self.table.blockSignals(False)
        self._refresh()

    # ---- the view ---------------------------------------------------------------------

    def _set_card_editable(self, row: int, editable: bool) -> None:
        cell = self.table.item(row, NEW_CARD)
        flags = Qt.ItemFlag.ItemIsEnabled | (
            Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsSelectable if editable
            else Qt.ItemFlag.NoItemFlags
        )  # fmt: skip
        cell.setFlags(flags)
        if not editable:
            cell.setText("")

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == NAME:
            self.table.blockSignals(True)
            self._set_card_editable(item.row(), item.checkState() == Qt.CheckState.Checked)
            self.table.blockSignals(False)
        self._refresh()

    def _refresh(self) -> None:
        """The count, and the card numbers used twice in red with a note."""
        rows = self._ticked_rows()
        cards = {r: to_halfwidth(self.table.item(r, NEW_CARD).text()).strip() for r in rows}
        repeated = {c for c, n in Counter(cards.values()).items() if c and n > 1}
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            cell = self.table.item(r, NEW_CARD)
            bad = cards.get(r) in repeated
            cell.setForeground(QBrush(REPEAT) if bad else QBrush())
        self.table.blockSignals(False)
        blank = sum(1 for c in cards.values() if not c)
        self.count.setText(f"已选 {len(rows)} 名")
        if repeated:
            self.repeat_note.setText(
                "代表证号重复：" + "、".join(sorted(repeated)) + "，一人一号，请改正（标红的）。"
            )
        elif blank and rows:
            self.repeat_note.setText(
                f"{blank} 名连任代表还没有新代表证号，可点“自动编号”，也可以以后在代表名册中填写。"
            )
        else:
            self.repeat_note.setText("")
        self.changed.emit()

    def _apply_filter(self, text: str) -> None:
        for r in range(self.table.rowCount()):
            shown = not text or any(
                text in (self.table.item(r, c).text() if self.table.item(r, c) else "")
                for c in (NAME, CONSTITUENCY, GROUP, UNIT)
            )
            self.table.setRowHidden(r, not shown)
