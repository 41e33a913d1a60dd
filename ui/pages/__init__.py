"""The pages of the left navigation, in order. Each area adds its page here; a page that
has nothing to show yet is not listed (no empty pages)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]


def page_specs() -> list[PageSpec]:
    from ui.pages.basics_page import BasicsPage
    from ui.pages.deputies_page import DeputiesPage

    return [
        PageSpec("deputies", "代表名册", DeputiesPage),
        PageSpec("basics", "基础数据", BasicsPage),
    ]
