"""The program's own fonts, so Chinese (and rare characters) look the same on every PC,
even one whose fonts lack them (measured: an empty fontconfig renders correctly)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.core.paths import resource_path

FONT_FILES = ("wqy-microhei.ttc", "RendaFallbackA.ttf", "RendaFallbackB.ttf")
FAMILIES = ["WenQuanYi Micro Hei", "RendaFallbackA", "RendaFallbackB"]
UI_POINT_SIZE = 10


def install_fonts(app: QApplication) -> list[str]:
    """Register the shipped fonts and make them the application font, in fallback order.
    Returns the families that could not be loaded (an incomplete installation)."""
    missing = []
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(resource_path("fonts", name))) < 0:
            missing.append(name)
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSize(UI_POINT_SIZE)
    app.setFont(font)
    return missing


def font(point_size: int | None = None, *, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(FAMILIES)
    if point_size:
        f.setPointSize(point_size)
    f.setBold(bold)
    return f
