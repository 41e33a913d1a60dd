"""The rules of oversight as plain functions: the follow-up of an opinion (sent → deadline →
feedback → return check → verdict), the 测评 tally (ballots issued, returned, counted) and
the stages of a work appraisal. Nothing here reads the database, so each rule is tested
on its own; the numbers that differ by place are settings (app/core/settings.py).

Sources: 地方组织法 art. 11 (the township congress hears and reviews the government's work
reports and supervises it), 监督法 art. 14, 20 and 27 (opinions of a review are sent to the
government, which reports back on their handling within a set time; the local practice of
工作评议: "紧扣动员、调查、评议、测评、整改等环节", "督促其抓好整改落实"), and the local
rules for 满意度测评 (满意率 = (满意 + 基本满意) ÷ valid ballots; the shares are settings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.suggestions.deadlines import iso_add_months

# ---- the follow-up (opinion → sent → deadline → feedback → verdict) -----------------

FOLLOW_STATES = {
    "draft": "未送交",
    "sent": "办理中",
    "overdue": "逾期未反馈",
    "answered": "已反馈",
    "checked": "已回头看",
    "closed": "已办结",
}
OPEN_STATES = ("draft", "sent", "overdue", "answered", "checked")
# The verdict on how an opinion was carried out, given when the follow-up is closed.
VERDICTS = {"done": "已落实", "partly": "部分落实", "not_done": "未落实"}


@dataclass(frozen=True)
class FollowState:
    """The dates of one follow-up, as stored (ISO text, '' when not yet)."""

    sent_date: str = ""
    deadline: str = ""
    feedback_date: str = ""
    check_date: str = ""
    closed_date: str = ""


def follow_state(f: FollowState, today: date) -> str:
    """Where a follow-up stands on `today` (a key of FOLLOW_STATES)."""
    if f.closed_date:
        return "closed"
    if f.check_date:
        return "checked"
    if f.feedback_date:
        return "answered"
    if not f.sent_date:
        return "draft"
    if f.deadline and f.deadline < today.isoformat():
        return "overdue"
    return "sent"


def default_deadline(sent_date: str, months: int) -> str:
    """The feedback deadline when the clerk gives none: `months` after sending."""
    return iso_add_months(sent_date, months) if sent_date else ""


def follow_errors(f: FollowState, *, has_feedback_text: bool = True) -> dict[str, str]:
    """What is wrong with these dates, by field (empty when all is in order):
    a deadline before sending, feedback before the opinions were sent or without them,
    a return check before the feedback, a verdict before the feedback."""
    errors: dict[str, str] = {}
    if f.deadline and not f.sent_date:
        errors["deadline"] = "还没有送交，不能定反馈期限；请先填写送交日期"
    elif f.deadline and f.deadline < f.sent_date:
        errors["deadline"] = "反馈期限不能早于送交日期"
    if f.feedback_date:
        if not f.sent_date:
            errors["feedback_date"] = "意见还没有送交，不能登记反馈；请先登记送交日期"
        elif f.feedback_date < f.sent_date:
            errors["feedback_date"] = (
                f"反馈日期（{_day(f.feedback_date)}）早于意见送交日期（{_day(f.sent_date)}），"
                "请核对"
            )
        elif not has_feedback_text:
            errors["feedback"] = "请填写反馈的办理或整改情况"
    if f.check_date:
        if not f.feedback_date:
            errors["check_date"] = "还没有收到书面反馈，不能回头看；请先登记反馈"
        elif f.check_date < f.feedback_date:
            errors["check_date"] = "回头看日期不能早于反馈日期"
    if f.closed_date:
        if not f.feedback_date:
            errors["closed_date"] = "还没有收到书面反馈，不能办结；请先登记反馈"
        elif f.closed_date < f.feedback_date:
            errors["closed_date"] = "办结日期不能早于反馈日期"
    return errors


def days_overdue(f: FollowState, today: date) -> int:
    """Days past the deadline without feedback (0 when not overdue)."""
    if follow_state(f, today) != "overdue":
        return 0
    return (today - date.fromisoformat(f.deadline)).days


def due_soon(f: FollowState, today: date, days: int) -> bool:
    """Sent, no feedback, and the deadline within `days` days."""
    if follow_state(f, today) != "sent" or not f.deadline:
        return False
    return (date.fromisoformat(f.deadline) - today).days <= days


# The 测评 tally (Tally, tally_errors, rating_verdict) is the kernel's: app/core/tally.py,
# shared with deputies' reports to their voters.


# ---- the stages of a work appraisal -------------------------------------------------

# 工作评议 of a government office or station: "紧扣动员、调查、评议、测评、整改等环节".
STAGES: dict[str, str] = {
    "mobilize": "动员",
    "survey": "调查",
    "review": "评议",
    "rating": "测评",
    "rectify": "整改",
}
# 述职评议 of the township government's leaders and departments: they report (述职) to the
# deputies, who rate them; rectification follows the opinions.
DUTY_STAGES: dict[str, str] = {"review": "述职", "rating": "测评", "rectify": "整改"}
KINDS = {"work": "工作评议", "duty": "述职评议"}


def stages_of(kind: str) -> dict[str, str]:
    return STAGES if kind == "work" else DUTY_STAGES


def stage_order_errors(kind: str, done: dict[str, str], *, planned: bool = False) -> dict[str, str]:
    """Stages carried out must follow each other in time: a stage dated before an earlier
    one is refused (the survey cannot precede the mobilisation). `planned`: the days are
    the schedule's, and the message (shown under the day's input) says so briefly."""
    errors: dict[str, str] = {}
    latest_key, latest = "", ""
    labels = stages_of(kind)
    for key in labels:
        day = done.get(key, "")
        if not day:
            continue
        if latest and day < latest and planned:
            errors[key] = f"不能早于“{labels[latest_key]}”的计划日期（{_day(latest)}）"
        elif latest and day < latest:
            errors[key] = (
                f"“{labels[key]}”的日期（{_day(day)}）早于“{labels[latest_key]}”"
                f"（{_day(latest)}），请核对"
            )
        else:
            latest_key, latest = key, day
    return errors


def _day(iso: str) -> str:
    from app.core.dates import format_date

    return format_date(iso)
