"""Training: a 学习培训 activity's mode, hours and organiser; each deputy's yearly hours,
shown in part ④ of their yearly file."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationError
from app.duties.year_file import year_file


def training(town, day: str, topic: str, names: list[str]):
    return town.office.activities.add(
        kind="学习培训",
        date=day,
        topic=topic,
        deputy_ids=[town.deputies[n] for n in names],
    )


def test_hours_add_up_per_deputy_and_show_in_the_file(town) -> None:
    office = town.office
    first = training(town, "2026-03-10", "代表法专题培训", ["王𠮷", "李䶮"])
    second = training(town, "2026-05-12", "线上履职学习", ["王𠮷"])
    office.trainings.set(first.id, mode="集中培训", hours="８", organiser_level="county")
    office.trainings.set(second.id, mode="线上自学", hours="2.5学时")
    hours = office.trainings.hours_by_deputy(2026)
    assert hours[town.deputies["王𠮷"]] == (2, 10.5)
    assert hours[town.deputies["李䶮"]] == (1, 8.0)
    part = year_file(office, town.deputies["王𠮷"], 2026).part(4)
    line = next(e for e in part.entries if e.text.startswith("全年参加学习培训"))
    assert line.text == "全年参加学习培训 2 次，共 10.5 学时"
    assert "集中培训 8 学时" in line.detail and "线上自学 2.5 学时" in line.detail


def test_bad_hours_and_other_kinds_are_refused(town) -> None:
    office = town.office
    first = training(town, "2026-03-10", "代表法专题培训", ["王𠮷"])
    inspection = office.activities.add(
        kind="视察", date="2026-03-11", topic="视察", deputy_ids=[town.deputies["王𠮷"]]
    )
    with pytest.raises(ValidationError) as refused:
        office.trainings.set(first.id, mode="喝茶", hours="-1")
    assert set(refused.value.fields) == {"mode", "hours"}
    with pytest.raises(ValidationError):
        office.trainings.set(inspection.id, mode="集中培训", hours=2)
    assert not office.trainings.get(first.id).recorded


def test_training_hours_count_in_the_duty_score_as_recorded(town) -> None:
    """A training with its hours recorded earns the rule's points per hour, once, in
    place of the per-time activity rule; one without hours still counts per time. The
    hours scored are the hours of the training records; the rule is editable."""
    office = town.office
    wang, li = town.deputies["王𠮷"], town.deputies["李䶮"]
    first = training(town, "2026-03-10", "代表法专题培训", ["王𠮷", "李䶮"])
    second = training(town, "2026-05-12", "线上履职学习", ["王𠮷"])
    unrecorded = training(town, "2026-06-02", "分散学习", ["王𠮷"])
    office.trainings.set(first.id, mode="集中培训", hours="8", organiser_level="county")
    office.trainings.set(second.id, mode="线上自学", hours="2.5")

    def lines(deputy_id: int):
        return office.scores.deputy(deputy_id, 2026).lines

    by_hours = [x for x in lines(wang) if x.event.event == "training_hours"]
    assert sorted(x.event.record_id for x in by_hours) == sorted([first.id, second.id])
    assert {x.event.record_kind for x in by_hours} == {"activity"}  # opens the training
    # Reconciled: the hours scored are the hours recorded for the deputy.
    assert sum(x.event.units for x in by_hours) == office.trainings.hours_by_deputy(2026)[wang][1]
    # No training counts twice: the per-time rule is left to the one without hours.
    per_time = [x for x in lines(wang) if x.event.key == "activity:学习培训"]
    assert [x.event.record_id for x in per_time] == [unrecorded.id]
    # Default: 0.5 a point an hour, at most 6 a year: 10.5 hours -> 5.25, 8 hours -> 4.
    assert sum(x.points for x in by_hours) == 5.25
    assert sum(x.points for x in lines(li) if x.event.event == "training_hours") == 4
    assert "8 学时" in next(x.event.text for x in by_hours if x.event.record_id == first.id)
    # The rule is the office's to change, and the score follows it.
    before = office.scores.deputy(li, 2026).total
    office.scores.set_rules({"training_hours": {"points": "1", "yearly_cap": "6"}})
    assert office.scores.deputy(li, 2026).total == before - 4 + 6
    rule = next(r for r in office.scores.rules() if r.key == "training_hours")
    assert (rule.points, rule.yearly_cap, rule.default_points) == (1, 6, 0.5)
