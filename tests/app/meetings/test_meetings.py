"""Meetings: names, the expected list, times, quorum and what is refused."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.deputies.deputies import DeputyQuery
from app.meetings.meetings import MeetingQuery
from app.meetings.rules import (
    has_quorum,
    majority_needed,
    parse_time,
    period_of,
    quorum_needed,
    rank_candidates,
)
from app.office import Office

NAMES = [
    "王𠮷",
    "李䶮",
    "张𡒄",
    "赵一",
    "钱二",
    "孙三",
    "周四",
    "吴五",
    "郑六",
    "冯七",
    "陈八",
    "褚九",
]


def add_deputies(office: Office, n: int = 12, *, presidium: int = 3, group: int | None = None):
    ids = []
    for i, name in enumerate(NAMES[:n]):
        role = "chair" if i == 0 else "member" if i < presidium else ""
        d = office.deputies.add(
            name=name, gender="男", presidium_role=role, group_id=group, unit=f"{name}所在单位"
        )
        ids.append(d.id)
    return ids


@pytest.fixture
def township(office: Office) -> Office:
    add_deputies(office)
    return office


def test_session_and_presidium_names_are_generated_and_numbered_within_the_term(township):
    meetings = township.meetings
    first = meetings.add(kind="session", start_date="2025-03-12")
    third = meetings.add(kind="session", start_date="2025-09-12", number=3)
    presidium = meetings.add(kind="presidium", start_date="2025-02-20")
    assert first.title == "清溪镇第十七届人民代表大会第一次会议"
    assert third.title == "清溪镇第十七届人民代表大会第三次会议"
    assert presidium.title == "清溪镇第十七届人民代表大会主席团第一次会议"
    assert meetings.next_number("session") == 4
    assert meetings.next_number("presidium") == 2
    with pytest.raises(ValidationError) as refused:
        meetings.add(kind="session", start_date="2025-10-12", number=3)
    assert "已经登记过" in refused.value.fields["number"]


def test_the_expected_list_comes_from_the_kind(township):
    office = township
    group = office.groups.add(name="东片代表小组")
    ids = office.deputies.search(DeputyQuery())
    office.groups.set_members(group.id, ids[:4])
    counts = office.meetings.attendance.counts
    session = office.meetings.add(kind="session", start_date="2025-03-12")
    presidium = office.meetings.add(kind="presidium", start_date="2025-03-01")
    activity = office.meetings.add(kind="group", group_id=group.id, start_date="2025-05-06")
    other = office.meetings.add(kind="other", title="代表培训会", start_date="2025-06-01")
    assert counts(session.id).expected == 12
    assert counts(presidium.id).expected == 3
    assert counts(activity.id).expected == 4
    assert activity.title == "东片代表小组2025年第二季度活动"
    assert counts(other.id).expected == 0


def test_a_deputy_whose_status_ended_is_expected_only_at_meetings_before_the_end(township):
    office = township
    leaver = office.deputies.find("钱二")[0]
    office.deputies.set_status(leaver.id, status="ended", date="2025-06-30", reason="辞职被接受")
    before = office.meetings.add(kind="session", start_date="2025-03-12")
    after = office.meetings.add(kind="session", start_date="2025-09-12")
    assert leaver.id in office.meetings.attendance.expected_ids(before.id)
    assert leaver.id not in office.meetings.attendance.expected_ids(after.id)


def test_rare_names_are_listed_in_stroke_order_and_kept_for_observers(township):
    office = township
    meeting = office.meetings.add(kind="session", start_date="2025-03-12")
    office.meetings.attendance.add_observer(meeting.id, name="覃𠮷", unit="县人大常委会")
    rows = office.meetings.attendance.rows(meeting.id)
    from app.core.chinese import stroke_sort_key

    deputies = [r.name for r in rows if not r.is_observer]
    assert deputies == sorted(deputies, key=stroke_sort_key)
    assert {"王𠮷", "李䶮", "张𡒄"} <= set(deputies)
    assert rows[-1].name == "覃𠮷" and rows[-1].status_label == "列席"


@pytest.mark.parametrize(
    ("fields", "key", "text"),
    [
        ({"start_time": "10:00", "end_time": "09:00"}, "end_time", "早于开始时间"),
        ({"end_date": "2025-03-11"}, "end_date", "早于开始日期"),
        ({"start_time": "25:00"}, "start_time", "不是有效时间"),
        ({"start_date": "2020-05-01"}, "start_date", "早于第十七届开始日期"),
        ({"start_date": "2025-02-30"}, "start_date", "不是有效日期"),
    ],
)
def test_bad_times_are_refused_at_the_field_and_nothing_is_saved(township, fields, key, text):
    values = {"kind": "session", "start_date": "2025-03-12", **fields}
    with pytest.raises(ValidationError) as refused:
        township.meetings.add(**values)
    assert text in refused.value.fields[key]
    assert township.meetings.list() == []
    assert township.db.execute("SELECT count(*) FROM meeting_attendance").fetchone()[0] == 0


def test_an_edit_with_an_end_before_the_start_changes_nothing(township):
    meeting = township.meetings.add(
        kind="session", start_date="2025-03-12", start_time="08:30", place="镇会议室"
    )
    with pytest.raises(ValidationError):
        township.meetings.update(meeting.id, place="新会场", end_time="08:00")
    assert township.meetings.get(meeting.id) == meeting


def test_other_meetings_need_a_name_and_kinds_cannot_change(township):
    with pytest.raises(ValidationError) as refused:
        township.meetings.add(kind="other", start_date="2025-03-12")
    assert "会议名称" in refused.value.fields["title"]
    meeting = township.meetings.add(kind="session", start_date="2025-03-12")
    with pytest.raises(ValidationError) as refused:
        township.meetings.update(meeting.id, kind="presidium")
    assert "不能更改" in refused.value.fields["kind"]


def test_times_read_as_clerks_type_them():
    assert parse_time("9:00") == "09:00"
    assert parse_time("下午2:30") == "14:30"
    assert parse_time("14点") == "14:00"
    assert parse_time("0930") == "09:30"
    assert parse_time("") == ""


def test_quorum_is_two_thirds_and_the_majority_is_of_all_members():
    assert quorum_needed(68) == 46 and quorum_needed(11) == 8 and quorum_needed(12) == 8
    assert has_quorum(46, 68) and not has_quorum(45, 68)
    assert majority_needed(68) == 35 and majority_needed(11) == 6


def test_a_session_without_quorum_is_held_only_with_a_reason(township):
    meetings = township.meetings
    meeting = meetings.add(kind="session", start_date="2025-03-12")
    ids = meetings.attendance.expected_ids(meeting.id)
    change = meetings.attendance.set_status(meeting.id, ids[:7], "present")
    assert change.counts.present == 7 and not change.counts.has_quorum
    with pytest.raises(ValidationError) as refused:
        meetings.mark_held(meeting.id)
    assert "三分之二（8 人）" in refused.value.fields["quorum_note"]
    assert meetings.get(meeting.id).status == "planned"
    held = meetings.mark_held(meeting.id, quorum_note="因暴雨道路中断，经主席团决定如期召开")
    assert held.held and held.quorum_note.startswith("因暴雨")


def test_a_held_session_keeps_its_quorum(township):
    meetings = township.meetings
    meeting = meetings.add(kind="session", start_date="2025-03-12")
    ids = meetings.attendance.expected_ids(meeting.id)
    meetings.attendance.set_status(meeting.id, ids, "present")
    meetings.mark_held(meeting.id)
    with pytest.raises(ValidationError) as refused:
        meetings.attendance.set_status(meeting.id, ids[:6], "absent")
    assert "不足应到" in refused.value.fields["status"]
    assert meetings.attendance.counts(meeting.id).present == 12


def test_future_meetings_cannot_be_recorded_as_held(township):
    meeting = township.meetings.add(kind="other", title="培训", start_date="2026-12-20")
    from datetime import date

    with pytest.raises(ValidationError) as refused:
        township.meetings.mark_held(meeting.id, today=date(2026, 12, 1))
    assert "还没到" in refused.value.fields["status"]


def test_leave_keeps_its_details_and_needs_a_reason(township):
    meetings = township.meetings
    meeting = meetings.add(kind="session", start_date="2025-03-12")
    deputy = meetings.attendance.expected_ids(meeting.id)[0]
    with pytest.raises(ValidationError) as refused:
        meetings.attendance.set_leave(meeting.id, deputy, kind="年假", reason="")
    assert set(refused.value.fields) == {"leave_kind", "leave_reason"}
    meetings.attendance.set_leave(
        meeting.id, deputy, kind="病假", reason="住院治疗", approved_by="主席团", date="2025-03-10"
    )
    row = next(r for r in meetings.attendance.rows(meeting.id) if r.deputy_id == deputy)
    assert row.leave_label == "病假：住院治疗（主席团批准）" and row.leave_date == "2025-03-10"
    meetings.attendance.set_status(meeting.id, [deputy], "present")
    row = next(r for r in meetings.attendance.rows(meeting.id) if r.deputy_id == deputy)
    assert row.status == "present" and row.leave_reason == ""


def test_the_agenda_keeps_its_order_and_refuses_blank_items(township):
    meetings = township.meetings
    meeting = meetings.add(kind="session", start_date="2025-03-12")
    items = meetings.set_agenda(
        meeting.id, [(None, "听取政府工作报告", "镇长"), (None, "审查预算", "财政所所长")]
    )
    swapped = meetings.set_agenda(
        meeting.id,
        [
            (items[1].id, items[1].title, items[1].presenter),
            (items[0].id, "听取和审议政府工作报告", "镇长"),
        ],
    )
    assert [a.title for a in swapped] == ["审查预算", "听取和审议政府工作报告"]
    assert {a.id for a in swapped} == {a.id for a in items}
    with pytest.raises(ValidationError):
        meetings.set_agenda(meeting.id, [(None, "  ", "")])
    assert len(meetings.agenda(meeting.id)) == 2


def test_the_list_filters_by_kind_and_year(township):
    meetings = township.meetings
    meetings.add(kind="session", start_date="2025-03-12")
    meetings.add(kind="presidium", start_date="2025-02-12")
    meetings.add(kind="presidium", start_date="2024-11-12")
    assert [r.kind for r in meetings.list()] == ["session", "presidium", "presidium"]
    assert len(meetings.list(MeetingQuery(year=2025))) == 2
    assert len(meetings.list(MeetingQuery(kind="presidium", year=2024))) == 1
    assert meetings.years() == [2025, 2024]
    row = meetings.list(MeetingQuery(kind="session"))[0]
    assert (row.expected, row.present) == (12, 0)


def test_deleting_a_meeting_removes_everything_recorded_for_it(township):
    meetings = township.meetings
    meeting = meetings.add(kind="session", start_date="2025-03-12")
    township.attachments.add(
        owner_kind="meeting", owner_uuid=meeting.uuid, file_name="签到表.jpg", data=b"x" * 10
    )
    meetings.delete(meeting.id)
    for table in ("meetings", "meeting_attendance", "attachments"):
        assert township.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_period_of_gives_quarters_and_other_blocks():
    from datetime import date

    assert period_of(date(2026, 11, 22), 3) == (date(2026, 10, 1), date(2027, 1, 1))
    assert period_of(date(2026, 2, 1), 6) == (date(2026, 1, 1), date(2026, 7, 1))


def test_ranking_elects_the_most_voted_with_a_majority_and_flags_a_tie_at_the_cut():
    ranked = rank_candidates({1: 50, 2: 40, 3: 40, 4: 30, 5: 20}, places=2, total=60)
    by_id = {r.project_id: r for r in ranked}
    assert by_id[1].elected and by_id[1].rank == 1
    assert by_id[2].rank == by_id[3].rank == 2
    assert by_id[2].tied_at_cut and not by_id[2].elected and not by_id[3].elected
    ranked = rank_candidates({1: 50, 2: 29, 3: 20}, places=2, total=60)
    assert [r.elected for r in ranked] == [True, False, False]
    assert ranked[1].below_majority
