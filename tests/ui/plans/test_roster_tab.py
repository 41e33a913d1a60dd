"""坐班安排 in the GUI: a station's market-day cycle saved, a month arranged by turns, and a
reception entered on a duty day ticks the deputies on duty."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.core import dates
from app.duties.activities import ActivityQuery
from app.plans.rules import cycle_dates
from tests.ui.helpers import save_screenshot
from ui.duties.reception_dialog import ReceptionDialog


def test_a_clerk_arranges_a_month_and_a_reception_offers_who_is_on_duty(
    qtbot, window, monkeypatch
) -> None:
    office = window.office
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window.go("plans")
    page = window.pages["plans"]
    page.tabs.setCurrentWidget(page.roster)
    tab = page.roster
    station = next(s for s in office.stations.list() if office.duty_roster.station_deputies(s.id))
    tab.station.set_value(station.id)
    tab.shown_month = (2026, 3)
    tab.reload()
    tab.kind.set_value("market")
    tab.days.setText("逢二五八")
    tab.per_day.setText("２")
    tab.workdays_only.setChecked(True)
    tab.make_button.click()
    assert office.duty_roster.cycle(station.id).days == "258"
    expected = [d.isoformat() for d in cycle_dates("market", "258", True, 2026, 3)]
    assert [d.date for d in office.duty_roster.month(station.id, 2026, 3)] == expected
    assert tab.table.rowCount() == len(expected)
    qtbot.wait(50)
    save_screenshot(window, "plans_roster")

    # A bad cycle is refused at its field and changes nothing.
    tab.days.setText("逢某日")
    assert not tab.save_cycle()
    assert office.duty_roster.cycle(station.id).days == "258"

    # A reception on a duty day: the deputies on duty are ticked.
    day = expected[0]
    on_duty = office.duty_roster.on_duty(station.id, day)
    dialog = ReceptionDialog(office, None, window, station_id=station.id)
    qtbot.addWidget(dialog)
    dialog.date.setText(day)
    dialog.offer_on_duty()
    assert sorted(dialog.picker.selected()) == sorted(on_duty)
    assert "坐班日" in dialog.duty_hint.text()
    dialog.date.setText("2026-03-04")
    dialog.offer_on_duty()
    assert dialog.duty_hint.text() == ""


def test_a_lunar_market_cycle_is_understood_and_each_day_shows_its_lunar_date(
    qtbot, window, monkeypatch
) -> None:
    from app.plans.lunar import lunar_label

    office = window.office
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    window.go("plans")
    page = window.pages["plans"]
    page.tabs.setCurrentWidget(page.roster)
    tab = page.roster
    station = next(s for s in office.stations.list() if office.duty_roster.station_deputies(s.id))
    tab.station.set_value(station.id)
    tab.shown_month = (2026, 2)
    tab.reload()
    tab.kind.set_value("market")
    tab.calendar.set_value("solar")  # the text names the calendar, and wins
    tab.days.setText("农历逢一四七")
    tab.workdays_only.setChecked(False)
    tab.make_button.click()
    cycle = office.duty_roster.cycle(station.id)
    assert (cycle.calendar, cycle.days) == ("lunar", "147")
    assert tab.calendar.value() == "lunar"
    assert "农历每月初一、初四、初七、十一" in tab.cycle_note.text()
    days = office.duty_roster.month(station.id, 2026, 2)
    assert tab.table.rowCount() == len(days) > 0
    assert tab.table.horizontalHeaderItem(1).text() == "农历"
    for row, day in enumerate(days):
        shown = tab.table.item(row, 1).text()
        assert shown == lunar_label(day.date)
        assert shown[-1] in "一四七"
    assert any(tab.table.item(r, 1).text() == "正月初一" for r in range(tab.table.rowCount()))
    # Weekdays are the same in both calendars: the choice is off.
    tab.kind.set_value("weekday")
    assert not tab.calendar.isEnabled()
    tab.kind.set_value("market")
    qtbot.wait(50)
    save_screenshot(window, "plans_roster_lunar")
    # The calendar shows each day's lunar date too; the first of a lunar month its name.
    real = page.page  # the page behind its lazy wrapper
    real.shown_month = (2026, 2)
    real.reload()
    cells = {
        real.grid.item(r, c).data(0x0100): real.grid.item(r, c).text().split("\n")[0]
        for r in range(6)
        for c in range(7)
        if real.grid.item(r, c).data(0x0100)
    }
    assert cells["2026-02-17"] == "17 正月" and cells["2026-02-18"] == "18 初二"


def test_a_group_plan_is_written_and_the_missing_one_stands_out(qtbot, window) -> None:
    office = window.office
    window.go("plans")
    page = window.pages["plans"]
    page.tabs.setCurrentWidget(page.group_plans)
    tab = page.group_plans
    missing = [r for r in range(tab.table.rowCount()) if tab.table.item(r, 2).text() == "缺"]
    assert len(missing) == len(office.group_plans.missing(tab.year.value()))
    assert missing
    tab.table.selectRow(missing[0])
    group = tab.selected()
    tab.plan.setPlainText("一、每季度开展一次小组活动。")
    assert tab.save()
    assert office.group_plans.get(group.group_id, group.year).has_plan
    assert tab.attachments.add_button.isEnabled()
    row = next(
        r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == group.group_name
    )
    assert tab.table.item(row, 2).text().startswith("有")
    qtbot.wait(50)
    save_screenshot(window, "plans_group_plans")


def test_training_hours_are_entered_and_summed_per_deputy(qtbot, window) -> None:
    from tests.ui.duties.test_between_sessions import when_dialog
    from ui.widgets.record_dialog import RecordDialog

    office = window.office
    window.go("plans")
    page = window.pages["plans"]
    page.tabs.setCurrentWidget(page.training)
    tab = page.training
    missing = next(r for r in range(tab.trainings.rowCount())
                   if tab.trainings.item(r, 3).text() == "学时未填")  # fmt: skip
    tab.trainings.selectRow(missing)
    activity_id = tab.trainings.item(missing, 0).data(0x0100)

    def fill(dialog: RecordDialog) -> None:
        dialog.form.widgets["hours"].setText("十")
        assert not dialog.accept_values()
        dialog.form.widgets["hours"].setText("６")
        assert dialog.accept_values()

    when_dialog(qtbot, RecordDialog, fill)
    tab.set_button.click()
    assert office.trainings.get(activity_id).hours == 6
    assert tab.trainings.item(missing, 3).text() == "6 学时"
    someone = office.activities.get(activity_id).deputy_ids[0]
    _count, hours = office.trainings.hours_by_deputy(tab.year.value())[someone]
    name = office.deputies.get(someone).name
    row = next(r for r in range(tab.hours.rowCount()) if tab.hours.item(r, 0).text() == name)
    assert tab.hours.item(row, 2).text() == f"{hours:g} 学时"
    qtbot.wait(50)
    save_screenshot(window, "plans_training")


def test_a_county_database_opens_the_page_without_an_office_year(qtbot, tmp_path) -> None:
    from app.office import Office
    from ui.main_window import MainWindow

    office = Office.open(tmp_path / "county.sqlite")
    office.setup_county(county="溪山县")
    win = MainWindow(office)
    qtbot.addWidget(win)
    win.show()
    try:
        win.go("plans")
        page = win.pages["plans"]
        assert page.tabs is None
        page.show_record(1)  # a link from elsewhere changes nothing and does not fail
        win.go("home")
        assert not win.pages["home"].month_work.isVisible()
    finally:
        win.close()
        office.close()


def test_training_hours_show_in_the_score_and_open_the_training(qtbot, window) -> None:
    """履职积分: a training with hours is one line per participant, its points by the
    hours of the training record; double-click opens the training."""
    office = window.office
    year = dates.today().year
    hours = office.trainings.hours_by_deputy(year)
    recorded = {t.activity_id for t in office.trainings.year(year) if t.recorded}
    deputy_id = next(
        d for d in hours
        if any(a in recorded for a in office.activities.search(ActivityQuery(deputy_id=d)))
    )  # fmt: skip
    score = office.scores.deputy(deputy_id, year)
    by_hours = [x for x in score.lines if x.event.event == "training_hours"]
    assert by_hours
    wanted = sum(t.hours for t in office.trainings.deputy_year(deputy_id, year)[0] if t.recorded)
    assert sum(x.event.units for x in by_hours) == wanted
    window.go("scores")
    scores = window.pages["scores"]
    scores.year.set_value(year)
    scores.select_deputy(deputy_id)
    labels = [scores.lines.item(r, 1).text() for r in range(scores.lines.rowCount())]
    row = labels.index("学习培训（每学时）")
    line = scores.selected_score().lines[row]
    assert scores.lines.item(row, 4).text() == line.event.text and "学时" in line.event.text
    qtbot.wait(50)
    save_screenshot(window, "scores_training_hours")
    scores.open_line(row)
    activities = window.pages["activities"]
    assert window.stack.currentWidget() is activities
    assert activities.selected_id() == line.event.record_id
    assert office.activities.get(line.event.record_id).kind == "学习培训"
