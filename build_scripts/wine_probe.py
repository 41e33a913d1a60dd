"""Small Windows-side helpers that windows_under_wine.py runs with the Windows Python, under
Wine (never part of the bundle: the spec collects app/ and ui/ only).

    python wine_probe.py desktop          keep Wine's desktop process alive (until killed)
    pythonw wine_probe.py hold FILE       open FILE the way a PDF reader does, until killed
    python wine_probe.py drives           the removable drives renda finds, as JSON
    python wine_probe.py pages            the keys of the navigation's pages, one a line
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

FOREVER = 3600.0


def desktop() -> int:
    """Wine starts its desktop process on demand, and it inherits the pipes of the program
    that caused it: started once from here (with no pipes), it never holds a caller's."""
    import ctypes

    ctypes.windll.user32.GetDesktopWindow()  # type: ignore[attr-defined]
    ctypes.windll.user32.CreateWindowExW(  # type: ignore[attr-defined]
        0, "STATIC", "renda-wine-holder", 0, 0, 0, 1, 1, None, None, None, None
    )
    time.sleep(FOREVER)
    return 0


def hold(path: str) -> int:
    """Python's open() on Windows shares read and write but not delete, like most readers:
    Windows then refuses to replace or delete the file until it is closed."""
    with open(path, "rb"):
        time.sleep(FOREVER)
    return 0


def drives() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from app.exchange.drives import removable_drives

    found = [{"path": str(d.path), "label": getattr(d, "label", "")} for d in removable_drives()]
    print(json.dumps(found, ensure_ascii=False))
    return 0


def pages() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ui.pages import page_specs

    for spec in page_specs():
        print(spec.key)
    return 0


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    sys.exit({"desktop": desktop, "hold": hold, "drives": drives, "pages": pages}[command](*rest))
