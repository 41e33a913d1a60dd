"""The duty score: default rules, traceable points, caps, ranks, grades, rule edits."""

from __future__ import annotations

import pytest

from app.core.errors import NotFound, ValidationError
from app.duties.scoring import Policy
from app.duties.year_file import year_file
from app.office import Office
from tests.app.duties.seed_between_sessions import seed


def test_defaults_follow_the_domain_rules(office: Office) -> None:
    rules = {r.key: r for r in office.scores.rules()}
    assert rules["activity:视察"].points == 3 and rules["activity:专题调研"].points == 3
    assert rules["voter_report"].label == "向选民述职"
    assert office.scores.policy() == Policy(base=60, maximum=100, good_from=80, fair_from=60)
    assert Policy().grade(80) == "好" and Policy().grade(79.5) == "较好"
    assert Policy().grade(59) == "一般"


def test_every_point_is_traceable_to_its_record(office: Office) -> None:
    s = seed(office)
    wang, li, *_ = s.deputies
    inspection = office.activities.add(
        kind="视察", date="2026-03-02", topic="饮水安全", deputy_ids=[d.id for d in s.deputies]
    )
    reception = office.receptions.add(
        station_id=s.station.id,
        date="2026-07-05",
        deputy_ids=[wang.id],
        items=[dict(content="路灯坏了")],
    )
    report = office.voter_reports.add(
        deputy_id=wang.id, date="2026-10-10", place="镇政府", voters_present=60, satisfied=60
    )
    office.careers.add_award(wang.id, date="2026", title="2026年度溪山县优秀人大代表")

    scores = office.scores.year(2026)
    top = scores.scores[0]
    assert top.deputy_id == wang.id and top.rank == 1
    traced = {(line.event.record_kind, line.event.record_id): line.points for line in top.lines}
    assert traced == {
        ("activity", inspection.id): 3,
        ("reception", reception.id): 1,
        ("voter_report", report.id): 5,
        ("deputy_awards", wang.id): 5,
    }
    assert top.total == top.base + sum(line.points for line in top.lines) == 74
    assert top.quarters == (3, 0, 1, 10)  # a year-only award counts at the year's end
    assert top.grade == "较好"
    others = scores.scores[1:]
    assert {s.total for s in others} == {63} and {s.rank for s in others} == {2}  # ties share

    file = year_file(office, wang.id, 2026)
    assert [e.record_id for e in file.part(3).entries] == [inspection.id]
    assert [e.record_kind for e in file.part(7).entries] == ["reception", "voter_report"]
    assert file.part(8).entries[0].text == "2026年度溪山县优秀人大代表"
    assert file.score is not None and file.score.total == 74
    assert year_file(office, li.id, 2025).part(3).summary == "本年度无记录"


def test_the_yearly_cap_stops_further_points_and_says_so(office: Office) -> None:
    s = seed(office)
    deputy = s.deputies[0]
    for month in range(1, 9):  # 走访选民: 1 point each, at most 6 a year
        office.activities.add(
            kind="走访选民",
            date=f"2026-{month:02d}-15",
            topic=f"走访第{month}组",
            deputy_ids=[deputy.id],
        )
    score = office.scores.deputy(deputy.id, 2026)
    assert [line.points for line in score.lines] == [1, 1, 1, 1, 1, 1, 0, 0]
    assert score.lines[-1].note == "已达年度上限 6 分"
    assert score.total == 66


def test_rules_are_edited_checked_and_reset(office: Office) -> None:
    s = seed(office)
    deputy = s.deputies[0]
    office.activities.add(kind="视察", date="2026-03-02", topic="道路", deputy_ids=[deputy.id])
    with pytest.raises(ValidationError) as caught:
        office.scores.set_rules(
            {"activity:视察": {"points": "三分"}, "reception": {"points": "2", "yearly_cap": "-1"}},
            {"base": "60", "maximum": "100", "good_from": "50", "fair_from": "60"},
        )
    fields = caught.value.fields
    assert fields["activity:视察.points"] == (
        "“参加视察”的分值应是数字，如 3（加分）或 -1（扣分），现在是“三分”"
    )
    assert "年度上限" in fields["reception.yearly_cap"]
    assert fields["good_from"] == "“好”的分数线应高于“较好”的分数线"
    assert office.db.execute("SELECT count(*) FROM score_rules").fetchone()[0] == 0

    office.scores.set_rules(
        {"activity:视察": {"points": "５", "yearly_cap": ""}},
        {"base": "70", "maximum": "100", "good_from": "85", "fair_from": "70"},
    )
    score = office.scores.deputy(deputy.id, 2026)
    assert (score.total, score.grade) == (75, "较好")
    office.scores.reset_rules()
    assert office.scores.deputy(deputy.id, 2026).total == 63


def test_a_deduction_lowers_the_score_within_its_cap(office: Office) -> None:
    s = seed(office)
    deputy = s.deputies[0]
    office.scores.set_rules({"activity:其他": {"points": "-2", "yearly_cap": "3"}})
    for day in ("2026-01-10", "2026-02-10"):
        office.activities.add(kind="其他", date=day, topic="x", deputy_ids=[deputy.id])
    score = office.scores.deputy(deputy.id, 2026)
    assert [line.points for line in score.lines] == [-2, -1]
    assert (score.deducted, score.total) == (3, 57)


def test_only_this_townships_deputies_in_office_are_scored(office: Office) -> None:
    s = seed(office)
    county_only = office.deputies.add(
        name="周县", gender="男", is_township_deputy=False, is_county_deputy=True
    )
    office.deputies.set_status(
        s.deputies[4].id, status="ended", date="2025-06-30", reason="辞职被接受"
    )
    ids = {score.deputy_id for score in office.scores.year(2026).scores}
    assert county_only.id not in ids and s.deputies[4].id not in ids and len(ids) == 4
    assert s.deputies[4].id in {score.deputy_id for score in office.scores.year(2025).scores}
    with pytest.raises(NotFound, match="不参加本乡镇代表履职积分"):
        office.scores.deputy(county_only.id, 2026)


def test_attendance_leave_and_absence_count_and_show_in_the_file(office: Office) -> None:
    s = seed(office)
    ids = [d.id for d in s.deputies]
    meetings = office.meetings
    session = meetings.add(kind="session", start_date="2026-03-12")
    attendance = meetings.attendance
    attendance.set_status(session.id, ids[:3], "present")
    attendance.set_leave(session.id, ids[3], kind="病假", reason="住院治疗", approved_by="主席")
    attendance.set_status(session.id, [ids[4]], "absent")
    meetings.mark_held(session.id, quorum_note="三名代表因汛期值守未能到会")
    group = meetings.add(kind="group", group_id=s.group.id, start_date="2026-05-06")
    attendance.set_status(group.id, ids, "present")
    meetings.mark_held(group.id)
    planned = meetings.add(kind="session", start_date="2026-09-12")  # not held: counts nothing
    attendance.set_status(planned.id, ids, "present")

    def meeting_points(deputy_id: int) -> list[tuple[str, float]]:
        lines = office.scores.deputy(deputy_id, 2026).lines
        return [(x.rule_label, x.points) for x in lines if x.event.record_kind == "meeting"]

    assert meeting_points(ids[0]) == [("出席人民代表大会会议", 1), ("参加代表小组会议", 1)]
    assert meeting_points(ids[3]) == [("人代会请假（每次）", -1), ("参加代表小组会议", 1)]
    assert meeting_points(ids[4]) == [("人代会无故缺席", -3), ("参加代表小组会议", 1)]
    assert office.scores.deputy(ids[4], 2026).deducted == 3

    file = year_file(office, ids[3], 2026)
    assert file.part(2).title == "参加人大各类会议情况"
    assert file.part(2).summary == "人民代表大会会议：出席 0 次，请假 1 次，缺席 0 次；其他会议：无"
    [entry] = file.part(2).entries
    assert entry.record_kind == "meeting" and entry.record_id == session.id
    assert entry.text.endswith("：请假") and entry.detail == "请假：病假，住院治疗"
    assert [e.record_id for e in file.part(5).entries] == [group.id]
