"""`--screenshot --page preview` draws the roster's print preview: the frozen build's smoke
test uses it to see QtPdf and the print fonts at work inside the bundle."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from ui.main import main


def test_the_roster_preview_is_drawn_with_its_pages(tmp_path: Path, demo_db: Path, qapp):
    out = tmp_path / "preview.png"
    assert main(["--db", str(demo_db), "--screenshot", str(out), "--page", "preview"]) == 0
    with Image.open(out) as picture:
        page = picture.convert("L").crop((60, 100, 900, 640))  # the first page, under the bar
    dark = sum(page.histogram()[:128])
    assert dark > 0.02 * page.width * page.height  # ruled grid and text, not a blank page
