"""Windows that fit the screen they open on. Township offices run 1366×768 laptops (often
at 125%, which leaves 1093×614 for programs) and 1024×768 monitors; a window or dialog made
for a larger screen puts its buttons out of reach. Every top-level window asks for its
size through `fit_to_screen`; the main window remembers where the clerk left it."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# Room kept free around a window that is as large as the screen (title bar, frame).
MARGIN = QSize(16, 40)


def available_size(widget: QWidget | None = None) -> QSize:
    """The room on the screen the widget (or its parent) is on, less the taskbar."""
    screen = None
    while widget is not None and screen is None:
        screen = widget.screen() if widget.isVisible() else None
        widget = widget.parentWidget()
    try:
        return screen.availableGeometry().size()  # type: ignore[union-attr]
    except (AttributeError, RuntimeError):  # none, or a screen already unplugged
        primary = QGuiApplication.primaryScreen()
        return primary.availableGeometry().size() if primary is not None else QSize(1024, 728)


def fitted(wanted: QSize, room: QSize) -> QSize:
    """`wanted`, made smaller where the room is smaller (a frame's worth kept free)."""
    return wanted.boundedTo(room - MARGIN)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a window or dialog to width×height, or to what its screen has room for."""
    widget.resize(fitted(QSize(width, height), available_size(widget.parentWidget())))


def _settings() -> QSettings:
    return QSettings("renda", "renda")


def restore_geometry(widget: QWidget, key: str) -> bool:
    """Put the window where the clerk left it last time, if that still fits this screen."""
    saved = _settings().value(f"geometry/{key}")
    if not isinstance(saved, QByteArray) or not widget.restoreGeometry(saved):
        return False
    room = available_size(widget)
    if widget.width() > room.width() or widget.height() > room.height():
        widget.resize(fitted(widget.size(), room))
    return True


def save_geometry(widget: QWidget, key: str) -> None:
    _settings().setValue(f"geometry/{key}", widget.saveGeometry())


def scrolling(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless scroll area that follows its width: a long form scrolls
    instead of making its page or dialog taller than a small screen."""
    from PySide6.QtCore import Qt  # here: Qt's enums cost the start (ui/main_window.py)

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(widget)
    return area
