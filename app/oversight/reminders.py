"""Reminders at start about oversight: appraisal stages whose planned day has passed, and
opinions (review opinions, rectification) whose feedback is overdue or due soon."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core import dates
from app.core.reminders import Reminder
from app.oversight.rules import days_overdue, due_soon

if TYPE_CHECKING:
    from app.office import Office

AREA = "监督"
PAGE = "oversight"
LISTED = 5


def oversight_reminders(office: Office, today: date) -> list[Reminder]:
    return [*_stages(office, today), *_opinions(office, today)]


def _stages(office: Office, today: date) -> list[Reminder]:
    township_id = office.home_township_id(required=False)
    rows = office.db.execute(
        "SELECT p.id FROM appraisals p JOIN appraisal_stages s ON s.appraisal_id = p.id"
        " WHERE p.township_id = ? AND p.closed_date = '' AND s.planned_date <> ''"
        " AND s.done_date = '' AND s.planned_date < ? GROUP BY p.id ORDER BY min(s.planned_date)",
        [township_id, today.isoformat()],
    ).fetchall()
    found = []
    for (appraisal_id,) in rows:
        appraisal = office.appraisals.get(appraisal_id)
        # Once the rectification is sent, its deadline is followed as an opinion (below).
        sent = appraisal.rectification is not None and bool(appraisal.rectification.sent_date)
        late = [
            s for s in appraisal.stages if s.overdue(today) and not (s.stage == "rectify" and sent)
        ]
        if not late:
            continue
        names = "、".join(f"“{s.label}”（计划{dates.format_date(s.planned_date)}）" for s in late)
        found.append(
            Reminder(
                AREA,
                "overdue",
                f"{appraisal.title}：{names}已过计划日期，还没有登记完成",
                PAGE,
                appraisal_id,
            )
        )
    return _capped(found, "项评议有环节已过计划日期")


def _opinions(office: Office, today: date) -> list[Reminder]:
    soon_days = int(office.settings.get("oversight_due_soon_days"))
    overdue, soon = [], []
    for o in office.opinions.list(open_only=True, today=today):
        what = f"{o.topic}（送交{o.recipient}）"
        page_id = o.appraisal_id if o.appraisal_id else None
        kind = "整改情况" if o.appraisal_id else "审议意见办理情况"
        late = days_overdue(o.dates, today)
        if late:
            overdue.append(
                Reminder(
                    AREA,
                    "overdue",
                    f"{what}：{kind}反馈期限{dates.format_date(o.deadline)}已过 {late} 天，"
                    "还没有书面反馈",
                    PAGE,
                    page_id,
                )
            )
        elif due_soon(o.dates, today, soon_days):
            soon.append(
                Reminder(
                    AREA,
                    "due",
                    f"{what}：{kind}应在{dates.format_date(o.deadline)}前反馈",
                    PAGE,
                    page_id,
                )
            )
    return _capped(overdue, "项意见逾期未反馈") + _capped(soon, "项意见即将到反馈期限")


def _capped(found: list[Reminder], more: str) -> list[Reminder]:
    if len(found) <= LISTED:
        return found
    rest = found[LISTED:]
    return [*found[:LISTED], Reminder(AREA, rest[0].level, f"另有 {len(rest)} {more}", PAGE)]
