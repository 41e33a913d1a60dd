"""The year's work plan: items, refusals, adoption, carrying an item out into its meeting
or activity (linked both ways), done / not done at year end, the reminders."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError
from app.plans.rules import item_status, kind_code, parse_month

TODAY = date(2026, 7, 15)


def table_counts(office) -> dict[str, int]:
    return {
        t: office.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("work_plans", "plan_items", "meetings", "activities")
    }


def test_months_and_kinds_as_a_clerk_types_them() -> None:
    assert parse_month("３月") == (None, 3)
    assert parse_month("三月") == (None, 3)
    assert parse_month("十二月份") == (None, 12)
    assert parse_month("2026年3月") == (2026, 3)
    assert parse_month("") == (None, None)
    assert kind_code("视察") == "inspection"
    assert kind_code("人代会") == "session"
    assert kind_code("培训") == "training"
    assert kind_code("喝茶") is None


def test_status_follows_the_month() -> None:
    common = {"done_date": "", "meeting_held": None, "has_activity": False, "today": TODAY}
    assert item_status(year=2026, month=6, day="", **common) == "overdue"
    assert item_status(year=2026, month=7, day="", **common) == "pending"
    assert item_status(year=2026, month=7, day="2026-07-10", **common) == "overdue"
    assert item_status(year=2026, month=3, day="", **{**common, "done_date": "2026-03-31"}) == (
        "done"
    )
    assert item_status(year=2026, month=8, day="", **{**common, "meeting_held": False}) == (
        "arranged"
    )


def test_add_items_and_read_the_plan(office) -> None:
    item = office.plans.add_item(
        year=2026, month="３月", kind="视察", subject=" 视察全镇饮水安全工程 ", lead="人大主席"
    )
    assert item.kind == "inspection" and item.month == 3 and item.subject == "视察全镇饮水安全工程"
    dated = office.plans.add_item(year=2026, date="2026年5月8日", kind="专题调研", subject="调研")
    assert dated.month == 5 and dated.date == "2026-05-08" and dated.when_label == "5月8日"
    plan = office.plans.for_year(2026)
    assert plan.title == "清溪镇人大2026年工作要点"
    assert [i.subject for i in office.plans.items(plan.id)] == ["视察全镇饮水安全工程", "调研"]


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"date": "2025-03-02", "kind": "视察", "subject": "x"}, "date", "不在2026年内"),
        ({"month": "2027年1月", "kind": "视察", "subject": "x"}, "month", "不在2026年内"),
        ({"month": "13", "kind": "视察", "subject": "x"}, "month", "1 到 12"),
        ({"month": "3", "date": "2026-04-01", "kind": "视察", "subject": "x"}, "month", "不一致"),
        ({"month": "3", "kind": "喝茶", "subject": "x"}, "kind", "不是工作要点的类型"),
        ({"month": "3", "kind": "视察", "subject": ""}, "subject", "请填写事项内容"),
        ({"kind": "视察", "subject": "x"}, "month", "几月份"),
    ],
)
def test_bad_items_are_refused_in_chinese_and_nothing_changes(office, values, field, words) -> None:
    office.plans.add_item(year=2026, month=1, kind="主席团会议", subject="审议工作要点")
    before = table_counts(office)
    with pytest.raises(ValidationError) as refused:
        office.plans.add_item(year=2026, **values)
    assert words in refused.value.fields[field]
    assert table_counts(office) == before


def test_an_item_moved_to_another_year_is_refused(office) -> None:
    item = office.plans.add_item(year=2026, month=3, kind="视察", subject="视察")
    with pytest.raises(ValidationError) as refused:
        office.plans.update_item(item.id, date="2027-03-05")
    assert "不在2026年内" in refused.value.fields["date"]
    assert office.plans.item(item.id).date == ""


def test_adopted_at_a_presidium_meeting_of_the_year(office) -> None:
    plan = office.plans.create(year=2026)
    presidium = office.meetings.add(kind="presidium", start_date="2026-02-18")
    old = office.meetings.add(kind="presidium", start_date="2025-06-10")
    other = office.meetings.add(kind="other", title="村干部会", start_date="2026-02-20")
    with pytest.raises(ValidationError) as refused:
        office.plans.adopt(plan.id, meeting_id=old.id)
    assert "不能通过2026年的工作要点" in refused.value.fields["meeting_id"]
    with pytest.raises(ValidationError):
        office.plans.adopt(plan.id, meeting_id=other.id)
    assert office.plans.get(plan.id).adopted_meeting_id is None
    adopted = office.plans.adopt(plan.id, meeting_id=presidium.id)
    assert adopted.adopted_label.startswith("经清溪镇第十七届人民代表大会主席团")
    assert [m[0] for m in office.plans.adopting_meetings(plan.id)] == [presidium.id, other.id][:1]


def test_an_inspection_becomes_its_activity_linked_both_ways(town) -> None:
    office = town.office
    item = office.plans.add_item(
        year=2026, month=3, kind="视察", subject="视察全镇饮水安全工程", lead="人大副主席"
    )
    done = office.plans.carry_out(
        item.id, date="2026-03-12", deputy_ids=[town.deputies["王𠮷"], town.deputies["李䶮"]]
    )
    activity = office.activities.get(done.activity_id)
    assert activity.kind == "视察" and activity.topic == "视察全镇饮水安全工程"
    assert activity.date == "2026-03-12"
    assert done.status == "done" and done.record_label.startswith("活动：视察全镇饮水安全工程")
    assert office.plans.item_for(activity_id=activity.id).id == item.id
    with pytest.raises(ValidationError) as again:
        office.plans.carry_out(item.id, date="2026-03-13", deputy_ids=[town.deputies["张三"]])
    assert "不能重复办理" in again.value.fields["item"]


def test_a_refused_activity_leaves_the_item_undone(town) -> None:
    office = town.office
    item = office.plans.add_item(year=2026, month=3, kind="视察", subject="视察")
    before = table_counts(office)
    with pytest.raises(ValidationError) as refused:
        office.plans.carry_out(item.id, date="2026-03-12", deputy_ids=[])
    assert "deputy_ids" in refused.value.fields
    with pytest.raises(ValidationError) as wrong_year:
        office.plans.carry_out(item.id, date="2025-03-12", deputy_ids=[town.deputies["张三"]])
    assert "不在2026年内" in wrong_year.value.fields["date"]
    assert table_counts(office) == before
    assert office.plans.item(item.id).activity_id is None


def test_a_presidium_item_becomes_the_meeting_with_its_subject_on_the_agenda(office) -> None:
    item = office.plans.add_item(
        year=2026, month=2, kind="主席团会议", subject="审议2026年工作要点", lead="人大主席"
    )
    arranged = office.plans.carry_out(item.id, start_date="2026-02-18", place="三楼会议室")
    meeting = office.meetings.get(arranged.meeting_id)
    assert meeting.kind == "presidium" and meeting.place == "三楼会议室"
    assert [(a.title, a.presenter) for a in office.meetings.agenda(meeting.id)] == [
        ("审议2026年工作要点", "人大主席")
    ]
    assert arranged.status in ("arranged", "overdue")  # planned, not held yet
    office.meetings.mark_held(meeting.id, quorum_note="测试：主席团成员未登记")
    assert office.plans.item(item.id).status == "done"
    assert office.plans.item_for(meeting_id=meeting.id).id == item.id
    # Deleting the meeting leaves the item in the plan, undone.
    office.meetings.delete(meeting.id)
    assert office.plans.item(item.id).meeting_id is None


def test_year_end_done_and_not_done(office) -> None:
    a = office.plans.add_item(year=2025, month=3, kind="代表述职", subject="代表述职")
    office.plans.add_item(year=2025, month=6, kind="视察", subject="视察")
    office.plans.mark_done(a.id, date="2025-03-28", note="8 名代表述职")
    summary = office.plans.summary(2025, today=date(2026, 1, 5))
    assert (summary.total, summary.done, summary.not_done, summary.overdue) == (2, 1, 1, 1)
    assert summary.text == "2025年工作要点共 2 项：已完成 1 项，未完成 1 项（其中逾期 1 项）"
    with pytest.raises(ValidationError):
        office.plans.mark_done(a.id, date="2099-01-01")


def test_reminders_name_the_items_not_done_by_their_month(office) -> None:
    office.deputies.add(name="王𠮷", gender="男")  # an office with its roster (first start aside)
    office.plans.add_item(year=2026, month=5, kind="视察", subject="视察防汛工作")
    office.plans.add_item(year=2026, month=7, kind="专题调研", subject="调研乡村旅游")
    texts = [r.text for r in office.reminders(TODAY) if r.area == "工作要点"]
    assert any("5月计划的“视察防汛工作”（视察）还没有办理" in t for t in texts)
    assert any("本月工作要点还有 1 项待办" in t for t in texts)
    assert any("还没有记录由哪次主席团会议通过" in t for t in texts)


def test_no_plan_for_the_year_is_reminded(office) -> None:
    office.deputies.add(name="王𠮷", gender="男")  # an office with its roster (first start aside)
    found = [r for r in office.reminders(TODAY) if r.area == "工作要点"]
    assert found[0].level == "overdue" and "2026年工作要点还没有录入" in found[0].text
