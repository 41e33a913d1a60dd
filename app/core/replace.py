"""Put a finished temporary file in place of the target, the Windows way.

Linux renames over a file another program holds open; Windows refuses (access denied or
sharing violation) while a PDF reader, WPS or a virus scanner has the target open. A
scanner lets go within a moment, so the rename is tried again for about a second; a reader
does not, and the caller then tells the clerk to close the file (`held_open`). Checked under
Wine by build_scripts/windows_under_wine.py (a file held open while printing over it)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_WINDOWS_IN_USE = {5, 32, 33}
RETRY_SECONDS = (0.05, 0.1, 0.2, 0.3, 0.4)


def held_open(exc: OSError) -> bool:
    """True when Windows refused because another program has the file open."""
    return sys.platform == "win32" and getattr(exc, "winerror", None) in _WINDOWS_IN_USE


def replace_file(source: Path | str, target: Path | str) -> None:
    """os.replace, retried briefly while Windows says the target is in use."""
    for pause in (*RETRY_SECONDS, None):
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            if pause is None or not held_open(exc):
                raise
            time.sleep(pause)
