"""Activities between sessions: recorded, found, refused when wrong, kinds renamed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.core.errors import ValidationError
from app.duties.activities import ActivityQuery
from app.office import Office
from tests.app.duties.seed_between_sessions import seed


def count(office: Office, table: str) -> int:
    return office.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_an_inspection_with_five_deputies_is_recorded_and_found(office: Office) -> None:
    s = seed(office)
    ids = [d.id for d in s.deputies]
    activity = office.activities.add(
        kind="视察",
        date="2026年3月2日",
        topic="全镇农村饮水安全工程视察",
        place="桃源村",
        deputy_ids=ids,
        others="镇水利站站长 李明",
        summary="视察了 3 处集中供水工程。\n  建议：加快管网改造。",
    )
    assert activity.date == "2026-03-02"
    assert set(activity.deputy_ids) == set(ids)
    assert activity.organiser_label == "乡镇人大主席团"
    assert activity.summary.endswith("  建议：加快管网改造。")  # the clerk's indent is kept

    found = office.activities.search(ActivityQuery(year=2026, kind="视察", text="饮水"))
    assert found == [activity.id]
    assert office.activities.search(ActivityQuery(text="𠮷")) == [activity.id]
    assert office.activities.search(ActivityQuery(year=2025)) == []
    row = office.activities.rows(found)[0]
    assert (row.participants, row.kind, row.topic) == (5, "视察", "全镇农村饮水安全工程视察")
    assert office.activities.search(ActivityQuery(deputy_id=ids[1])) == [activity.id]


def test_a_work_appraisal_needs_the_office_appraised(office: Office) -> None:
    s = seed(office)
    values = dict(kind="工作评议", date="2026-05-10", topic="对镇农业综合服务中心的工作评议")
    with pytest.raises(ValidationError) as caught:
        office.activities.add(**values, deputy_ids=[s.deputies[0].id])
    assert "被评议的单位" in caught.value.fields["appraised_unit"]
    appraisal = office.activities.add(
        **values,
        deputy_ids=[s.deputies[0].id],
        appraised_unit="镇农业综合服务中心",
        appraisal_result="满意",
        follow_up="已制定整改清单，6 月底前完成",
    )
    assert appraisal.appraised_unit == "镇农业综合服务中心"
    assert appraisal.follow_up.startswith("已制定整改清单")
    # The appraisal fields belong to appraisals only.
    changed = office.activities.update(appraisal.id, kind="视察")
    assert (changed.appraised_unit, changed.appraisal_result, changed.follow_up) == ("", "", "")


def test_bad_activities_are_refused_in_chinese_and_nothing_is_written(office: Office) -> None:
    s = seed(office)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as caught:
        office.activities.add(kind="", date=tomorrow, topic=" ", deputy_ids=[])
    fields = caught.value.fields
    assert fields["kind"] == "请选择活动类型"
    assert fields["date"] == "日期不能晚于今天"
    assert "活动主题" in fields["topic"]
    assert fields["deputy_ids"] == "请选择参加活动的代表"

    with pytest.raises(ValidationError) as caught:
        office.activities.add(
            kind="参观", date="2026-02-30", topic="x", deputy_ids=[s.deputies[0].id]
        )
    assert "不在活动类型列表中" in caught.value.fields["kind"]
    assert "不是有效日期" in caught.value.fields["date"]

    with pytest.raises(ValidationError) as caught:
        office.activities.add(
            kind="专题调研",
            date="2026-04-01",
            topic="学习代表法",
            organiser_kind="group",
            deputy_ids=[s.deputies[0].id],
        )
    assert caught.value.fields == {"group_id": "请选择组织活动的代表小组"}
    assert count(office, "activities") == 0 and count(office, "activity_deputies") == 0


def test_a_deputy_cannot_take_part_after_their_status_ended(office: Office) -> None:
    s = seed(office)
    gone = s.deputies[2]
    office.deputies.set_status(gone.id, status="ended", date="2025-06-30", reason="辞职被接受")
    with pytest.raises(ValidationError) as caught:
        office.activities.add(
            kind="视察", date="2025-07-01", topic="道路视察", deputy_ids=[gone.id]
        )
    assert caught.value.fields["deputy_ids"] == "张𡒄已于2025年6月30日终止代表资格"
    before = office.activities.add(
        kind="视察", date="2025-06-01", topic="道路视察", deputy_ids=[gone.id]
    )
    assert before.deputy_ids == (gone.id,)


def test_update_delete_and_attachments(office: Office) -> None:
    s = seed(office)
    activity = office.activities.add(
        kind="专题调研",
        date="2026-04-01",
        topic="学习代表法",
        organiser_kind="group",
        group_id=s.group.id,
        deputy_ids=[d.id for d in s.deputies[:2]],
    )
    assert activity.organiser_label == "东片代表小组"
    changed = office.activities.update(activity.id, deputy_ids=[s.deputies[4].id])
    assert changed.deputy_ids == (s.deputies[4].id,) and changed.topic == "学习代表法"
    office.attachments.add(
        owner_kind="activity", owner_uuid=activity.uuid, file_name="合影.jpg", data=b"jpeg"
    )
    office.activities.delete(activity.id)
    assert count(office, "activities") == 0 and count(office, "attachments") == 0


def test_renaming_an_activity_kind_follows_to_records_and_rules(office: Office) -> None:
    s = seed(office)
    office.activities.add(
        kind="专题调研", date="2026-04-01", topic="茶叶产业", deputy_ids=[s.deputies[0].id]
    )
    office.scores.set_rules({"activity:专题调研": {"points": "4", "yearly_cap": ""}})
    item = next(i for i in office.reference.items("activity_kinds") if i.value == "专题调研")
    office.reference.rename(item.id, "调研")
    assert office.activities.rows(office.activities.search(ActivityQuery()))[0].kind == "调研"
    rule = next(r for r in office.scores.rules() if r.variant == "调研")
    assert (rule.label, rule.points) == ("参加调研", 4)
