"""The survey's receptions and the schedule of an appraisal, on a real database: receptions
of voters linked beside activities (both ways, in one write, refusals change nothing), the
planned days of every stage fed to the calendar, 本月工作 and the reminders, a review
opinion's reminder naming its own tab, and the command line running the same steps as the
page (app.oversight.steps)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from app.core import dates
from app.core.errors import RendaError, ValidationError
from app.oversight.steps import appraisal_step, opinion_step
from tests.app.duties.seed_between_sessions import seed
from tests.app.test_cli import run

TODAY = dates.today()


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def _links(office) -> list:
    return [
        list(office.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2"))
        for t in ("appraisal_activities", "appraisal_receptions", "appraisal_stages")
    ]


@pytest.fixture
def surveyed(office):
    """An appraisal of this year, a reception at a liaison point and an inspection."""
    s = seed(office)
    a = office.appraisals.add(subject="镇农业综合服务中心𠮷", year=TODAY.year)
    reception = office.receptions.add(
        station_id=s.point.id,
        date=_day(-3),
        deputy_ids=[s.deputies[0].id],
        items=[dict(visitor_name="赵𠮷", content="农技站服务不到村，希望定期下村指导")],
    )
    activity = office.activities.add(
        kind="视察", date=_day(-2), topic="农技推广视察", deputy_ids=[s.deputies[1].id]
    )
    return a, reception, activity


def test_receptions_and_activities_are_linked_in_one_write_and_shown_both_ways(
    office, surveyed
) -> None:
    a, reception, activity = surveyed
    done = appraisal_step(
        office, a.id, "link", {"activity_ids": [activity.id], "reception_ids": [reception.id]}
    )
    assert done.record.activity_ids == (activity.id,)
    assert done.record.reception_ids == (reception.id,)
    assert done.message == "调查环节已关联代表活动 1 次、接待选民记录 1 次"
    # The reception (and the activity) name the appraisal they served.
    assert [x.id for x in office.appraisals.serving("receptions", reception.id)] == [a.id]
    assert [x.id for x in office.appraisals.serving("activities", activity.id)] == [a.id]
    # Linking receptions alone keeps the activities.
    kept = office.appraisals.link_receptions(a.id, [])
    assert kept.activity_ids == (activity.id,) and kept.reception_ids == ()
    office.appraisals.link_receptions(a.id, [reception.id])

    # An unknown reception is refused and nothing changes, the activities neither.
    before = _links(office)
    with pytest.raises(ValidationError) as refused:
        appraisal_step(
            office, a.id, "link", {"activity_ids": [], "reception_ids": [reception.id, 9999]}
        )
    assert refused.value.fields == {"reception_ids": "找不到编号为 9999 的接待选民记录"}
    assert _links(office) == before

    # A deleted reception leaves the survey, not a dangling link.
    office.receptions.delete(reception.id)
    assert office.appraisals.get(a.id).reception_ids == ()


def test_the_schedule_is_planned_in_one_write_in_stage_order(office, surveyed) -> None:
    a, _reception, _activity = surveyed
    before = _links(office)
    with pytest.raises(ValidationError) as refused:
        appraisal_step(office, a.id, "plan", {"测评": _day(10), "评议": _day(20)})
    assert refused.value.fields["rating"].startswith("不能早于“评议”的计划日期")
    with pytest.raises(ValidationError) as refused:
        office.appraisals.plan_stages(a.id, {"rating": "明天"})
    assert "rating" in refused.value.fields
    assert _links(office) == before

    plan = {
        "mobilize": _day(-10),
        "survey": _day(-5),
        "review": _day(3),
        "rating": _day(3),
        "rectify": _day(40),
    }
    done = appraisal_step(office, a.id, "plan", plan)
    assert {s.stage: s.planned_date for s in done.record.stages} == plan
    assert done.message.startswith(f"已保存{a.title}的计划日期：动员")
    # Clearing one day leaves the others.
    a = office.appraisals.plan_stages(a.id, {"rectify": ""})
    assert a.stage("rectify").planned_date == "" and a.stage("rating").planned_date == _day(3)


def test_planned_stages_show_in_the_calendar_month_work_and_reminders(office, surveyed) -> None:
    a, _reception, _activity = surveyed
    office.appraisals.plan_stages(
        a.id, {"mobilize": _day(-10), "survey": _day(-5), "review": _day(3), "rating": _day(3)}
    )
    office.appraisals.set_stage(a.id, "mobilize", done_date=_day(-10))
    entries = office.calendar.entries(TODAY - timedelta(days=15), TODAY + timedelta(days=15))
    mine = {
        (e.date, e.kind_label, e.title, e.status, e.page, e.record_id)
        for e in entries
        if e.kind == "oversight"
    }
    assert mine == {
        (_day(-10), "动员", a.title, "done", "oversight", a.id),
        (_day(-5), "调查", a.title, "overdue", "oversight", a.id),
        (_day(3), "评议", a.title, "pending", "oversight", a.id),
        (_day(3), "测评", a.title, "pending", "oversight", a.id),
    }
    texts = [w.text for w in office.calendar.month_work().now + office.calendar.month_work().coming]
    assert any(f"{a.title}（测评）" in t for t in texts)

    found = [r for r in office.reminders() if r.area == "监督"]
    overdue = [r for r in found if r.level == "overdue"]
    due = [r for r in found if r.level == "due"]
    assert [r.text for r in overdue] == [
        f"{a.title}：“调查”（计划{dates.format_date(_day(-5))}）已过计划日期，还没有登记完成"
    ]
    day = dates.format_date(_day(3))
    assert [r.text for r in due] == [f"{a.title}：计划{day}评议、测评"]
    assert {(r.page, r.record_id) for r in found} == {("oversight", a.id)}


def test_a_review_opinion_reminds_with_its_own_tab_and_record(office, surveyed) -> None:
    meeting = office.meetings.add(kind="presidium", start_date=_day(-100))
    late = office.opinions.add(
        source="meeting",
        meeting_id=meeting.id,
        topic="镇人民政府工作报告",
        content="加快污水管网建设",
        sent_date=_day(-90),
        deadline=_day(-2),
    )
    reminder = next(r for r in office.reminders() if late.topic in r.text)
    assert (reminder.page, reminder.record_id) == ("oversight/opinions", late.id)
    deadline = next(
        e
        for e in office.calendar.entries(TODAY - timedelta(days=5), TODAY)
        if e.kind == "oversight"
    )
    assert (deadline.page, deadline.record_id, deadline.status) == (
        "oversight/opinions",
        late.id,
        "overdue",
    )


def test_a_rectification_is_handled_only_through_its_appraisal(office, surveyed) -> None:
    a, _reception, _activity = surveyed
    office.appraisals.set_stage(a.id, "review", done_date=_day(-20))
    office.appraisals.record_rating(
        a.id, date=_day(-20), issued=10, returned=10, satisfied=6, basic=3, unsatisfied=1
    )
    a = office.appraisals.send_rectification(a.id, sent_date=_day(-15), content="改进服务")
    opinion_step(
        office, a.rectification.id, "feedback", {"feedback_date": _day(-1), "feedback": "已改"}
    )
    with pytest.raises(RendaError) as refused:
        opinion_step(
            office, a.rectification.id, "close", {"closed_date": _day(0), "verdict": "done"}
        )
    assert "请在“工作评议和述职评议”中办理" in refused.value.message
    assert office.appraisals.get(a.id).closed_date == ""
    done = appraisal_step(
        office, a.id, "close", {"closed_date": _day(0), "verdict": "已落实", "closing_note": ""}
    )
    assert done.message == f"已结束评议：{a.title}，已落实"
    assert done.record.rectification.closed_date == _day(0)


def test_the_command_line_plans_and_links_as_the_page_does(demo_db: Path) -> None:
    added = run(demo_db, "appraisal", "add", "--subject", "镇文化站", "--year", str(TODAY.year))
    assert added.returncode == 0, added.stderr
    aid = added.stdout.split("编号 ")[1].split("）")[0]
    planned = run(demo_db, "appraisal", "plan", aid, f"测评={_day(5)}", f"整改={_day(60)}")
    assert planned.returncode == 0, planned.stderr
    assert f"测评{dates.format_date(_day(5))}" in planned.stdout
    refused = run(demo_db, "appraisal", "plan", aid, f"测评={_day(70)}", f"整改={_day(60)}")
    assert refused.returncode == 1 and "不能早于“测评”的计划日期" in refused.stderr
    receptions = run(demo_db, "receptions", "--json")
    reception_id = str(json.loads(receptions.stdout)[0]["id"])
    linked = run(demo_db, "appraisal", "link", aid, "--reception", reception_id)
    assert linked.returncode == 0, linked.stderr
    assert "接待选民记录 1 次" in linked.stdout
    shown = run(demo_db, "appraisal", "show", aid)
    assert f"接待选民记录：编号 {reception_id}" in shown.stdout
    assert f"测评：未完成（计划{dates.format_date(_day(5))}）" in shown.stdout
    unknown = run(demo_db, "appraisal", "link", aid, "--reception", "999999")
    assert unknown.returncode == 1 and "找不到编号为 999999 的接待选民记录" in unknown.stderr
    # A rectification is closed through its appraisal, not as an opinion.
    opinions = json.loads(run(demo_db, "opinions", "--json").stdout)
    rect = next(o for o in opinions if o["source"] == "评议整改" and o["feedback_date"])
    closing = run(
        demo_db, "opinion", "close", str(rect["id"]), "--date", _day(0), "--verdict", "已落实"
    )
    assert closing.returncode != 0 and "请在“工作评议和述职评议”中办理" in closing.stderr
