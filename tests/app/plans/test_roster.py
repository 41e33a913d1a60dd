"""The liaison stations' duty roster: the market-day cycle, a month made by turns, a day set
by hand, refusals (a deputy who has ended their status), who is on duty, the printed
坐班安排表 with masked phones, and the calendar showing the duty days."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.core.errors import ValidationError
from app.plans.rules import CycleError, cycle_dates, cycle_label, parse_cycle_days


def test_market_days_and_weekdays() -> None:
    assert parse_cycle_days("market", "逢三六九") == "369"
    assert parse_cycle_days("market", "１、４、７") == "147"
    assert parse_cycle_days("weekday", "周一、三、五") == "135"
    with pytest.raises(CycleError):
        parse_cycle_days("weekday", "89")
    # December 2026: the 3rd (Thu), 6th (Sun), 9th, 13th (Sun), 16th, 19th (Sat), 23rd,
    # 26th (Sat), 29th: on working days only, five are left.
    days = cycle_dates("market", "369", True, 2026, 12)
    assert [d.day for d in days] == [3, 9, 16, 23, 29]
    assert len(cycle_dates("market", "369", False, 2026, 12)) == 9
    assert all(d.isoweekday() in (1, 3, 5) for d in cycle_dates("weekday", "135", True, 2026, 3))
    assert cycle_label("market", "369", True) == "逢三六九（公历，遇周末不坐班）"


@pytest.fixture
def station(town):
    office = town.office
    station = office.stations.add(name="桃源村代表联络点", kind="point", village="桃源村")
    for name in ("王𠮷", "李䶮", "张三"):
        office.deputies.update(town.deputies[name], station_id=station.id)
    return station


def test_a_month_by_turns_continues_next_month(town, station) -> None:
    roster = town.office.duty_roster
    roster.set_cycle(station.id, kind="market", days="369", per_day=2, start_time="9:00",
                     end_time="12:00")  # fmt: skip
    march = roster.make_month(station.id, 2026, 3)
    assert [d.date for d in march] == [
        x.isoformat() for x in cycle_dates("market", "369", True, 2026, 3)
    ]
    sits = [i for d in march for i in d.deputy_ids]
    assert all(len(d.deputy_ids) == 2 for d in march)
    assert max(sits.count(i) for i in set(sits)) - min(sits.count(i) for i in set(sits)) <= 1
    april = roster.make_month(station.id, 2026, 4)
    assert set(april[0].deputy_ids) != set(march[-1].deputy_ids) or len(set(sits)) < 3
    assert roster.on_duty(station.id, march[0].date) == list(march[0].deputy_ids)
    assert roster.on_duty(station.id, "2026-03-04") == []
    with pytest.raises(ValidationError) as again:
        roster.make_month(station.id, 2026, 3)
    assert "已经排班" in again.value.fields["month"]


def test_a_duty_day_for_an_ended_deputy_is_refused_and_nothing_changes(town, station) -> None:
    office = town.office
    roster = office.duty_roster
    zhang = town.deputies["张三"]
    office.deputies.set_status(
        zhang, status="ended", date="2026-02-01", reason="迁出或调离本行政区域"
    )
    count = office.db.execute("SELECT count(*) FROM duty_days").fetchone()[0]
    with pytest.raises(ValidationError) as refused:
        roster.set_day(station.id, date="2026-03-03", deputy_ids=[zhang, town.deputies["王𠮷"]])
    assert "张三已于2026年2月1日终止代表资格" in refused.value.fields["deputy_ids"]
    assert office.db.execute("SELECT count(*) FROM duty_days").fetchone()[0] == count
    day = roster.set_day(station.id, date="2026年3月3日", deputy_ids=[town.deputies["王𠮷"]])
    assert day.names == ("王𠮷",)
    with pytest.raises(ValidationError) as bad:
        roster.set_cycle(station.id, kind="weekday", days="周八")
    assert "坐班日" in bad.value.message or "days" in bad.value.fields


def test_printed_roster_masks_phones_and_the_calendar_shows_duty(town, station) -> None:
    office = town.office
    office.deputies.update(town.deputies["王𠮷"], phone="13912345678")
    roster = office.duty_roster
    roster.set_cycle(station.id, kind="weekday", days="135", per_day=1)
    days = roster.make_month(station.id, 2026, 3)
    from app.documents.duty_roster import duty_roster_pdf

    result = duty_roster_pdf(office, station.id, 2026, 3)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(result.data)).pages)
    assert "桃源村代表联络点代表坐班安排表" in text and "王𠮷" in text
    assert "139****5678" in text and "13912345678" not in text
    assert "每周一、三、五" in text
    shown = [e for e in office.calendar.month(2026, 3, today=date(2026, 3, 1)) if e.kind == "duty"]
    assert [e.date for e in shown] == [d.date for d in days]


def test_month_work_tells_of_the_roster(town, station) -> None:
    office = town.office
    roster = office.duty_roster
    roster.set_cycle(station.id, kind="market", days="369")
    work = office.calendar.month_work(date(2026, 2, 10))
    assert any("本月各联络站还没有排班" in line.text for line in work.now)
    days = roster.make_month(station.id, 2026, 3)
    work = office.calendar.month_work(date(2026, 2, 10))
    assert any(
        f"下月 1 个联络站（点）共安排坐班 {len(days)} 站次" in line.text for line in work.coming
    )
