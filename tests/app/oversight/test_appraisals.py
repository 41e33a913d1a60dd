"""Work appraisals and review opinions on a real database: the vote, the stages, the
tally, the rectification followed to the closing verdict, the refusals that change nothing,
and the reminders of the home page."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.errors import ValidationError


@pytest.fixture
def session(office):
    """A session held in March 2026 with ten deputies on its attendance."""
    for name in ("王𠮷", "李䶮", "张三", "刘芳", "陈明", "赵丽", "孙强", "周敏", "吴刚", "郑洁"):
        office.deputies.add(name=name, gender="男")
    return office.meetings.add(kind="session", start_date="2026-03-12")


def _snapshot(office) -> list:
    tables = (
        "appraisals",
        "appraisal_stages",
        "ratings",
        "oversight_opinions",
        "appraisal_candidates",
        "appraisal_activities",
    )
    return [list(office.db.execute(f"SELECT * FROM {t} ORDER BY 1")) for t in tables]


def test_the_session_vote_chooses_the_subjects_with_their_counts(office, session) -> None:
    assert office.meetings.attendance.expected_ids(session.id)  # ten deputies expected
    chosen = office.appraisals.choose_by_vote(
        session.id,
        {"镇农业综合服务中心": 8, "镇财政所": 2, "镇派出所𠮷": 7, "镇卫生院": 3},
        places=2,
    )
    assert [a.subject for a in chosen] == ["镇农业综合服务中心", "镇派出所𠮷"]
    first = chosen[0]
    assert (first.year, first.votes_for, first.votes_total) == (2026, 8, 10)
    assert first.chosen_text.endswith("票决确定，得 8 票（全体代表 10 名）")
    kept = office.appraisals.candidates(session.id)
    assert [(c.subject, c.votes, c.appraisal_id is not None) for c in kept] == [
        ("镇农业综合服务中心", 8, True),
        ("镇派出所𠮷", 7, True),
        ("镇卫生院", 3, False),
        ("镇财政所", 2, False),
    ]
    before = _snapshot(office)
    with pytest.raises(ValidationError) as refused:
        office.appraisals.choose_by_vote(session.id, {"镇文化站": 9}, places=1)
    assert "已经登记过" in refused.value.message
    assert _snapshot(office) == before


def test_votes_more_than_the_deputies_are_refused(office, session) -> None:
    with pytest.raises(ValidationError) as refused:
        office.appraisals.choose_by_vote(session.id, {"镇财政所": 11}, places=1)
    assert "多于应参加表决的代表人数（10）" in refused.value.message
    with pytest.raises(ValidationError) as refused:
        office.appraisals.choose_by_vote(session.id, {"镇财政所": 8, "镇卫生院": 7}, places=1)
    assert "得票合计 15 票，超过 10 名代表每人最多选 1 个的总数（10 票）" in refused.value.message
    assert _snapshot(office)[0] == []


def _through_rating(office, session):
    a = office.appraisals.choose_by_vote(session.id, {"镇农业综合服务中心": 9}, places=1)[0]
    office.appraisals.set_stage(a.id, "mobilize", done_date="2026-03-20", record="印发评议方案")
    activity = office.activities.add(
        kind="视察",
        date="2026-04-10",
        topic="农技推广服务视察",
        deputy_ids=office.meetings.attendance.expected_ids(session.id)[:3],
    )
    office.appraisals.link_activities(a.id, [activity.id])
    office.appraisals.set_stage(a.id, "survey", done_date="2026-04-15", record="走访农户 30 户")
    office.appraisals.set_stage(a.id, "review", done_date="2026-05-10", meeting_id=session.id)
    return office.appraisals.record_rating(
        a.id, date="2026-05-10", issued=10, returned=10, satisfied=4, basic=4, unsatisfied=2
    )


def test_an_appraisal_runs_from_the_vote_to_the_closing_verdict(office, session) -> None:
    a = _through_rating(office, session)
    assert a.rating.result == "基本满意"
    assert a.rating.tally.approval == 0.8
    assert a.stage("rating").done_date == "2026-05-10"
    assert len(a.activity_ids) == 1
    assert a.status(date(2026, 5, 11)) == "待整改"
    a = office.appraisals.send_rectification(
        a.id, sent_date="2026-05-15", content="一、加快农技推广……\n二、改进服务作风……"
    )
    rect = a.rectification
    assert (rect.deadline, rect.recipient, rect.source) == (
        "2026-08-15",
        "镇农业综合服务中心",
        "appraisal",
    )
    assert a.status(date(2026, 6, 1)) == "整改中"
    assert a.status(date(2026, 8, 16)) == "整改逾期未反馈"
    a = office.appraisals.record_feedback(a.id, date="2026-08-10", feedback="已整改 5 项")
    a = office.appraisals.record_check(a.id, date="2026-09-01", note="回访农户，整改属实")
    a = office.appraisals.close(a.id, date="2026-09-05", verdict="done", note="整改到位")
    assert a.status() == "已结束（已落实）"
    assert a.rectification.closed_date == "2026-09-05"
    assert a.rectification.verdict == "done"
    assert a.stage("rectify").done_date == "2026-09-05"
    row = office.appraisals.rows(year=2026)[0]
    assert (row.rating, row.approval, row.verdict) == ("基本满意", "80.0%", "已落实")


def test_more_ballots_counted_than_issued_is_refused_and_changes_nothing(office, session) -> None:
    a = _through_rating(office, session)
    before = _snapshot(office)
    with pytest.raises(ValidationError) as refused:
        office.appraisals.record_rating(
            a.id, date="2026-05-10", issued=10, returned=10, satisfied=6, basic=4, unsatisfied=2
        )
    assert (
        refused.value.fields["counted"]
        == "满意、基本满意、不满意合计 12 票，多于收回票数（10），请核对"
    )
    with pytest.raises(ValidationError):
        office.appraisals.record_rating(a.id, date="2026-05-10", issued=10, returned=12)
    assert _snapshot(office) == before


def test_feedback_before_the_opinions_were_sent_is_refused(office, session) -> None:
    a = _through_rating(office, session)
    a = office.appraisals.send_rectification(a.id, sent_date="2026-05-15", content="整改意见")
    before = _snapshot(office)
    with pytest.raises(ValidationError) as refused:
        office.appraisals.record_feedback(a.id, date="2026-05-14", feedback="已整改")
    assert "早于意见送交日期（2026年5月15日）" in refused.value.message
    assert _snapshot(office) == before


def test_closing_without_feedback_on_the_rectification_is_refused(office, session) -> None:
    a = _through_rating(office, session)
    with pytest.raises(ValidationError) as refused:
        office.appraisals.close(a.id, date="2026-09-05", verdict="done")
    assert "还没有送交整改意见" in refused.value.message
    a = office.appraisals.send_rectification(a.id, sent_date="2026-05-15", content="整改意见")
    before = _snapshot(office)
    with pytest.raises(ValidationError) as refused:
        office.appraisals.close(a.id, date="2026-09-05", verdict="done")
    assert "还没有书面反馈整改情况，不能结束评议" in refused.value.message
    assert _snapshot(office) == before


def test_stages_out_of_order_and_opinions_before_the_rating_are_refused(office) -> None:
    a = office.appraisals.add(subject="镇水利站", year=2026)
    office.appraisals.set_stage(a.id, "mobilize", done_date="2026-03-20")
    with pytest.raises(ValidationError) as refused:
        office.appraisals.set_stage(a.id, "survey", done_date="2026-03-01")
    assert "早于“动员”" in refused.value.message
    with pytest.raises(ValidationError) as refused:
        office.appraisals.send_rectification(a.id, sent_date="2026-05-15", content="意见")
    assert "请先测评" in refused.value.message
    duty = office.appraisals.add(kind="duty", subject="王𠮷", post="副镇长", year=2026)
    assert duty.title == "对副镇长王𠮷的述职评议"
    assert [s.label for s in duty.stages] == ["述职", "测评", "整改"]
    with pytest.raises(ValidationError):
        office.appraisals.add(kind="duty", subject="李䶮", year=2026)  # no post


def test_review_opinions_are_followed_and_listed_open_with_overdue_marks(office, session) -> None:
    opinions = office.opinions
    late = opinions.add(
        source="meeting",
        meeting_id=session.id,
        topic="镇人民政府工作报告",
        content="加快集镇污水管网建设",
        sent_date="2026-03-20",
    )
    assert late.deadline == "2026-06-20"
    assert late.source_title.endswith("第一次会议") or "会议" in late.source_title
    fine = opinions.add(
        source="meeting",
        meeting_id=session.id,
        topic="财政预算报告",
        content="压减一般性支出",
        sent_date="2026-03-20",
        deadline="2026-12-31",
    )
    draft = opinions.add(source="other", topic="专题调研", content="意见稿")
    day = date(2026, 7, 1)
    listed = opinions.list(open_only=True, today=day)
    assert [o.id for o in listed] == [late.id, fine.id, draft.id]
    assert listed[0].state_label(day) == "逾期 11 天未反馈"
    assert listed[2].state_label(day) == "未送交"
    opinions.record_feedback(fine.id, date="2026-06-30", feedback="已压减 8%")
    closed = opinions.close(
        fine.id, date="2026-06-30", verdict="done", reported_meeting_id=session.id
    )
    assert closed.verdict_label == "已落实"
    assert [o.id for o in opinions.list(open_only=True, today=day)] == [late.id, draft.id]
    with pytest.raises(ValidationError) as refused:
        opinions.add(source="meeting", topic="x", content="y")
    assert "请选择提出审议意见的会议" in refused.value.message


def test_overdue_stages_and_feedback_are_reminded_on_the_home_page(office, session) -> None:
    a = office.appraisals.add(subject="镇文化站", year=2026)
    office.appraisals.set_stage(a.id, "survey", planned_date="2026-04-30")
    office.opinions.add(
        source="meeting",
        meeting_id=session.id,
        topic="镇人民政府工作报告",
        content="意见",
        sent_date="2026-03-20",
    )
    texts = [r.text for r in office.reminders(date(2026, 7, 1)) if r.area == "监督"]
    assert any("对镇文化站的工作评议：“调查”（计划2026年4月30日）已过计划日期" in t for t in texts)
    assert any("审议意见办理情况反馈期限2026年6月20日已过 11 天" in t for t in texts)
    soon = [r for r in office.reminders(date(2026, 6, 10)) if r.area == "监督" and r.level == "due"]
    assert soon and "应在2026年6月20日前反馈" in soon[0].text


def test_a_sent_rectification_is_reminded_once_by_its_deadline(office, session) -> None:
    a = _through_rating(office, session)
    office.appraisals.set_stage(a.id, "rectify", planned_date="2026-08-01")
    office.appraisals.send_rectification(a.id, sent_date="2026-05-15", content="整改意见")
    texts = [r.text for r in office.reminders(date(2026, 9, 1)) if r.area == "监督"]
    assert len(texts) == 1
    assert "整改情况反馈期限2026年8月15日已过 17 天" in texts[0]


def test_an_officials_duty_appraisal_uses_the_same_ballot_and_follow_up(office) -> None:
    duty = office.appraisals.add(kind="duty", subject="吴𠮷芳", post="副镇长", year=2026)
    office.appraisals.set_stage(duty.id, "review", done_date="2026-09-20", record="述职报告")
    duty = office.appraisals.record_rating(
        duty.id, date="2026-09-20", issued=40, returned=40, satisfied=15, basic=10, unsatisfied=15
    )
    assert duty.rating.result == "基本满意"  # 25 of 40 = 62.5 % reaches the 60 % pass share
    # The result announced stays as counted when the shares are changed later; a tally
    # recorded again is judged by the new shares.
    office.settings.set("rating_pass_share", 70)
    assert office.appraisals.get(duty.id).rating.result == "基本满意"
    again = office.appraisals.record_rating(
        duty.id, date="2026-09-20", issued=40, returned=40, satisfied=15, basic=10, unsatisfied=15
    )
    assert again.rating.result == "不满意"
    duty = office.appraisals.send_rectification(duty.id, sent_date="2026-09-30", content="意见")
    assert duty.rectification.recipient == "副镇长吴𠮷芳"
    office.appraisals.record_feedback(duty.id, date="2026-11-20", feedback="已落实")
    closed = office.appraisals.close(duty.id, date="2026-11-25", verdict="partly")
    assert closed.status() == "已结束（部分落实）"
    assert [s.label for s in closed.stages if s.done_date] == ["述职", "测评", "整改"]


def test_a_livelihood_project_is_supervised_with_the_same_follow_up(demo_office) -> None:
    """民生实事 supervision: an opinion on a voted project follows sent → feedback →
    verdict like any other, and names the project."""
    office = demo_office
    project = office.meetings.projects.elected()[0]
    o = office.opinions.add(
        source="project",
        project_id=project.id,
        topic="督办民生实事项目",
        content="进度滞后，请加快施工",
        sent_date="2026-06-01",
    )
    assert o.source_label == "民生实事督办"
    assert o.source_title == f"民生实事：{project.name}"
    assert o.deadline == "2026-09-01"
    with pytest.raises(ValidationError) as refused:
        office.opinions.add(source="project", topic="督办", content="意见")
    assert "请选择督办的民生实事项目" in refused.value.message
    office.opinions.record_feedback(o.id, date="2026-08-20", feedback="已完成 80%")
    assert office.opinions.close(o.id, date="2026-08-25", verdict="partly").verdict_label == (
        "部分落实"
    )
