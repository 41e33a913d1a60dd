"""The build tooling lives in build_scripts/ (not a package): make its modules importable."""

from __future__ import annotations

import sys
from pathlib import Path

BUILD_SCRIPTS = Path(__file__).resolve().parents[2] / "build_scripts"
if str(BUILD_SCRIPTS) not in sys.path:
    sys.path.insert(0, str(BUILD_SCRIPTS))
