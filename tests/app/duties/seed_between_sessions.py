"""A small township for the tests of the work between sessions: five deputies (two with
rare characters), a group, two stations."""

from __future__ import annotations

from dataclasses import dataclass

from app.office import Office


@dataclass
class Seed:
    deputies: list  # Deputy records, in the order added
    group: object
    station: object
    point: object


NAMES = [("王𠮷", "男"), ("李䶮", "女"), ("张𡒄", "男"), ("赵敏", "女"), ("刘强", "男")]


def seed(office: Office) -> Seed:
    group = office.groups.add(name="东片代表小组")
    station = office.stations.add(name="清溪镇人大代表联络站", kind="station", village="清溪社区")
    point = office.stations.add(name="桃源村代表联络点", village="桃源村")
    deputies = [
        office.deputies.add(
            name=name,
            gender=gender,
            group_id=group.id,
            station_id=station.id,
            elected_date="2021-12-28",
        )
        for name, gender in NAMES
    ]
    return Seed(deputies, group, station, point)
