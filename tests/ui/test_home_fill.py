"""The 工作台 shows at once; its figures, 本月工作 and reminders fill just after the window's
first paint (the modules they need load on a thread meanwhile) and match the records."""

from __future__ import annotations

from pathlib import Path

from app.office import Office
from ui.main_window import MainWindow


def test_the_first_paint_does_not_wait_for_the_reminders(qtbot, demo_db: Path) -> None:
    office = Office.open(demo_db)
    window = MainWindow(office)
    qtbot.addWidget(window)
    home = window.pages["home"]
    # Built, not yet painted: the page stands with its title and a quiet line.
    assert not home.filled
    assert "工作台" in home.title.text()
    assert [home.list.item(i).text() for i in range(home.list.count())] == ["正在整理提醒…"]
    window.show()
    qtbot.waitUntil(lambda: home.filled, timeout=10000)
    expected = office.reminders()
    assert [r.text for r in home.reminders] == [r.text for r in expected]
    assert home.list.count() == len(expected) > 0
    assert "在任代表" in home.figures.text()
    assert home.month_work.isVisible()
    window.close()
    office.close()
