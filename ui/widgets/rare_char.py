"""Typing a character the PC's input method lacks (𠮷, 䶮, 𡒄): found by its reading among
the rare characters the program knows (offline), or typed by its code point."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.chinese import rare_characters
from ui.fonts import font

# A reading like "yan" has hundreds of rare characters; the fewest-stroke ones come first.
MAX_SHOWN = 400


def parse_code_points(text: str) -> str:
    """'U+20BB7', '20BB7', '4DAE 21484' -> the characters; '' when something is not valid."""
    result = []
    for token in re.split(r"[\s,，、]+", text.strip()):
        if not token:
            continue
        hex_part = re.sub(r"^(?:U\+|u\+|0x|\\u|\\U)", "", token)
        if not re.fullmatch(r"[0-9A-Fa-f]{4,6}", hex_part):
            return ""
        cp = int(hex_part, 16)
        if not 0x3400 <= cp <= 0x3FFFF:
            return ""
        result.append(chr(cp))
    return "".join(result)


class RareCharDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("输入生僻字")
        layout = QVBoxLayout(self)
        hint = QLabel(
            "输入法打不出的字：在“读音”中输入拼音（不带声调，如 ji），从下面列出的字中点选；"
            "也可以直接输入编码，如“𠮷”输入 U+20BB7 或 20BB7，几个字用空格隔开。"
        )
        hint.setWordWrap(True)
        hint.setObjectName("Hint")
        self.reading = QLineEdit()
        self.reading.setPlaceholderText("读音，如 ji、yan（不带声调）")
        self.found = QListWidget()
        self.found.setViewMode(QListWidget.ViewMode.IconMode)
        self.found.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.found.setFont(font(20))
        self.found.setGridSize(QSize(44, 44))
        self.found.setMinimumHeight(140)
        self.found.itemClicked.connect(self._picked)
        self.reading.textChanged.connect(self._look_up)
        self.code = QLineEdit()
        self.code.setPlaceholderText("编码，如 U+20BB7")
        self.preview = QLabel()
        self.preview.setFont(font(28))
        self.preview.setMinimumHeight(56)
        self.message = QLabel()
        self.message.setObjectName("FieldError")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("插入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        for w in (hint, self.reading, self.found, self.code, self.preview, self.message, buttons):
            layout.addWidget(w)
        self.code.textChanged.connect(self._update)

    def _look_up(self) -> None:
        self.found.clear()
        for ch in rare_characters(self.reading.text())[:MAX_SHOWN]:
            item = QListWidgetItem(ch)
            item.setToolTip(f"U+{ord(ch):X}")
            self.found.addItem(item)

    def _picked(self, item: QListWidgetItem) -> None:
        """A click adds the character (as its code) to what will be inserted."""
        code = f"U+{ord(item.text()):X}"
        self.code.setText(f"{self.code.text().strip()} {code}".strip())

    def _update(self) -> None:
        chars = parse_code_points(self.code.text())
        self.preview.setText(chars)
        self.message.setText("" if chars or not self.code.text().strip() else "编码不对，请检查")

    def _accept(self) -> None:
        if parse_code_points(self.code.text()):
            self.accept()
        else:
            self.message.setText("请输入汉字的编码，如 U+20BB7")

    def characters(self) -> str:
        return parse_code_points(self.code.text())

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str:
        dialog = cls(parent)
        return dialog.characters() if dialog.exec() == QDialog.DialogCode.Accepted else ""
