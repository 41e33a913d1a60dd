"""Choosing one deputy out of seventy by typing: a drop-down that also takes a name, a few
characters of the unit, or pinyin initials (`wj` finds 王𠮷) and offers what matches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.deputies.deputies import DeputyChoice
from ui.widgets.form import Choice

# The item role holding what finds a deputy: name, unit and pinyin keys.
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 7


class DeputyChooser(Choice):
    """A Choice of deputies that can be typed into. `value()` is the chosen deputy's id
    (or None); typing only narrows the list, it never invents a deputy."""

    def __init__(
        self,
        deputies: Sequence[DeputyChoice],
        *,
        empty: str = "（请选择或输入姓名、拼音首字母）",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__([], parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lineEdit().setPlaceholderText(empty)
        self.set_deputies(deputies)
        completer = QCompleter(self.model(), self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated[str].connect(self._picked_text)  # type: ignore[index]
        self.setCompleter(completer)
        self.lineEdit().editingFinished.connect(self._settle_text)

    def set_deputies(self, deputies: Sequence[DeputyChoice]) -> None:
        self.set_items([("", None), *[(d.label, d.id) for d in deputies]])
        for index, deputy in enumerate(deputies, start=1):
            self.setItemData(index, deputy.keys, SEARCH_ROLE)

    def _picked_text(self, _text: str) -> None:
        """The completer shows labels but matched on keys: choose the item it offered."""
        popup = self.completer().popup()
        index = popup.currentIndex()
        if index.isValid():
            source = self.completer().completionModel().mapToSource(index)  # type: ignore[attr-defined]
            self.setCurrentIndex(source.row())

    def _settle_text(self) -> None:
        """Leaving the box with a half-typed name puts the chosen deputy's label back."""
        text = self.lineEdit().text().strip()
        match = self.findText(text, Qt.MatchFlag.MatchExactly)
        if match >= 0:
            self.setCurrentIndex(match)
        else:
            self.lineEdit().setText(self.itemText(self.currentIndex()))

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self.lineEdit().setText(self.itemText(self.currentIndex()))
