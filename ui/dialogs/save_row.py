"""The bottom row of a record dialog: a line telling what to fix, then 保存 and 取消."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton


def save_row(dialog: QDialog, save: Callable[[], object]) -> tuple[QHBoxLayout, QLabel]:
    """(the row, its message label)."""
    message = QLabel()
    message.setObjectName("FieldError")
    message.setWordWrap(True)
    ok = QPushButton("保存")
    ok.setObjectName("Primary")
    ok.setDefault(True)
    ok.clicked.connect(save)
    cancel = QPushButton("取消")
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addWidget(message, 1)
    row.addWidget(ok)
    row.addWidget(cancel)
    return row, message
