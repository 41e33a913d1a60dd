"""Form rows with their messages: each input has an error line (red, blocks saving) and a
warning line (amber, to confirm) right beneath it, as the clerk expects them at the field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError, ValidationError
from ui.widgets.messages import confirm, show_error


class FieldMessages(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("FieldWarning")
        self.warning.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(self.warning)
        self.show_messages("", "")

    def show_messages(self, error: str, warning: str) -> None:
        self.error.setText(error)
        self.error.setVisible(bool(error))
        self.warning.setText("" if error else warning)
        self.warning.setVisible(bool(warning) and not error)


class Choice(QComboBox):
    """A combo box of (label, value) pairs; `value()` gives the value of the chosen one."""

    def __init__(
        self, items: Iterable[tuple[str, Any]] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.set_items(items)

    def set_items(self, items: Iterable[tuple[str, Any]]) -> None:
        """Replace the choices, keeping the chosen value if it is still there (silently:
        refilling is not a choice of the clerk)."""
        current = self.value() if self.count() else None
        was_blocked = self.blockSignals(True)
        self.clear()
        for label, value in items:
            self.addItem(label, value)
        if current is not None:
            self.set_value(current)
        self.blockSignals(was_blocked)

    def compact(self, characters: int) -> Choice:
        """As wide as `characters` characters, whatever its longest entry (a county's list
        of units would widen a filter row past a 1024-pixel screen); the open list is as
        wide as its longest entry."""
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(characters)
        return self

    def showPopup(self) -> None:
        view = self.view()
        scroll_bar = view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(view.sizeHintForColumn(0) + scroll_bar)
        super().showPopup()

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        if index < 0 and isinstance(value, str) and value:
            # A value no longer offered (a retired list entry) still shows on old records.
            self.addItem(value, value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


def read_value(widget: QWidget) -> Any:
    if isinstance(widget, Choice):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(type(widget))


def write_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, Choice):
        widget.set_value(value if value is not None else "")
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    else:
        raise TypeError(type(widget))


class FormGrid(QWidget):
    """Labelled inputs in a grid of `columns` label/input pairs, messages under each input."""

    edited = Signal(str)  # the key of the field the clerk finished editing

    def __init__(self, columns: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(2)
        self._columns = columns
        self._next = 0
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, FieldMessages] = {}
        self.labels: dict[str, QLabel] = {}

    def add(
        self,
        key: str,
        label: str,
        widget: QWidget,
        *,
        span: int = 1,
        required: bool = False,
        value_widget: QWidget | None = None,
    ) -> QWidget:
        """Place `widget`; its value is read from `value_widget` when that is given
        (an input inside a row with buttons)."""
        if self._next % self._columns + span > self._columns:
            self._next += self._columns - self._next % self._columns
        row = (self._next // self._columns) * 2
        col = (self._next % self._columns) * 2
        text = QLabel(("<span style='color:#c62828'>*</span> " if required else "") + label)
        text.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        text.setBuddy(value_widget or widget)
        messages = FieldMessages()
        self._grid.addWidget(text, row, col)
        self._grid.addWidget(widget, row, col + 1, 1, span * 2 - 1)
        self._grid.addWidget(messages, row + 1, col + 1, 1, span * 2 - 1)
        self._next += span
        if isinstance(widget, Choice):
            widget.setMinimumWidth(150)
        self.widgets[key] = value_widget or widget
        self.messages[key] = messages
        self.labels[key] = text
        self._connect(key, value_widget or widget)
        return widget

    def _connect(self, key: str, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.editingFinished.connect(lambda: self.edited.emit(key))
        elif isinstance(widget, Choice):
            widget.currentIndexChanged.connect(lambda _i: self.edited.emit(key))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _c: self.edited.emit(key))

    def values(self) -> dict[str, Any]:
        return {key: read_value(w) for key, w in self.widgets.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, widget in self.widgets.items():
            if key in values:
                widget.blockSignals(True)
                write_value(widget, values[key])
                widget.blockSignals(False)

    def show_messages(
        self, errors: dict[str, str], warnings: dict[str, str], only: set[str] | None = None
    ) -> None:
        for key, box in self.messages.items():
            if only is not None and key not in only:
                continue
            box.show_messages(errors.get(key, ""), warnings.get(key, ""))

    def first_error(self, errors: dict[str, str]) -> QWidget | None:
        for key, widget in self.widgets.items():
            if key in errors:
                return widget
        return None

    def show_refusal(self, error: ValidationError, parent: QWidget | None = None) -> None:
        """Show a refusal at its fields and focus the first; what belongs to no field of
        this form goes in a message box."""
        known = {k: v for k, v in error.fields.items() if k in self.widgets}
        self.show_messages(known, {})
        widget = self.first_error(known)
        if widget is not None:
            widget.setFocus()
        if len(known) < len(error.fields):
            show_error(parent or self, error)


def button_row(
    ok_text: str,
    on_ok: Callable[[], object],
    on_cancel: Callable[[], object],
    *,
    left: QWidget | None = None,
    cancel_text: str = "取消",
) -> QHBoxLayout:
    """The row under a dialog: `left` (a count, a verdict …), then the primary button and
    cancel at the right."""
    row = QHBoxLayout()
    if left is not None:
        row.addWidget(left, 1)
    else:
        row.addStretch()
    ok = QPushButton(ok_text)
    ok.setObjectName("Primary")
    ok.setDefault(True)
    ok.clicked.connect(on_ok)
    cancel = QPushButton(cancel_text)
    cancel.clicked.connect(on_cancel)
    row.addWidget(ok)
    row.addWidget(cancel)
    return row


class Saving:
    """How a dialog writes: `with Saving(self, refused) as saving: <the write>`, then
    `return saving.ok`. A refusal of the fields (ValidationError) goes to `refused`, which
    shows the messages beside the fields; any other refusal of the office (RendaError) is
    shown in a message box; the dialog closes only when the write went through. One place
    decides what a clerk sees when a save fails."""

    def __init__(self, dialog: QDialog, refused: Callable[[ValidationError], object]) -> None:
        self.dialog = dialog
        self.refused = refused
        self.ok = False

    def __enter__(self) -> Saving:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> bool:
        if exc is None:
            self.ok = True
            self.dialog.accept()
            return False
        if isinstance(exc, ValidationError):
            self.refused(exc)
            return True
        if isinstance(exc, RendaError):
            show_error(self.dialog, exc)
            return True
        return False


class GuardedDialog(QDialog):
    """A dialog that asks before 取消, Esc or the window's close button throws typed input
    away. A subclass gives what the clerk typed in `typed_input()`, calls
    `remember_input()` once its fields are filled, and connects its 取消 to `cancel`.
    Nothing is asked when nothing changed, nor when the program itself closes the dialog."""

    _start: object = None
    _remembered = False

    def typed_input(self) -> object:
        return None

    def remember_input(self) -> None:
        self._start = self.typed_input()
        self._remembered = True

    def has_unsaved_input(self) -> bool:
        return self._remembered and self.typed_input() != self._start

    def may_discard(self) -> bool:
        return not self.has_unsaved_input() or confirm(
            self, "放弃填写的内容？", "填写的内容还没有保存。确定要放弃吗？"
        )

    def cancel(self) -> None:
        """取消 and Esc: close unless the clerk wants to keep what they typed."""
        if self.may_discard():
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and not self.may_discard():
            event.ignore()
            return
        super().closeEvent(event)
