"""Resolutions, the law on absences, the livelihood-project vote, reminders and the
deputy's meetings: what a clerk relies on, and what is refused with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError
from app.office import Office
from tests.app.meetings.test_meetings import add_deputies


@pytest.fixture
def session(office: Office):
    """A held-to-be session of 12 deputies, 9 present, 2 on leave, 1 absent."""
    add_deputies(office)
    meeting = office.meetings.add(kind="session", start_date="2025-03-12")
    ids = office.meetings.attendance.expected_ids(meeting.id)
    office.meetings.attendance.set_status(meeting.id, ids[:9], "present")
    office.meetings.attendance.set_status(meeting.id, ids[9:11], "leave")
    office.meetings.attendance.set_status(meeting.id, ids[11:], "absent")
    return meeting


def test_a_resolution_passes_with_more_than_half_of_all_deputies_not_of_those_present(
    office, session
):
    resolutions = office.meetings.resolutions
    # 6 of 9 present is two thirds of those present, but not more than half of all 12.
    failed = resolutions.add(
        session.id, title="关于甲的决议", votes_for=6, votes_against=3, votes_abstain=0
    )
    carried = resolutions.add(
        session.id, title="关于乙的决定", kind="决定", votes_for=7, votes_against=1, votes_abstain=1
    )
    assert (failed.passed, carried.passed) == (False, True)
    assert carried.result_label == "通过" and carried.kind == "决定"


def test_more_votes_than_deputies_present_is_refused_and_nothing_saved(office, session):
    with pytest.raises(ValidationError) as refused:
        office.meetings.resolutions.add(
            session.id, title="关于甲的决议", votes_for=9, votes_against=1, votes_abstain=0
        )
    assert "超过出席的 9 名代表" in refused.value.fields["votes_for"]
    assert office.meetings.resolutions.list(session.id) == []


def test_marking_passed_without_a_majority_of_all_deputies_is_refused(office, session):
    with pytest.raises(ValidationError) as refused:
        office.meetings.resolutions.add(
            session.id,
            title="关于甲的决议",
            votes_for=6,
            votes_against=0,
            votes_abstain=0,
            passed=True,
        )
    assert "未超过全体代表（应到 12 人）的半数（至少 7 票）" in refused.value.fields["passed"]
    assert office.meetings.resolutions.list(session.id) == []


def test_attendance_cannot_contradict_recorded_votes(office, session):
    attendance = office.meetings.attendance
    office.meetings.resolutions.add(
        session.id, title="关于甲的决议", votes_for=9, votes_against=0, votes_abstain=0
    )
    present = [r.deputy_id for r in attendance.rows(session.id) if r.status == "present"]
    with pytest.raises(ValidationError) as refused:
        attendance.set_status(session.id, present[:1], "absent")
    assert "出席代表不能少于 9 人" in refused.value.fields["status"]
    with pytest.raises(ValidationError) as refused:
        attendance.remove_expected(session.id, present[:1])
    assert attendance.counts(session.id).present == 9


def test_a_second_unapproved_absence_from_a_session_ends_the_status_when_recorded(office, session):
    attendance = office.meetings.attendance
    absent = next(r for r in attendance.rows(session.id) if r.status == "absent")
    second = office.meetings.add(kind="session", start_date="2025-09-12")
    attendance.set_status(second.id, attendance.expected_ids(second.id), "present")
    change = attendance.set_status(second.id, [absent.deputy_id], "absent")
    (warning,) = change.warnings
    assert warning.ends_status and warning.name == absent.name
    assert "第六十二条" in warning.message and "2 次" in warning.message
    # a presidium meeting does not count
    presidium = office.meetings.add(kind="presidium", start_date="2025-09-20")
    members = attendance.expected_ids(presidium.id)
    assert attendance.set_status(presidium.id, members, "absent").warnings == ()
    attendance.end_for_absences(warning)
    deputy = office.deputies.get(absent.deputy_id)
    assert (deputy.status, deputy.status_date, deputy.status_reason) == (
        "ended",
        "2025-09-12",
        "未经批准两次不出席本级人民代表大会会议",
    )


def test_the_first_unapproved_absence_warns_without_ending(office, session):
    attendance = office.meetings.attendance
    absent = next(r for r in attendance.rows(session.id) if r.status == "absent")
    (warning,) = attendance.absence_warnings(session, [absent.deputy_id])
    assert not warning.ends_status and "第一次" in warning.message


def _vote_of_twenty(office, meeting, places=10):
    projects = office.meetings.projects
    vote = projects.open_vote(meeting.id, places=places)
    for i in range(20):
        projects.add_candidate(
            vote.id, name=f"项目{i + 1:02d}", investment=10 + i, planned_completion="2025-12"
        )
    return vote


def test_a_project_vote_of_twenty_candidates_for_ten_places(office, session):
    projects = office.meetings.projects
    vote = _vote_of_twenty(office, session)
    candidates = projects.candidates(vote.id)
    # 8 x 9 + 8 + 7 + 3 x 1 = 90 marks: nine deputies present, ten marks each at most.
    counts = [9] * 8 + [8, 7] + [1] * 3 + [0] * 7
    votes = {p.id: n for p, n in zip(candidates, counts, strict=True)}
    outcome = projects.record_results(vote.id, votes)
    assert outcome.elected == 10 and outcome.tied == ()
    ranking = projects.ranking(vote.id)
    assert [p.rank for p in ranking[:10]] == [1] * 8 + [9, 10]
    assert all(p.elected for p in ranking[:10]) and not any(p.elected for p in ranking[10:])
    assert projects.vote(vote.id).voters == 9


def test_more_votes_than_voters_present_is_refused(office, session):
    projects = office.meetings.projects
    vote = _vote_of_twenty(office, session)
    votes = {p.id: 3 for p in projects.candidates(vote.id)}
    first = projects.candidates(vote.id)[0]
    votes[first.id] = 10
    with pytest.raises(ValidationError) as refused:
        projects.record_results(vote.id, votes)
    assert "超过出席的 9 名代表" in refused.value.fields[f"votes_{first.id}"]
    assert all(p.votes is None for p in projects.candidates(vote.id))
    votes[first.id] = 9
    votes.update({p.id: 9 for p in projects.candidates(vote.id)[:11]})
    with pytest.raises(ValidationError) as refused:
        projects.record_results(vote.id, votes)
    assert "每人最多选 10 项" in refused.value.fields["votes"]


def test_elected_projects_record_progress_and_a_year_end_rating(office, session):
    projects = office.meetings.projects
    vote = projects.open_vote(session.id, places=1)
    road = projects.add_candidate(vote.id, name="通村公路", investment="260", lead_unit="交通站")
    well = projects.add_candidate(vote.id, name="打井", investment="30")
    projects.record_results(vote.id, {road.id: 8, well.id: 1})
    with pytest.raises(ValidationError):
        projects.add_progress(well.id, date="2025-05-01", status="推进中", percent=10)
    with pytest.raises(ValidationError) as refused:
        projects.add_progress(road.id, date="2025-08-01", status="已完成", percent=90)
    assert "应为 100" in refused.value.fields["percent"]
    projects.add_progress(road.id, date="2025-05-01", status="推进中", percent=40, note="路基完成")
    projects.add_progress(road.id, date="2025-10-01", status="已完成", percent=100)
    road = projects.get(road.id)
    assert road.progress_label == "已完成 100%" and road.completed_date == "2025-10-01"
    with pytest.raises(ValidationError) as refused:
        projects.rate(road.id, satisfied=10, basic=2, unsatisfied=1, date="2025-12-20")
    assert "超过全体代表 12 人" in refused.value.fields["rating_satisfied"]
    rated = projects.rate(road.id, satisfied=9, basic=2, unsatisfied=1, date="2025-12-20")
    assert rated.satisfaction_label == "满意 9，基本满意 2，不满意 1（满意率 91.7%）"


def test_a_vote_belongs_to_a_session_and_candidates_are_fixed_once_voted(office, session):
    projects = office.meetings.projects
    presidium = office.meetings.add(kind="presidium", start_date="2025-03-01")
    with pytest.raises(ValidationError):
        projects.open_vote(presidium.id, places=3)
    vote = projects.open_vote(session.id, places=1)
    a = projects.add_candidate(vote.id, name="甲")
    with pytest.raises(ValidationError):
        projects.add_candidate(vote.id, name="甲")
    b = projects.add_candidate(vote.id, name="乙")
    projects.record_results(vote.id, {a.id: 8, b.id: 1})
    with pytest.raises(ValidationError):
        projects.add_candidate(vote.id, name="丙")
    with pytest.raises(ValidationError):
        projects.remove_candidate(b.id)


def test_reminders_list_missing_sessions_presidium_meetings_and_group_activities(office):
    add_deputies(office)
    group = office.groups.add(name="东片代表小组")
    office.groups.add(name="西片代表小组")
    today = date(2026, 11, 22)
    texts = [r.text for r in office.reminders(today) if r.area == "会议"]
    assert any("今年已登记人民代表大会 0 次" in t for t in texts)
    assert any("本季度还没有召开主席团会议" in t for t in texts)
    assert any("东片代表小组、西片代表小组本季度还没有开展代表小组活动" in t for t in texts)
    office.meetings.add(kind="session", start_date="2026-03-01")
    office.meetings.add(kind="session", start_date="2026-09-01")
    office.meetings.add(kind="presidium", start_date="2026-10-09")
    office.meetings.add(kind="group", group_id=group.id, start_date="2026-11-02")
    reminders = [r for r in office.reminders(today) if r.area == "会议"]
    assert [r.text for r in reminders if "代表小组活动" in r.text] == [
        "西片代表小组本季度还没有开展代表小组活动（按设置每 3 个月至少一次）"
    ]
    assert not any("人民代表大会 " in r.text or "主席团会议（" in r.text for r in reminders)
    passed = [r for r in reminders if "已过会议日期" in r.text]
    assert len(passed) == 4 and all(r.record_id for r in passed)
    office.settings.set("sessions_per_year", 3)
    assert any("每年召开 3 次" in r.text for r in office.reminders(today))


def test_the_deputys_file_has_meetings_per_year_and_the_attendance_rate(office, session):
    attendance = office.meetings.attendance
    on_leave = next(r for r in attendance.rows(session.id) if r.status == "leave")
    later = office.meetings.add(kind="session", start_date="2024-09-12")
    attendance.set_status(later.id, [on_leave.deputy_id], "present")
    record = attendance.deputy_record(on_leave.deputy_id)
    assert [(y.year, y.expected, y.present, y.leave, y.absent) for y in record.years] == [
        (2025, 1, 0, 1, 0),
        (2024, 1, 1, 0, 0),
    ]
    assert record.years[1].rate_label == "100.0%" and record.years[0].rate_label == "0.0%"
    assert record.meetings[0].title == session.title


def test_the_demo_has_two_years_of_meetings_with_realistic_attendance(demo_office):
    from app.meetings.meetings import MeetingQuery

    meetings = demo_office.meetings
    today = date.today()
    sessions = meetings.list(MeetingQuery(kind="session", year=today.year - 1))
    assert len(sessions) == 2
    assert len(meetings.list(MeetingQuery(kind="presidium", year=today.year - 1))) == 4
    assert len(meetings.list(MeetingQuery(kind="group", year=today.year - 1))) >= 20
    for row in meetings.list(MeetingQuery(kind="session")):
        # Three reports' resolutions, and one per motion on its agenda (议案 → 决议).
        motions = len(demo_office.suggestions.motions.of_meeting(row.id))
        assert row.present >= row.expected * 2 / 3 and row.absent <= 1
        assert row.resolutions == 3 + motions
        assert row.status == "held"
    vote = meetings.projects.vote_of_meeting(sessions[-1].id)
    assert vote is not None and len(meetings.projects.candidates(vote.id)) == 20
    assert sum(p.elected for p in meetings.projects.candidates(vote.id)) == 10
