"""The start shows the window before it loads what the first page does not need (budget:
2× a bare PySide6 window, benchmarks/run.py --only startup_vs_bare): a fresh process that
opens an existing office and paints the 工作台 has not yet imported sqlite-utils (about
60 ms with click, dateutil and pluggy) nor the log's file handler, and has not used any of
Qt's own enums (Qt.AlignmentFlag…): the first use makes all ninety, about 25 ms."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NOT_AT_FIRST_PAINT = [
    "sqlite_utils",
    "sqlite_utils.migrations",
    "click",
    "dateutil",
    "pluggy",
    "logging.handlers",
]

START_AND_LIST = """
import json, sys
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
seen = {}


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if not seen and event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            seen["title"] = obj.windowTitle()
            seen["loaded"] = [m for m in sys.argv[2:] if m in sys.modules]
            seen["qt_enums_made"] = "Qt" in vars(QtCore)  # PySide6 makes its types lazily
        return False


watcher = FirstPaint()
app.installEventFilter(watcher)
from ui.main import main

code = main(["--db", sys.argv[1], "--startup-time"])
print(json.dumps({"code": code, **seen}, ensure_ascii=False))
"""


def test_the_first_paint_comes_before_sqlite_utils_the_log_and_qt_enums(demo_db: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", START_AND_LIST, str(demo_db), *NOT_AT_FIRST_PAINT],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {
        "code": 0,
        "title": "乡镇人大工作台 — 清溪镇 · 第十七届",
        "loaded": [],
        "qt_enums_made": False,
    }


def test_the_program_still_uses_sqlite_utils_where_asked(demo_db: Path) -> None:
    """What is not on the start path keeps working: db["table"] builds it when used."""
    from app.office import Office

    with Office.open(demo_db) as office:
        assert (
            office.db["deputies"].count
            == office.db.execute("SELECT count(*) FROM deputies").fetchone()[0]
            > 0
        )
