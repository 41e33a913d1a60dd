"""The follow-up and tally rules on their own (app/oversight/rules.py)."""

from __future__ import annotations

from datetime import date

from app.core.tally import Tally, rating_verdict, tally_errors
from app.oversight.rules import (
    FollowState,
    days_overdue,
    default_deadline,
    due_soon,
    follow_errors,
    follow_state,
    stage_order_errors,
)

TODAY = date(2026, 6, 1)


def test_a_follow_up_moves_from_draft_to_closed() -> None:
    assert follow_state(FollowState(), TODAY) == "draft"
    sent = FollowState("2026-03-20", "2026-06-20")
    assert follow_state(sent, TODAY) == "sent"
    assert follow_state(sent, date(2026, 6, 21)) == "overdue"
    assert days_overdue(sent, date(2026, 6, 25)) == 5
    assert follow_state(FollowState("2026-03-20", "2026-06-20", "2026-07-01"), TODAY) == "answered"
    checked = FollowState("2026-03-20", "2026-06-20", "2026-07-01", "2026-08-01")
    assert follow_state(checked, TODAY) == "checked"
    closed = FollowState("2026-03-20", "2026-06-20", "2026-07-01", "", "2026-09-01")
    assert follow_state(closed, date(2027, 1, 1)) == "closed"
    assert days_overdue(closed, date(2027, 1, 1)) == 0


def test_the_deadline_defaults_to_months_after_sending_and_warns_before_it() -> None:
    assert default_deadline("2026-03-20", 3) == "2026-06-20"
    assert default_deadline("2026-11-30", 3) == "2027-02-28"
    assert default_deadline("", 3) == ""
    sent = FollowState("2026-03-20", "2026-06-10")
    assert due_soon(sent, TODAY, 15)
    assert not due_soon(sent, TODAY, 5)
    assert not due_soon(FollowState("2026-03-20", "2026-06-10", "2026-05-01"), TODAY, 15)


def test_feedback_dated_before_the_opinions_were_sent_is_refused() -> None:
    errors = follow_errors(FollowState("2026-03-20", "2026-06-20", "2026-03-19"))
    assert errors["feedback_date"].startswith("反馈日期（2026年3月19日）早于意见送交日期")
    assert "feedback_date" in follow_errors(FollowState(feedback_date="2026-03-19"))
    assert follow_errors(FollowState("2026-03-20", "2026-06-20", "2026-03-20")) == {}


def test_checks_and_closing_need_the_feedback_first() -> None:
    no_feedback = FollowState("2026-03-20", "2026-06-20", "", "2026-07-01", "2026-07-02")
    errors = follow_errors(no_feedback)
    assert "请先登记反馈" in errors["check_date"]
    assert "不能办结" in errors["closed_date"]
    assert "deadline" in follow_errors(FollowState("2026-03-20", "2026-03-01"))
    assert "feedback" in follow_errors(
        FollowState("2026-03-20", "", "2026-04-01"), has_feedback_text=False
    )


def test_a_tally_refuses_more_counted_than_returned_or_issued() -> None:
    assert tally_errors(Tally(60, 58, 40, 12, 5)) == {}
    assert "多于收回票数（58）" in tally_errors(Tally(60, 58, 40, 15, 5))["counted"]
    assert "多于发出票数（60）" in tally_errors(Tally(60, 61, 40, 15, 5))["returned"]
    assert "多于发出票数（50）" in tally_errors(Tally(50, 61, 40, 15, 5))["counted"]
    assert "issued" in tally_errors(Tally(0, 0))
    assert "不能是负数" in tally_errors(Tally(10, 10, -1))["satisfied"]
    assert "参加测评的人数" in tally_errors(Tally(70, 60, 50), eligible=65)["issued"]


def test_counted_returned_and_invalid_reconcile() -> None:
    t = Tally(60, 58, 40, 12, 5)
    assert t.counted == 57
    assert t.invalid == 1
    assert t.approval == 52 / 57


def test_the_shares_decide_the_verdict_not_the_largest_count() -> None:
    def verdict(s: int, b: int, u: int) -> str:
        return rating_verdict(Tally(100, 100, s, b, u), satisfied_share=50, pass_share=60)

    assert verdict(51, 30, 19) == "满意"
    assert verdict(50, 30, 20) == "基本满意"  # exactly half is not "more than half"
    assert verdict(40, 35, 25) == "基本满意"
    assert verdict(30, 30, 40) == "基本满意"  # 60 % reaches the pass share
    assert verdict(30, 29, 41) == "不满意"
    assert rating_verdict(Tally(10, 0), satisfied_share=50, pass_share=60) == "未测评"
    assert (
        rating_verdict(Tally(100, 100, 30, 30, 40), satisfied_share=50, pass_share=70) == "不满意"
    )


def test_stages_must_follow_each_other_in_time() -> None:
    ok = {"mobilize": "2026-03-01", "survey": "2026-04-01", "review": "2026-05-10"}
    assert stage_order_errors("work", ok) == {}
    bad = {**ok, "survey": "2026-02-20"}
    assert "早于“动员”" in stage_order_errors("work", bad)["survey"]
    # a stage not yet done does not count
    assert stage_order_errors("work", {"mobilize": "2026-03-01", "rating": "2026-05-12"}) == {}
    late = stage_order_errors("duty", {"review": "2026-05-10", "rating": "2026-05-01"})
    assert "早于“述职”" in late["rating"]
