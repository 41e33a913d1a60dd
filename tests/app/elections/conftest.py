"""A township of twenty deputies (one with a rare name) and a session they attend."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

NAMES = [
    *["王𠮷", "李䶮", "张一", "刘二", "陈三", "杨四", "赵五", "黄六", "周七", "吴八"],
    *["徐九", "孙十", "马明", "朱亮", "胡平", "郭强", "何军", "高华", "林涛", "罗勇"],
]


@dataclass
class Town:
    office: object
    ids: dict[str, int]  # name -> deputy id
    session: object  # the session (18 present, 2 on leave)

    def id(self, name: str) -> int:
        return self.ids[name]

    def ten(self, *skip: str) -> list[int]:
        """Ten deputies to nominate jointly, none of `skip`."""
        return [i for n, i in self.ids.items() if n not in skip][-10:]


@pytest.fixture
def town(office) -> Town:
    ids = {}
    for i, name in enumerate(NAMES):
        ids[name] = office.deputies.add(name=name, gender="男" if i % 3 else "女").id
    session = office.meetings.add(kind="session", start_date="2025-03-12", place="镇会议室")
    attendance = office.meetings.attendance
    attendance.set_status(session.id, attendance.expected_ids(session.id), "present")
    attendance.set_status(session.id, [ids["高华"], ids["林涛"]], "leave")
    return Town(office, ids, session)
