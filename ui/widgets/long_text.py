"""A box for several lines of Chinese text (a plan, a summary, a visitor's words)."""

from __future__ import annotations

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit


def long_text(height: int, placeholder: str = "", text: str = "") -> QPlainTextEdit:
    """Wraps anywhere, as Chinese has no spaces to wrap at."""
    edit = QPlainTextEdit(text)
    edit.setFixedHeight(height)
    edit.setPlaceholderText(placeholder)
    edit.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return edit
