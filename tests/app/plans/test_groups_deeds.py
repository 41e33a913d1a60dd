"""Deputy groups' yearly plan and summary (reminded when missing, counted for the county)
and 为民办实事 as a kind of activity that earns points."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError
from app.county.figures import county_figures


@pytest.fixture
def groups(town):
    office = town.office
    east = office.groups.add(name="东片代表小组")
    west = office.groups.add(name="西片代表小组")
    office.groups.set_members(east.id, [town.deputies["王𠮷"], town.deputies["李䶮"]])
    return east, west


def test_plan_and_summary_are_kept_per_group_and_year(town, groups) -> None:
    office = town.office
    east, west = groups
    saved = office.group_plans.save(east.id, 2026, plan="一、每季度活动一次。\r\n二、坐班。")
    assert saved.plan == "一、每季度活动一次。\n二、坐班。" and saved.plan_date
    assert not saved.has_summary and saved.members == 2
    saved = office.group_plans.save(east.id, 2026, summary="全年活动四次。")
    assert saved.has_plan and saved.has_summary  # the plan stays
    assert [g.group_name for g in office.group_plans.missing(2026)] == ["西片代表小组"]
    with pytest.raises(ValidationError) as refused:
        office.group_plans.save(west.id, 2026, plan="计划", plan_date="2019-02-01")
    assert "不在2026年前后" in refused.value.fields["plan_date"]
    assert not office.group_plans.get(west.id, 2026).has_plan


def test_missing_plans_and_summaries_are_reminded(town, groups) -> None:
    office = town.office
    east, _west = groups
    office.group_plans.save(east.id, 2026, plan="计划")
    late = [r.text for r in office.reminders(date(2026, 5, 2)) if r.area == "工作要点"]
    assert any("西片代表小组还没有2026年活动计划" in t for t in late)
    early = [r.text for r in office.reminders(date(2027, 2, 1)) if r.area == "工作要点"]
    assert any("东片代表小组、西片代表小组还没有2026年工作总结" in t for t in early)


def test_county_figure_counts_groups_with_a_plan(town, groups) -> None:
    office = town.office
    east, _west = groups
    office.group_plans.save(east.id, date.today().year, plan="计划")
    figure = next(f for f in county_figures() if f.key == "groups_planned")
    assert figure.compute(office) == {office.home_township_id(): 50.0}


def test_good_deeds_are_an_activity_that_earns_points(town) -> None:
    office = town.office
    assert "为民办实事" in office.reference.values("activity_kinds")
    assert office.reference.values("activity_kinds")[-1] == "其他"
    wang = town.deputies["王𠮷"]
    deed = office.activities.add(
        kind="为民办实事",
        date="2026-03-02",
        topic="为桃源村孤寡老人修缮房屋",
        place="桃源村",
        organiser_kind="other",
        organiser="代表本人",
        deputy_ids=[wang],
        summary="房屋已修缮完毕",
    )
    card = office.scores.deputy(wang, 2026)
    line = next(x for x in card.lines if x.event.record_id == deed.id)
    assert line.rule_label == "为民办实事" and line.points == 2
    assert card.added >= 2
