"""The bottom row of a record dialog: a line telling what to fix, then 保存 and 取消."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel

from ui.widgets.form import button_row


def save_row(dialog: QDialog, save: Callable[[], object]) -> tuple[QHBoxLayout, QLabel]:
    """(the row, its message label): ui.widgets.form.button_row with a message at its left."""
    message = QLabel()
    message.setObjectName("FieldError")
    message.setWordWrap(True)
    # A dialog that guards typed input (GuardedDialog) asks before 取消 throws it away.
    cancel = getattr(dialog, "cancel", dialog.reject)
    return button_row("保存", save, cancel, left=message), message
