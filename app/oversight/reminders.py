"""Reminders at start about oversight: appraisal stages whose planned day has passed or
comes soon, and opinions (review opinions, rectification) whose feedback is overdue or due
soon. Each opens its record: an appraisal on the 监督 page, an opinion in its 审议意见 tab."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.core import dates
from app.core.reminders import Reminder
from app.oversight.rules import days_overdue, due_soon

if TYPE_CHECKING:
    from app.office import Office

AREA = "监督"
PAGE = "oversight"
OPINIONS_PAGE = "oversight/opinions"  # the page's 审议意见 tab (ui.main_window.open_record)
LISTED = 5


def oversight_reminders(office: Office, today: date) -> list[Reminder]:
    return [*_stages(office, today), *_opinions(office, today)]


def _stages(office: Office, today: date) -> list[Reminder]:
    """Stages past their planned day and not done (overdue), and those planned within the
    setting's days (due)."""
    soon_days = int(office.settings.get("oversight_due_soon_days"))
    township_id = office.home_township_id(required=False)
    soon_end = (today + timedelta(days=soon_days)).isoformat()
    rows = office.db.execute(
        "SELECT p.id FROM appraisals p JOIN appraisal_stages s ON s.appraisal_id = p.id"
        " WHERE p.township_id = ? AND p.closed_date = '' AND s.planned_date <> ''"
        " AND s.done_date = '' AND s.planned_date <= ? GROUP BY p.id ORDER BY min(s.planned_date)",
        [township_id, soon_end],
    ).fetchall()
    overdue, soon = [], []
    for appraisal in office.appraisals.many([r[0] for r in rows]):
        # Once the rectification is sent, its deadline is followed as an opinion (below).
        sent = appraisal.rectification is not None and bool(appraisal.rectification.sent_date)
        waiting = [
            s
            for s in appraisal.stages
            if s.planned_date and not s.done_date and not (s.stage == "rectify" and sent)
        ]
        late = [s for s in waiting if s.overdue(today)]
        coming = [s for s in waiting if not s.overdue(today) and s.planned_date <= soon_end]
        if late:
            names = "、".join(
                f"“{s.label}”（计划{dates.format_date(s.planned_date)}）" for s in late
            )
            overdue.append(
                Reminder(
                    AREA,
                    "overdue",
                    f"{appraisal.title}：{names}已过计划日期，还没有登记完成",
                    PAGE,
                    appraisal.id,
                )
            )
        if coming:
            days: dict[str, list[str]] = {}
            for s in coming:
                days.setdefault(s.planned_date, []).append(s.label)
            names = "，".join(
                f"{dates.format_date(day)}{'、'.join(labels)}" for day, labels in days.items()
            )
            soon.append(
                Reminder(AREA, "due", f"{appraisal.title}：计划{names}", PAGE, appraisal.id)
            )
    return _capped(overdue, "项评议有环节已过计划日期") + _capped(soon, "项评议近期有环节")


def _opinions(office: Office, today: date) -> list[Reminder]:
    soon_days = int(office.settings.get("oversight_due_soon_days"))
    overdue, soon = [], []
    for o in office.opinions.list(open_only=True, today=today):
        what = f"{o.topic}（送交{o.recipient}）"
        # A rectification opens its appraisal; a review opinion, itself in its tab.
        page, record = (PAGE, o.appraisal_id) if o.appraisal_id else (OPINIONS_PAGE, o.id)
        kind = "整改情况" if o.appraisal_id else "审议意见办理情况"
        late = days_overdue(o.dates, today)
        if late:
            overdue.append(
                Reminder(
                    AREA,
                    "overdue",
                    f"{what}：{kind}反馈期限{dates.format_date(o.deadline)}已过 {late} 天，"
                    "还没有书面反馈",
                    page,
                    record,
                )
            )
        elif due_soon(o.dates, today, soon_days):
            soon.append(
                Reminder(
                    AREA,
                    "due",
                    f"{what}：{kind}应在{dates.format_date(o.deadline)}前反馈",
                    page,
                    record,
                )
            )
    return _capped(overdue, "项意见逾期未反馈", OPINIONS_PAGE) + _capped(
        soon, "项意见即将到反馈期限", OPINIONS_PAGE
    )


def _capped(found: list[Reminder], more: str, page: str = PAGE) -> list[Reminder]:
    if len(found) <= LISTED:
        return found
    rest = found[LISTED:]
    return [*found[:LISTED], Reminder(AREA, rest[0].level, f"另有 {len(rest)} {more}", page)]
