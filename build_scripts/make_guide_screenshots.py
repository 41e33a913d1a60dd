"""Draw the pictures of the user guide (resources/guide/img/*.png) from the demo township,
with the program's own screenshot option, at the size of the smallest screen we support.

    python build_scripts/make_guide_screenshots.py

Run it after a change to a page the guide shows, and look at the pictures before committing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "guide" / "img"
PAGES = ("home", "deputies", "meetings", "suggestions", "exchange")
SIZE = "1024x768"


def shrink(path: Path) -> None:
    """256 colours are plenty for a screen of flat colours and text: a third of the size."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256)
    small.save(path, optimize=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "guide-demo.sqlite"
        for page in PAGES:
            out = OUT / f"{page}.png"
            result = subprocess.run(
                [sys.executable, "-m", "ui", "--db", str(db), "--demo",
                 "--screenshot", str(out), "--page", page, "--size", SIZE],
                cwd=ROOT, capture_output=True, text=True,
            )  # fmt: skip
            if result.returncode != 0:
                sys.stderr.write(result.stderr)
                return result.returncode
            shrink(out)
            print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
