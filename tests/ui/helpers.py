"""Helpers for GUI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type like an input method commits text: qtbot.keyClicks aborts on non-ASCII."""
    from PySide6.QtGui import QInputMethodEvent

    if isinstance(widget, QLineEdit):
        widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def save_screenshot(widget: QWidget, name: str) -> Path:
    """Keep a picture of what the test saw (tests/.screenshots/), for looking at."""
    folder = Path(__file__).resolve().parents[1] / ".screenshots"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


def when_modal(qtbot, action, *, timeout: int = 5000) -> None:
    """Run `action(dialog)` as soon as a modal dialog is open (the caller then opens it).

    A modal dialog's exec() blocks the test; this polls from inside its event loop."""
    from PySide6.QtCore import QTimer

    state = {"waited": 0}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            action(dialog)
            return
        state["waited"] += 20
        if state["waited"] < timeout:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
