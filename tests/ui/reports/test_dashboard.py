"""The 工作台's charts: drawn on the demo township, each bar opens the list behind it, and
the list shows as many records as the bar says; the charts save as a PNG."""

from __future__ import annotations

from PySide6.QtGui import QImage

from app.core import dates
from tests.ui.helpers import save_screenshot
from ui.home import dashboard as dashboard_module


def test_the_charts_open_the_lists_behind_their_bars(qtbot, window, tmp_path, monkeypatch):
    home = window.pages["home"]
    charts = home.charts
    qtbot.waitUntil(lambda: charts.figures is not None)  # drawn after the first paint
    figures = charts.figures
    assert charts.isVisibleTo(home) and figures is not None
    assert set(charts.views) == set(dashboard_module.ORDER)
    for key, view in charts.views.items():
        assert view.chart().series(), key
    save_screenshot(window, "home_dashboard")
    year = dates.today().year

    # A state: the 建议办理 list of this year in that state.
    states = figures.states
    closed = next(i for i, b in enumerate(reversed(states)) if b.key == "closed")
    charts.sets["states"][0].clicked.emit(closed)
    page = window.pages["suggestions"]
    assert window.stack.currentWidget() is page
    listed = page.list
    assert listed.year.value() == year and listed.status.value() == "closed"
    assert listed.model.rowCount() == next(b.value for b in states if b.key == "closed") > 0

    # A unit's overdue suggestions.
    overdue = figures.overdue
    assert overdue
    charts.sets["overdue"][0].clicked.emit(len(overdue) - 1)  # the top bar: the most
    assert listed.unit.value() == overdue[0].key and listed.due.value() == "overdue"
    assert listed.year.value() is None
    assert listed.model.rowCount() == overdue[0].value

    # Last year's rates: the 办理统计 tab of last year.
    charts.sets["rates"][0].clicked.emit(0)
    assert page.tabs.currentWidget() is page.stats and page.stats.year.value() == year - 1

    # A session: its record on the 会议 page.
    session = figures.sessions[-1]
    charts.sets["sessions"][0].clicked.emit(len(figures.sessions) - 1)
    meetings = window.pages["meetings"]
    assert window.stack.currentWidget() is meetings
    assert meetings.stack.currentWidget() is meetings.view
    assert meetings.view.meeting.id == session.meeting_id

    # A month: this year's activities, as many as the months add up to.
    charts.sets["months"][0].clicked.emit(3)
    activities = window.pages["activities"]
    assert window.stack.currentWidget() is activities
    assert activities.year.value() == year
    assert activities.model.rowCount() == sum(b.value for b in figures.months)

    # A grade of the duty scores: the 履职积分 page of the year, only that grade's deputies.
    good = next(i for i, b in enumerate(figures.grades) if b.key == "较好")
    charts.sets["grades"][good].clicked.emit(good)
    scores = window.pages["scores"]
    assert window.stack.currentWidget() is scores
    assert scores.year.value() == year and scores.grade.value() == "较好"
    assert scores.table.rowCount() == figures.grades[good].value > 0
    grade_column = next(c for c, col in enumerate(scores.columns) if col.title == "等次")
    shown = {scores.table.item(r, grade_column).text() for r in range(scores.table.rowCount())}
    assert shown == {"较好"}

    # A state of the year's plan: the 工作要点 list of the year, only those items.
    overdue_items = next(i for i, b in enumerate(figures.plan) if b.key == "overdue")
    charts.sets["plan"][overdue_items].clicked.emit(overdue_items)
    plans = window.pages["plans"]
    assert window.stack.currentWidget() is plans
    assert plans.year.value() == year and plans.status.value() == "overdue"
    assert plans.table.rowCount() == figures.plan[overdue_items].value > 0
    assert {plans.table.item(r, 4).text() for r in range(plans.table.rowCount())} == {"逾期未办"}

    # The charts as one picture.
    target = tmp_path / "图表.png"
    monkeypatch.setattr(dashboard_module, "ask_png_path", lambda _parent: target)
    told: list[str] = []
    monkeypatch.setattr(dashboard_module, "show_info", lambda _p, text: told.append(text))
    assert charts.save_picture() == target
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 400 and str(target) in told[0]


def test_the_charts_follow_a_change_of_the_records(qtbot, window):
    """A suggestion registered elsewhere shows in the state chart once the home page
    refreshes (it listens to the change signals)."""
    office = window.office
    charts = window.pages["home"].charts
    qtbot.waitUntil(lambda: charts.figures is not None)
    before = {b.key: b.value for b in charts.figures.states}
    deputy = office.db.execute(
        "SELECT id FROM deputies WHERE status = 'serving' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    saved = office.suggestions.register(
        lead_deputy_id=deputy,
        title="关于修缮村小学围墙的建议",
        content="围墙破损，存在安全隐患。",
        category=office.reference.values("suggestion_categories")[0],
    )
    window.context.changed.emit("suggestions", [saved.id])
    window.context.changed.emit("suggestions", [saved.id])  # two changes, one redraw
    assert charts.stale and charts.timer.isActive()
    qtbot.waitUntil(lambda: not charts.stale)
    after = {b.key: b.value for b in charts.figures.states}
    assert after["registered"] == before.get("registered", 0) + 1


def test_print_the_charts_through_the_preview(qtbot, window):
    from tests.ui.reports.test_drafts_page import preview_text

    charts = window.pages["home"].charts
    qtbot.waitUntil(lambda: charts.figures is not None)
    text = preview_text(qtbot, charts.print_charts)
    assert "工作台统计图表" in text


def test_the_charts_stand_in_one_column_when_narrow_and_load_qtcharts_late(qtbot, window):
    """At 1024×768 the charts stand one under another (no elided axis, no hairline bar);
    wider, two side by side. QtCharts is not loaded by importing the 工作台."""
    import subprocess
    import sys

    charts = window.pages["home"].charts
    qtbot.waitUntil(lambda: charts.figures is not None)
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: charts.columns == 1)
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: charts.columns == 2)
    code = (
        "import sys; import ui.home.home_page; "
        "print('PySide6.QtCharts' in sys.modules, 'app.reports.dashboard' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == ["False", "False"]
