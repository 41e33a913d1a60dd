"""The reception register of the liaison stations and their "六有" checklist."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.duties.receptions import ReceptionQuery
from app.office import Office
from tests.app.duties.seed_between_sessions import seed

VISITOR = dict(
    visitor_name="张𠮷",
    visitor_gender="男",
    visitor_age="56",
    contact="138 1234 5678",
    village="桃源村",
    content="村里到镇上的路坑洼多，雨天不好走，希望尽快修一修。",
    within_powers=True,
    handling="government",
    forwarded_to="镇交通站",
)


def count(office: Office, table: str) -> int:
    return office.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_reception_without_a_station_is_refused_and_nothing_written(office: Office) -> None:
    s = seed(office)
    with pytest.raises(ValidationError) as caught:
        office.receptions.add(
            station_id=None, date="2026-03-05", deputy_ids=[s.deputies[0].id], items=[VISITOR]
        )
    assert caught.value.fields == {"station_id": "请选择接待选民的联络站（点）"}
    for table in ("receptions", "reception_items", "reception_deputies"):
        assert count(office, table) == 0


def test_a_reception_with_its_visitors_is_kept_and_found(office: Office) -> None:
    s = seed(office)
    reception = office.receptions.add(
        station_id=s.point.id,
        date="2026.3.5",
        start_time="9点",
        end_time="1130",
        deputy_ids=[s.deputies[1].id, s.deputies[0].id],
        items=[VISITOR, dict(content="低保申请不知道找谁", handling="answered")],
    )
    assert (reception.date, reception.time_label) == ("2026-03-05", "09:00—11:30")
    first, second = reception.items
    assert (first.visitor_name, first.visitor_gender, first.visitor_age) == ("张𠮷", "M", 56)
    assert first.contact == "13812345678" and first.handling_label == "转镇政府有关部门办理"
    assert second.visitor_label == "（未留姓名）"
    assert office.receptions.search(ReceptionQuery(text="坑洼")) == [reception.id]
    assert office.receptions.search(ReceptionQuery(text="𠮷")) == [reception.id]
    assert office.receptions.search(ReceptionQuery(station_id=s.station.id)) == []
    row = office.receptions.rows([reception.id])[0]
    assert row.visitors == 2 and row.open_items == 1 and "李䶮" in row.deputy_names

    # Editing keeps the visitors the clerk kept (same records), drops the one removed.
    values = reception.form_values()
    values["items"] = [
        {
            **values["items"][0],
            "result": "已列入明年村道硬化计划",
            "feedback_date": "2026-04-02",
            "feedback_way": "电话",
        }
    ]
    changed = office.receptions.update(reception.id, **values)
    assert [i.uuid for i in changed.items] == [first.uuid]
    assert changed.items[0].feedback_date == "2026-04-02"
    assert office.receptions.rows([reception.id])[0].open_items == 0


def test_each_visitors_problem_is_named_by_their_number(office: Office) -> None:
    s = seed(office)
    with pytest.raises(ValidationError) as caught:
        office.receptions.add(
            station_id=s.station.id,
            date="2026-03-05",
            start_time="11:00",
            end_time="09:00",
            deputy_ids=[s.deputies[0].id],
            items=[
                VISITOR,
                dict(VISITOR, content="", visitor_age="二十", forwarded_to=""),
                dict(VISITOR, feedback_date="2026-03-01"),
            ],
        )
    fields = caught.value.fields
    assert fields["end_time"] == "结束时间应晚于开始时间"
    assert "第 1 位" not in fields["items"]
    assert "第 2 位来访人：" in fields["items"] and "年龄应填整数" in fields["items"]
    assert "请填写来访人反映的问题" in fields["items"]
    assert "请填写转交的部门" in fields["items"]
    assert "第 3 位来访人：反馈日期早于接待日期" in fields["items"]
    assert count(office, "receptions") == 0


def test_the_six_haves_checklist_is_kept_per_station(office: Office) -> None:
    s = seed(office)
    items = [c.item for c in office.receptions.checklist(s.station.id)]
    assert items[:2] == ["有固定场所", "有统一标牌"] and len(items) == 7
    office.receptions.set_checklist(
        s.station.id, {"有固定场所": (True, "镇政府二楼 30 平方米"), "有统一标牌": (True, "")}
    )
    marks = {c.item: c for c in office.receptions.checklist(s.station.id)}
    assert marks["有固定场所"].done and marks["有固定场所"].note == "镇政府二楼 30 平方米"
    assert not marks["有工作经费"].done
    with pytest.raises(ValidationError):
        office.receptions.set_checklist(s.station.id, {"有电脑": (True, "")})

    # The list is editable: a renamed item keeps what stations had marked.
    item = next(i for i in office.reference.items("station_checklist") if i.value == "有统一标牌")
    office.reference.rename(item.id, "有标识标牌")
    assert {c.item: c.done for c in office.receptions.checklist(s.station.id)}["有标识标牌"]

    office.receptions.add(station_id=s.station.id, date="2026-01-05", deputy_ids=[s.deputies[0].id])
    summary = {st.name: st for st in office.receptions.stations(2026)}
    station = summary["清溪镇人大代表联络站"]
    assert (station.checks_done, station.checks_total) == (2, 7)
    assert (station.receptions_this_year, station.last_reception) == (1, "2026-01-05")
    assert summary["桃源村代表联络点"].receptions_this_year == 0


def test_stations_that_do_not_receive_voters_are_reminded(office: Office) -> None:
    from datetime import date

    s = seed(office)
    for station in (s.station, s.point):
        office.receptions.add(
            station_id=station.id, date="2026-10-08", deputy_ids=[s.deputies[0].id]
        )
    office.receptions.add(station_id=s.station.id, date="2026-11-03", deputy_ids=[s.deputies[0].id])

    def station_texts(day: date) -> list[tuple[str, str]]:
        return [(r.level, r.text) for r in office.reminders(day) if r.area == "联络站"]

    assert all(level == "info" for level, _ in station_texts(date(2026, 11, 10)))  # time left
    due = station_texts(date(2026, 11, 26))
    assert (
        "due",
        "1 个联络站（点）本期还没有接待选民（桃源村代表联络点），2026年11月30日前应安排",
    ) in due
    overdue = station_texts(date(2026, 12, 15))
    assert overdue[0][0] == "overdue" and "桃源村代表联络点" in overdue[0][1]
    office.settings.set("station_reception_months", 3)  # once a quarter is enough
    assert all(level == "info" for level, _ in station_texts(date(2026, 12, 15)))


def test_the_search_finds_visitors_by_any_words_and_follows_edits(office: Office) -> None:
    """The receptions' search reads an index of characters and pairs: one character, a
    pair, a longer phrase, several words, Latin letters in either case all find the
    reception; an edited or removed visitor is found by their new words only."""
    s = seed(office)
    lamp = office.receptions.add(
        station_id=s.point.id,
        date="2026-05-06",
        deputy_ids=[s.deputies[0].id],
        items=[dict(VISITOR, content="村口LED路灯坏了三盏，晚上看不清路。", village="石门村")],
    )
    road = office.receptions.add(
        station_id=s.point.id,
        date="2026-05-07",
        deputy_ids=[s.deputies[0].id],
        items=[VISITOR],
    )

    def found(text: str) -> set[int]:
        return set(office.receptions.search(ReceptionQuery(text=text)))

    assert found("灯") == found("路灯") == found("路灯坏了") == {lamp.id}
    assert found("路") == {lamp.id, road.id}
    assert found("坏了 石门") == {lamp.id}  # both words, not the phrase
    assert found("不清路灯") == set()  # every pair is there, the phrase is not
    assert found("led") == found("ＬＥＤ路灯") == {lamp.id}
    assert found("石门") == {lamp.id} and found("张𠮷") == {lamp.id, road.id}
    assert found("镇交通站") == {lamp.id, road.id}  # where it was forwarded

    values = lamp.form_values()
    values["items"] = [{**values["items"][0], "content": "希望在村口加装一个垃圾桶。"}]
    office.receptions.update(lamp.id, **values)
    assert found("路灯") == set() and found("垃圾桶") == {lamp.id}
    office.receptions.delete(road.id)
    assert found("坑洼") == set() and found("张𠮷") == {lamp.id}
