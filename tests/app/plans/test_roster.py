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


# ---- market days by the lunar calendar (农历赶集日) ------------------------------------


def test_lunar_dates_match_the_almanac() -> None:
    from app.plans.lunar import lunar_day, lunar_label

    # Spring Festivals and leap months as the almanac prints them.
    assert lunar_label("2027-02-06") == "正月初一"
    assert lunar_label("2026-02-17") == "正月初一"
    assert lunar_label("2024-02-10") == "正月初一"
    assert lunar_label("2027-02-05") == "腊月廿九"  # 除夕: that 腊月 is a short month
    assert lunar_label("2023-03-22") == "闰二月初一"
    assert lunar_label("2025-07-25") == "闰六月初一"
    assert lunar_label("2026-09-25") == "八月十五"  # 中秋
    assert lunar_label("2024-12-01") == "冬月初一"
    assert lunar_label("2025-01-28") == "腊月廿九" and lunar_label("2025-01-29") == "正月初一"
    assert lunar_label("2025-10-06") == "八月十五"
    assert lunar_label("1900-01-31") == "正月初一"
    assert lunar_day(date(2100, 12, 31)) is not None
    assert lunar_day(date(1900, 1, 30)) is None and lunar_label("2101-02-01") == ""


def test_what_a_clerk_types_is_read_and_said_back() -> None:
    from app.plans.rules import cycle_understood, read_cycle

    assert read_cycle("market", "农历逢一四七") == ("lunar", "147")
    assert read_cycle("market", "逢三六九", "lunar") == ("lunar", "369")
    assert read_cycle("market", "1,4,7") == ("solar", "147")
    assert read_cycle("market", "阴历 二、五、八") == ("lunar", "258")
    assert read_cycle("market", "公历逢三六九", "lunar") == ("solar", "369")
    assert read_cycle("weekday", "每周一三五") == ("solar", "135")
    assert cycle_understood("market", "147", "lunar") == (
        "农历每月初一、初四、初七、十一、十四、十七、廿一、廿四、廿七"
    )
    assert cycle_understood("market", "50", "lunar").endswith("二十、廿五、三十（小月没有三十）")
    with pytest.raises(CycleError, match="既有公历又有农历"):
        read_cycle("market", "农历公历逢一")
    with pytest.raises(CycleError, match="不分农历公历"):
        read_cycle("weekday", "农历周一")
    assert cycle_label("market", "147", False, "lunar") == "逢一四七（农历）"


def test_a_lunar_cycle_falls_on_the_lunar_days(town, station) -> None:
    from app.plans.lunar import lunar_day

    roster = town.office.duty_roster
    cycle = roster.set_cycle(station.id, kind="market", days="农历逢一四七", workdays_only=False)
    assert (cycle.calendar, cycle.days, cycle.is_lunar) == ("lunar", "147", True)
    assert cycle.understood.startswith("农历每月初一、初四、初七")
    february = roster.make_month(station.id, 2026, 2)
    # Every day of February 2026 whose lunar day ends in 1, 4 or 7, and no other.
    wanted = [
        date(2026, 2, d).isoformat()
        for d in range(1, 29)
        if lunar_day(date(2026, 2, d)).day % 10 in (1, 4, 7)
    ]
    assert [d.date for d in february] == wanted
    assert "2026-02-17" in wanted  # 正月初一, the Spring Festival, is a 逢一 day
    first = next(d for d in february if d.date == "2026-02-17")
    assert first.lunar_label == "正月初一"
    # The solar 1st, 11th, 21st … are not what the lunar count gives.
    assert {int(d[8:]) % 10 for d in wanted} != {1, 4, 7}
    # On working days only: the Saturdays and Sundays drop out.
    roster.set_cycle(station.id, kind="market", days="147", calendar="lunar")
    again = roster.make_month(station.id, 2026, 2, replace=True)
    assert [d.date for d in again] == [x for x in wanted if date.fromisoformat(x).weekday() < 5]


def test_the_printed_notice_gives_the_lunar_date(town, station) -> None:
    from app.documents.duty_roster import duty_roster_pdf

    office = town.office
    roster = office.duty_roster
    roster.set_cycle(station.id, kind="market", days="逢一四七", calendar="lunar",
                     workdays_only=False)  # fmt: skip
    roster.make_month(station.id, 2026, 2)
    result = duty_roster_pdf(office, station.id, 2026, 2)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(result.data)).pages)
    assert "正月初一" in text and "2026年2月17日" in text
    assert "农历每月初一、初四、初七" in text
