"""A page built the first time the clerk opens it (or a link asks it to show a record), so
that pages not opened cost nothing at start-up (DESIGN.md budget: 0.6 s to the window)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import AppContext

PageClass = Callable[[AppContext], QWidget]


class LazyPage(QWidget):
    def __init__(self, context: AppContext, load: Callable[[], PageClass]) -> None:
        super().__init__()
        self._context = context
        self._load = load
        self._page: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def page(self) -> QWidget:
        """The real page, built on first use."""
        if self._page is None:
            self._page = self._load()(self._context)
            self.layout().addWidget(self._page)
            if self.isVisible():
                self._page.show()  # a layout would show it only later, from the event loop
        return self._page

    def showEvent(self, event: QShowEvent) -> None:
        self.page  # noqa: B018 (building it is the point)
        super().showEvent(event)

    def show_record(self, record_id: int) -> None:
        self.page.show_record(record_id)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:
        # Only reached for what this wrapper lacks: the real page's widgets and methods.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.page, name)


def lazy(load: Callable[[], PageClass]) -> Callable[[AppContext], QWidget]:
    """A PageSpec factory that defers importing and building the page."""
    return lambda context: LazyPage(context, load)
