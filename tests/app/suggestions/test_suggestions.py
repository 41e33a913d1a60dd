"""Suggestion handling in app/: registration, the state machine, refusals that change
nothing, deadlines, the permanent history and search."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from app.core.errors import ValidationError
from app.suggestions.records import SuggestionQuery
from app.suggestions.rules import ACTIONS, STATUSES, Snapshot, allowed_actions

TODAY = date(2026, 11, 22)


def register(town, title="关于修缮桃源村山塘的建议", **kw):
    d = town.deputies
    values = dict(
        lead_deputy_id=d["王𠮷"],
        co_signer_ids=[d["李䶮"], d["张三"]],
        title=title,
        content="桃源村三口山塘年久失修，渗漏严重，去年夏季近百亩稻田缺水。",
        category="水利设施",
        received_date="2026-03-01",
        today=TODAY,
    )
    values.update(kw)
    return town.office.suggestions.register(**values)


def snapshot_of(office, suggestion_id):
    """Everything a refused step must leave as it was."""
    db = office.db
    return (
        db.execute("SELECT * FROM suggestions WHERE id = ?", [suggestion_id]).fetchall(),
        db.execute("SELECT count(*) FROM suggestion_events").fetchone(),
        db.execute("SELECT count(*) FROM suggestion_replies").fetchone(),
        db.execute("SELECT * FROM suggestion_units ORDER BY 1, 2").fetchall(),
    )


def test_registration_numbers_each_year_and_keeps_the_signers(town) -> None:
    s1 = register(town)
    s2 = register(town, "关于硬化石桥村通组公路的建议", category="交通道路")
    s3 = register(town, "关于增开班车的建议", category="交通道路", received_date="2025-12-30")
    assert (s1.number, s2.number, s3.number) == ("2026-001", "2026-002", "2025-001")
    assert s1.status == "registered" and s1.lead_name == "王𠮷"
    assert [x.name for x in s1.co_signers] == ["李䶮", "张三"]
    town.office.settings.set("suggestion_number_prefix", "清人建")
    assert register(town, "关于路灯的建议", category="城乡建设").number == "清人建2026-003"
    first = town.office.suggestions.events(s1.id)[0]
    assert (first.label, first.date, first.operator) == ("登记", "2026-03-01", "人大办")
    assert "王𠮷领衔" in first.description and "李䶮" in first.description


def test_a_motion_with_four_signers_is_refused_and_nothing_is_written(town) -> None:
    d = town.deputies
    with pytest.raises(ValidationError) as refused:
        register(
            town,
            "关于建设集镇污水处理厂的议案",
            kind="motion",
            co_signer_ids=[d["李䶮"], d["张三"], d["刘芳"]],
            proposal="建设日处理五百吨的污水处理厂",
            category="生态环境",
        )
    assert "5 名以上代表联名" in refused.value.fields["co_signer_ids"]
    assert "现在只有 4 名" in refused.value.fields["co_signer_ids"]
    assert town.office.db.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 0
    assert town.office.db.execute("SELECT count(*) FROM suggestion_events").fetchone()[0] == 0
    motion = register(
        town,
        "关于建设集镇污水处理厂的议案",
        kind="motion",
        co_signer_ids=[d["李䶮"], d["张三"], d["刘芳"], d["陈明"]],
        proposal="建设日处理五百吨的污水处理厂",
        category="生态环境",
    )
    assert motion.number == "议案2026-01" and len(motion.signers) == 5


def test_bad_registrations_say_what_to_fix_at_each_field(town) -> None:
    office = town.office
    office.deputies.set_status(
        town.deputies["赵丽"], status="ended", date="2026-01-05", reason="辞职被接受"
    )
    with pytest.raises(ValidationError) as refused:
        register(
            town,
            "",
            category="不存在的类别",
            co_signer_ids=[town.deputies["赵丽"]],
            received_date="2027-01-01",
        )
    fields = refused.value.fields
    assert "请填写标题" in fields["title"]
    assert "不在建议类别列表中" in fields["category"]
    assert "代表资格已终止" in fields["co_signer_ids"]
    assert "不能晚于今天" in fields["received_date"]


def test_the_whole_story_with_a_wrong_unit_and_a_second_round(town) -> None:
    """Every state of §4 on one suggestion, as the clerk records it."""
    sg = town.office.suggestions
    u = town.units
    s = register(town)
    s = sg.accept(s.id, date="2026-03-02", today=TODAY)
    s = sg.assign(s.id, lead_unit_id=u["财政所"], date="2026-03-05", today=TODAY)
    assert (s.status, s.deadline, s.lead_unit_name) == ("assigned", "2026-06-05", "清溪镇财政所")
    s = sg.give_back(s.id, reason="山塘归水利站管理", date="2026-03-09", today=TODAY)
    assert s.status == "returned" and s.lead_unit_id is None and s.deadline == ""
    s = sg.reassign(
        s.id,
        lead_unit_id=u["水利站"],
        assist_unit_ids=[u["财政所"]],
        date="2026-03-10",
        today=TODAY,
    )
    assert s.deadline == "2026-06-10" and s.assist_unit_names == ["清溪镇财政所"]
    s = sg.start(s.id, date="2026-03-11", today=TODAY)
    s = sg.set_key(s.id, True, date="2026-03-12", today=TODAY)
    s = sg.supervise(
        s.id, reason="key", method="现场督办", date="2026-04-01", note="已勘察", today=TODAY
    )
    s = sg.reply(s.id, result_class="B", summary="已列入明年计划", date="2026-05-20", today=TODAY)
    assert (s.status, s.replied_on_time, s.first_reply_date) == ("replied", 1, "2026-05-20")
    assert len(sg.replies(s.id)) == 3  # one letter per signing deputy
    s = sg.consult(s.id, date="2026-05-21", today=TODAY)
    assert s.feedback_due == "2026-06-18"  # 20 working days
    ratings = {d.deputy_id: ("满意", "不满意", "没有实质进展") for d in s.signers}
    s = sg.rate(s.id, ratings=ratings, date="2026-06-01", today=TODAY)
    assert s.status == "unsatisfied"
    assert "close" not in [a.key for a in sg.allowed_actions(s)]
    s = sg.rehandle(s.id, date="2026-06-02", today=TODAY)
    assert (s.status, s.round, s.deadline) == ("rehandling", 2, "2026-07-02")
    s = sg.reply(s.id, result_class="A", summary="已完成清淤防渗", date="2026-06-20", today=TODAY)
    assert s.replied_on_time == 1 and s.first_reply_date == "2026-05-20"
    s = sg.consult(s.id, date="2026-06-21", today=TODAY)
    s = sg.rate(
        s.id,
        ratings={d.deputy_id: ("满意", "满意") for d in s.signers},
        date="2026-06-25",
        today=TODAY,
    )
    assert s.status == "rated"
    s = sg.close(s.id, date="2026-06-26", today=TODAY)
    assert (s.status, s.result_class, s.closed_date) == ("closed", "A", "2026-06-26")
    timeline = sg.events(s.id)
    assert [e.label for e in timeline] == [
        "登记", "立案", "交办", "退回", "重新交办", "开始办理", "列为重点督办", "督办", "答复",
        "征询意见", "录入满意度", "重新办理", "答复", "征询意见", "录入满意度", "办结",
    ]  # fmt: skip
    assert all(e.operator == "人大办" and e.date for e in timeline)
    assert "清溪镇财政所退回" in timeline[3].description
    assert "不满意 3" in timeline[10].description
    assert [e.to_status for e in timeline][-1] == "closed"
    assert {e.to_status for e in timeline} >= {
        "registered", "accepted", "assigned", "returned", "handling", "replied", "consulting",
        "unsatisfied", "rehandling", "rated", "closed",
    }  # fmt: skip
    ratings_rounds = {(r.round, r.result) for r in sg.ratings(s.id)}
    assert ratings_rounds == {(1, "unsatisfied"), (2, "satisfied")}


def test_forbidden_steps_are_refused_in_chinese_and_change_nothing(town) -> None:
    sg = town.office.suggestions
    s = register(town)
    before = snapshot_of(town.office, s.id)
    for action, inputs in (
        ("close", {}),
        ("reply", {"result_class": "A"}),
        ("assign", {"lead_unit_id": town.units["水利站"]}),
        ("rehandle", {}),
        ("to_agenda", {}),
    ):
        with pytest.raises(ValidationError) as refused:
            sg.act(s.id, action, date="2026-03-05", today=TODAY, **inputs)
        assert "不能" in refused.value.fields["action"]
        assert snapshot_of(town.office, s.id) == before
    with pytest.raises(ValidationError, match="现在是“已登记”，不能“办结”"):
        sg.close(s.id, today=TODAY)


def test_a_reply_dated_before_the_assignment_is_refused_and_changes_nothing(town) -> None:
    sg = town.office.suggestions
    s = register(town)
    sg.accept(s.id, date="2026-03-02", today=TODAY)
    s = sg.assign(s.id, lead_unit_id=town.units["水利站"], date="2026-03-05", today=TODAY)
    before = snapshot_of(town.office, s.id)
    with pytest.raises(ValidationError) as refused:
        sg.reply(s.id, result_class="A", date="2026-03-04", today=TODAY)
    assert refused.value.fields["date"].startswith("答复日期早于交办日期（2026年3月5日）")
    assert snapshot_of(town.office, s.id) == before
    # One deputy's own letter dated too early is refused at the letters, by name.
    with pytest.raises(ValidationError) as refused:
        sg.reply(
            s.id,
            result_class="A",
            date="2026-04-01",
            letters={town.deputies["李䶮"]: "2026-03-01"},
            today=TODAY,
        )
    assert refused.value.fields["letters"].startswith("李䶮：答复日期早于交办日期")
    assert snapshot_of(town.office, s.id) == before


def test_other_refusals(town) -> None:
    sg = town.office.suggestions
    s = register(town)
    with pytest.raises(ValidationError) as refused:
        sg.refuse(s.id, reason=" ", today=TODAY)
    assert "理由" in refused.value.fields["reason"]
    sg.accept(s.id, date="2026-03-02", today=TODAY)
    with pytest.raises(ValidationError) as refused:
        sg.assign(s.id, lead_unit_id=town.units["水利站"], date="2026-03-01", today=TODAY)
    assert "早于上一步“立案”" in refused.value.fields["date"]
    with pytest.raises(ValidationError) as refused:
        sg.assign(
            s.id,
            lead_unit_id=town.units["水利站"],
            assist_unit_ids=[town.units["水利站"]],
            today=TODAY,
        )
    assert "主办单位不能同时是协办单位" in refused.value.fields["assist_unit_ids"]
    s = sg.assign(s.id, lead_unit_id=town.units["水利站"], date="2026-03-05", today=TODAY)
    with pytest.raises(ValidationError) as refused:  # 7 working days: by 2026-03-16
        sg.give_back(s.id, reason="不属于本单位", date="2026-03-17", today=TODAY)
    assert "7 个工作日内" in refused.value.fields["date"]
    with pytest.raises(ValidationError) as refused:
        sg.withdraw(s.id, today=TODAY)
    assert "撤回的理由" in refused.value.fields["note"]
    with pytest.raises(ValidationError) as refused:
        sg.supervise(s.id, reason="overdue", method="", new_deadline="2026-02-01", today=TODAY)
    assert "督办方式" in refused.value.fields["method"]
    assert "晚于督办日期" in refused.value.fields["new_deadline"]


def test_close_after_a_second_unsatisfied_round_needs_a_note(town) -> None:
    sg = town.office.suggestions
    s = register(town)
    sg.accept(s.id, date="2026-03-02", today=TODAY)
    sg.assign(s.id, lead_unit_id=town.units["水利站"], date="2026-03-05", today=TODAY)
    unhappy = {d.deputy_id: ("满意", "不满意") for d in s.signers}
    for n, day in enumerate(("2026-05-01", "2026-06-01")):
        sg.reply(s.id, result_class="C", date=day, today=TODAY)
        sg.consult(s.id, date=day, today=TODAY)
        sg.rate(s.id, ratings=unhappy, date=day, today=TODAY)
        if n == 0:
            sg.rehandle(s.id, date=day, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        sg.close(s.id, date="2026-06-02", today=TODAY)
    assert "写明情况" in refused.value.fields["note"]
    s = sg.close(s.id, date="2026-06-02", note="资金受限，已向代表说明", today=TODAY)
    assert s.status == "closed"
    # C items stay followed: a later further reply, now solved.
    assert "follow_up" in [a.key for a in sg.allowed_actions(s)]
    s = sg.follow_up(
        s.id, result_class="A", summary="已纳入今年项目并完工", date="2026-10-10", today=TODAY
    )
    assert s.result_class == "A" and s.status == "closed"
    assert "由C类改为A类" in sg.events(s.id)[-1].description
    assert "follow_up" not in [a.key for a in sg.allowed_actions(s)]


def test_deadlines_follow_the_settings(town) -> None:
    sg = town.office.suggestions
    town.office.settings.set_many({"suggestion_reply_months": 2, "suggestion_complex_months": 5})
    plain = register(town, received_date="2026-01-20")
    complex_ = register(
        town,
        "关于改造供水管网的建议",
        category="饮水安全",
        is_complex=True,
        received_date="2026-01-20",
    )
    for s in (plain, complex_):
        sg.accept(s.id, date="2026-01-31", today=TODAY)
        sg.assign(s.id, lead_unit_id=town.units["水利站"], date="2026-01-31", today=TODAY)
    assert sg.get(plain.id).deadline == "2026-03-31"
    assert sg.get(complex_.id).deadline == "2026-06-30"


def test_the_history_is_permanent(town) -> None:
    sg = town.office.suggestions
    s = register(town)
    sg.accept(s.id, date="2026-03-02", today=TODAY)
    db = town.office.db
    for sql in (
        "DELETE FROM suggestion_events",
        "UPDATE suggestion_events SET note = 'x'",
        "DELETE FROM suggestions",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="永久保存"):
            db.execute(sql)
    assert len(sg.events(s.id)) == 2


def test_corrections_before_assignment_are_kept_in_the_history(town) -> None:
    sg = town.office.suggestions
    s = register(town)
    s = sg.edit(
        s.id,
        title="关于修缮桃源村三口山塘的建议",
        co_signer_ids=[town.deputies["刘芳"]],
        today=TODAY,
    )
    assert s.title == "关于修缮桃源村三口山塘的建议"
    assert [x.name for x in s.co_signers] == ["刘芳"]
    assert "标题、提出代表" in sg.events(s.id)[-1].description
    assert sg.search(SuggestionQuery(text="三口山塘")) == [s.id]


def test_search_finds_one_two_and_more_characters_names_and_numbers(town) -> None:
    sg = town.office.suggestions
    pond = register(town)
    road = register(
        town,
        "关于硬化石桥村通组公路的建议",
        category="交通道路",
        content="石桥村通组公路全长三公里，雨天泥泞。",
        lead_deputy_id=town.deputies["陈明"],
        co_signer_ids=[],
    )

    def found(text: str) -> list[int]:
        return sorted(sg.search(SuggestionQuery(text=text)))

    assert found("塘") == [pond.id]
    assert found("公路") == [road.id]
    assert found("渗漏严重") == [pond.id]
    assert found("雨天泥泞") == [road.id]
    assert found("雨天，泥泞") == [road.id]  # punctuation between words
    assert found("泥泞雨天") == []  # all its pairs occur? no: 泞雨 does not
    assert found("通组公路 石桥") == [road.id]
    assert found("王𠮷") == [pond.id]  # the lead deputy's name, outside the BMP
    assert found("陈明") == [road.id]
    assert found("2026-002") == [road.id]
    assert found("水利站") == []  # not assigned yet
    assert found("稻田山塘") == []  # both pairs exist apart, not together
    assert sg.count(SuggestionQuery(text="村")) == 2


def test_overdue_and_due_soon_filters(town) -> None:
    sg = town.office.suggestions
    late = register(town)
    soon = register(town, "关于路灯的建议", category="城乡建设", received_date="2026-08-01")
    sg.accept(late.id, date="2026-03-02", today=TODAY)
    sg.assign(late.id, lead_unit_id=town.units["水利站"], date="2026-03-05", today=TODAY)
    sg.accept(soon.id, date="2026-08-20", today=TODAY)
    sg.assign(soon.id, lead_unit_id=town.units["财政所"], date="2026-08-30", today=TODAY)
    assert sg.search(SuggestionQuery(due="overdue"), today=TODAY) == [late.id]
    assert sg.search(SuggestionQuery(due="due_soon"), today=TODAY) == [soon.id]
    assert set(sg.search(SuggestionQuery(due="flagged"), today=TODAY)) == {late.id, soon.id}
    rows = sg.rows([late.id, soon.id])
    assert [r.due_state("2026-11-22", "2026-12-07") for r in rows] == ["overdue", "due_soon"]
    assert sg.search(SuggestionQuery(unit_id=town.units["财政所"])) == [soon.id]


def test_the_rules_table_offers_only_what_may_follow() -> None:
    for status in STATUSES:
        for kind in ("suggestion", "motion"):
            offered = {a.key for a in allowed_actions(Snapshot(kind=kind, status=status))}
            for action in ACTIONS:
                if action.key in offered:
                    assert status in action.sources and kind in action.kinds
    closed = {a.key for a in allowed_actions(Snapshot("suggestion", "closed", result_class="B"))}
    assert closed == {"follow_up"}
    final = allowed_actions(Snapshot("suggestion", "withdrawn"))
    assert final == []
