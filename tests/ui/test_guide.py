"""The user guide opens offline from the program, at the section of the page on screen
(F1), and has a section for every page of the window."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from app.core.paths import resource_path


def guide_html() -> str:
    return resource_path("guide", "index.html").read_text(encoding="utf-8")


def test_every_page_has_its_section_and_the_guide_needs_no_network(window) -> None:
    window.open_deputy(window.pages["deputies"].model.deputy_id(0))
    anchors = set(re.findall(r'id="([a-z_]+)"', guide_html()))
    assert set(window.pages) <= anchors, set(window.pages) - anchors
    assert "http://" not in guide_html() and "https://" not in guide_html()
    for image in re.findall(r'<img [^>]*src="([^"]+)"', guide_html()):
        assert resource_path("guide", image).exists(), image


def test_f1_opens_the_guide_at_the_page_on_screen(qtbot, window) -> None:
    from ui.home.guide import GuideWindow

    window.go("suggestions")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = GuideWindow._open
    assert guide is not None and guide.isVisible()
    assert guide.browser.source().fragment() == "suggestions"
    assert "立案并交办" in guide.browser.toPlainText()

    window.go("exchange")
    window.open_guide()
    assert GuideWindow._open is guide  # one guide window, moved to the new section
    assert guide.browser.source().fragment() == "exchange"
    guide.close()
