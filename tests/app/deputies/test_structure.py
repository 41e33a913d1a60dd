"""Terms, constituencies, deputy groups and liaison stations."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.office import Office


def test_a_new_term_becomes_current_and_the_old_one_stays(office: Office) -> None:
    old = office.current_term
    new = office.terms.add(number=18, start_date="2026-12-29")
    assert office.current_term == new
    assert new.end_date == "2031-12-29"
    assert [t.number for t in office.terms.list()] == [18, 17]
    office.terms.make_current(old.id)
    assert office.current_term.id == old.id


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"number": 17, "start_date": "2021-01-01"}, "number", "已经存在"),
        ({"number": "十八", "start_date": "2026-01-01"}, "number", "整数"),
        ({"number": 18, "start_date": ""}, "start_date", "开始日期"),
        ({"number": 18, "start_date": "2026-01-01", "end_date": "2025-01-01"}, "end_date", "晚于"),
    ],
)
def test_bad_terms_are_refused(office: Office, kwargs: dict, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        office.terms.add(**kwargs)
    assert message in caught.value.fields[field]
    assert len(office.terms.list()) == 1


def test_constituencies_elect_one_to_three_deputies(office: Office) -> None:
    c = office.constituencies.add(name="第一选区", area="桃源村", seats=3)
    assert c.number == 1
    with pytest.raises(ValidationError, match="1 至 3"):
        office.constituencies.add(name="第二选区", seats=4)
    with pytest.raises(ValidationError, match="已有"):
        office.constituencies.add(name="第一选区", seats=1)


def test_a_constituency_with_deputies_cannot_be_deleted(office: Office) -> None:
    c = office.constituencies.add(name="第一选区", seats=2)
    d = office.deputies.add(name="张三", gender="男", constituency_id=c.id)
    with pytest.raises(ValidationError, match="1 名代表"):
        office.constituencies.delete(c.id)
    office.deputies.update(d.id, constituency_id=None)
    office.constituencies.delete(c.id)
    assert office.constituencies.list() == []


def test_group_members_and_leader(office: Office) -> None:
    east = office.groups.add(name="东片代表小组")
    west = office.groups.add(name="西片代表小组")
    a = office.deputies.add(name="张三", gender="男")
    b = office.deputies.add(name="李四", gender="女")
    office.groups.set_members(east.id, [a.id, b.id])
    assert set(office.groups.members(east.id)) == {a.id, b.id}
    with pytest.raises(ValidationError, match="组长应是本小组的代表"):
        office.groups.update(west.id, name=west.name, leader_id=a.id)
    office.groups.update(east.id, name=east.name, leader_id=a.id)
    office.groups.set_members(west.id, [a.id])  # moving the leader away
    assert office.groups.members(east.id) == [b.id]
    assert office.groups.get(east.id).leader_id is None
    assert office.groups.member_counts() == {east.id: 1, west.id: 1}


def test_stations_are_listed_and_protected_while_used(office: Office) -> None:
    station = office.stations.add(name="清溪镇人大代表联络站", kind="station", village="清溪社区")
    office.stations.add(name="桃源村代表联络点", village="桃源村")
    assert [s.kind_label for s in office.stations.list()] == ["代表联络站", "代表联络点"]
    office.deputies.add(name="张三", gender="男", station_id=station.id)
    with pytest.raises(ValidationError):
        office.stations.delete(station.id)
    renamed = office.stations.update(station.id, address="镇政府二楼")
    assert renamed.address == "镇政府二楼" and renamed.name == station.name


def test_township_details_are_checked(office: Office) -> None:
    with pytest.raises(ValidationError) as caught:
        office.townships.update(office.township.id, name="清溪", county="", code="12")
    assert set(caught.value.fields) == {"name", "county", "code"}
    assert office.township.name == "清溪镇"
