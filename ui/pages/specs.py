"""What an area adds to the window: a page of the left navigation (PageSpec, listed in
ui.pages.page_specs) and a tab of a deputy's file (一人一档: FileTab with its FileTabWidget,
listed in ui.pages.file_tab_specs). Kept apart from those lists and from the file page, so
an area's screens depend on this small module and nothing depends back on them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.deputies.deputies import Deputy
    from ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]


def page_factory(module: str, name: str) -> Callable[[AppContext], QWidget]:
    """A page imported and built the first time it is opened (ui.pages.lazy_page)."""
    from importlib import import_module

    from ui.pages.lazy_page import lazy

    return lazy(lambda: getattr(import_module(module), name))


class FileTabWidget(QWidget):
    """A tab of the file. Subclasses fill it in `show_deputy`, called each time a deputy's
    file is opened or the deputy changes."""

    def show_deputy(self, deputy: Deputy) -> None:
        """Show this deputy (subclasses override)."""


@dataclass(frozen=True)
class FileTab:
    """A tab of the file added by an area (会议, 建议, 活动 …): see ui.pages.file_tab_specs."""

    title: str
    factory: Callable[[AppContext], FileTabWidget]
