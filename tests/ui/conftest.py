"""GUI tests drive the real widgets on a real database file, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(scope="session", autouse=True)
def app_fonts(qapp: QApplication) -> None:
    from app.core.paths import resource_path
    from ui.fonts import install_fonts

    assert install_fonts(qapp) == []
    qapp.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    yield
    from ui.tasks import TaskRunner

    left = TaskRunner.running()
    for runner in left:
        runner.shutdown()
    assert not left, "a test left a background task runner running"


@pytest.fixture
def window(qtbot, demo_db: Path):
    from app.office import Office
    from ui.main_window import MainWindow

    office = Office.open(demo_db)
    win = MainWindow(office)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    # The 工作台 fills its figures and reminders just after the first paint.
    qtbot.waitUntil(lambda: win.pages["home"].filled)
    yield win
    _stop_timers(win)
    win.close()
    office.close()


def _stop_timers(win) -> None:
    """A search typed at the end of a test must not run after its database is closed (it
    would fire in the next test's event loop)."""
    from PySide6.QtCore import QTimer

    for timer in win.findChildren(QTimer):
        timer.stop()
