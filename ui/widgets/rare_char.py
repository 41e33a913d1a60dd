"""Typing a character the PC's input method lacks (𠮷, 䶮, 𡒄): by its code point."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.fonts import font


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
            "输入法打不出的字，可按编码输入：如“𠮷”输入 U+20BB7 或 20BB7，"
            "几个字用空格隔开。编码可在《通用规范汉字表》或字典网站上查到。"
        )
        hint.setWordWrap(True)
        hint.setObjectName("Hint")
        self.code = QLineEdit()
        self.code.setPlaceholderText("U+20BB7")
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
        for w in (hint, self.code, self.preview, self.message, buttons):
            layout.addWidget(w)
        self.code.textChanged.connect(self._update)

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
