"""The user guide (用户手册), shipped with the program as HTML in resources/guide and read
offline: 帮助 → 用户手册, or F1 on any page, which opens the section about that page."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from app.core.paths import resource_path
from ui.widgets.screen import fit_to_screen

GUIDE = ("guide", "index.html")


def guide_url(section: str = "") -> QUrl:
    url = QUrl.fromLocalFile(str(resource_path(*GUIDE)))
    if section:
        url.setFragment(section)
    return url


class GuideWindow(QDialog):
    """The guide in a window of its own that stays open beside the program."""

    _open: GuideWindow | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("乡镇人大工作台 — 用户手册")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # no network: links stay in the guide
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        fit_to_screen(self, 760, 700)

    def show_section(self, section: str) -> None:
        self.browser.setSource(guide_url(section))
        if section:
            self.browser.scrollToAnchor(section)

    @classmethod
    def open(cls, parent: QWidget | None, section: str = "") -> GuideWindow:
        """Show the guide at `section` (a page key: deputies, meetings …), reusing the
        window if it is already open."""
        if cls._open is None or cls._open.parent() is not parent:
            cls._open = cls(parent)
        cls._open.show_section(section)
        cls._open.show()
        cls._open.raise_()
        return cls._open
