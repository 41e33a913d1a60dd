"""Widgets that give way on a small screen (1024×768, or 1366×768 at 125%): a row of
filters that wraps onto a second line instead of widening the window, and a row of buttons
that hands the ones that do not fit to a 更多 menu."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)


class FlowLayout(QLayout):
    """Lays its widgets out left to right and starts a new line where the width ends (after
    the Qt flow layout example). Hidden widgets take no room."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add_widgets(self, widgets: Sequence[QWidget]) -> None:
        for widget in widgets:
            self.addWidget(widget)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(i.sizeHint().width() + self.spacing() for i in self._visible())
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        """As narrow as its widest widget: the rest wraps."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _place(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()


class ButtonBar(QWidget):
    """A row of buttons, right-aligned; those that do not fit are offered by a 更多 button
    at its end, each as a menu entry that does what the button does (a button with a menu
    becomes a sub-menu). The first (primary) button always shows."""

    def __init__(self, buttons: Sequence[QPushButton], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons = list(buttons)
        self.more = QToolButton()
        self.more.setText("更多")
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setMenu(QMenu(self.more))
        self.more.menu().aboutToShow.connect(self._fill_menu)
        self.more.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in self.buttons:
            layout.addWidget(button)
        layout.addWidget(self.more)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _wanted(self) -> list[QPushButton]:
        """The buttons the page shows now (a page may hide one, e.g. in county mode)."""
        return [b for b in self.buttons if not b.property("bar_hidden")]

    def set_shown(self, button: QPushButton, shown: bool) -> None:
        """Show or hide a button for good (not for lack of room)."""
        button.setProperty("bar_hidden", not shown)
        self._arrange(self.width())

    def sizeHint(self) -> QSize:
        spacing = self.layout().spacing()
        width = sum(b.sizeHint().width() + spacing for b in self._wanted())
        return QSize(width, max((b.sizeHint().height() for b in self.buttons), default=0))

    def minimumSizeHint(self) -> QSize:
        wanted = self._wanted()
        first = wanted[0].sizeHint().width() if wanted else 0
        return QSize(first + self.more.sizeHint().width() + self.layout().spacing(), 0)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._arrange(self.width())

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._arrange(self.width())

    def overflowing(self) -> list[QPushButton]:
        """The buttons now in the 更多 menu."""
        return [b for b in self._wanted() if b.property("bar_overflow")]

    def _arrange(self, width: int) -> None:
        spacing = self.layout().spacing()
        wanted = self._wanted()
        total = sum(b.sizeHint().width() + spacing for b in wanted)
        room = width if total <= width else width - self.more.sizeHint().width() - spacing
        used = 0
        for index, button in enumerate(self.buttons):
            if button not in wanted:
                button.hide()
                continue
            used += button.sizeHint().width() + spacing
            fits = index == 0 or used <= room
            button.setProperty("bar_overflow", not fits)
            button.setVisible(fits)
        self.more.setVisible(total > width)

    def _fill_menu(self) -> None:
        menu = self.more.menu()
        menu.clear()
        for button in self.overflowing():
            text = button.text().rstrip("▾ ")
            if button.menu() is not None:
                sub = menu.addMenu(text)
                for action in button.menu().actions():
                    sub.addAction(action)
                sub.setEnabled(button.isEnabled())
                continue
            action = QAction(text, menu)
            action.setEnabled(button.isEnabled())
            action.setToolTip(button.toolTip())
            action.triggered.connect(button.click)
            menu.addAction(action)
