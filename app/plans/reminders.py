"""Reminders at start about the year's work plan: no plan for this year (or not adopted)
once its month has come, and items whose month has passed without being done; groups'
plans; and, after 换届, the old posts still open and the new presidium not yet elected."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core import dates
from app.core.reminders import Reminder
from app.elections.officials import OfficialQuery

if TYPE_CHECKING:
    from app.office import Office

AREA = "工作要点"
PAGE = "plans"
LISTED_OVERDUE = 5


def plan_reminders(office: Office, today: date) -> list[Reminder]:
    plan = office.plans.for_year(today.year)
    due_month = int(office.settings.get("work_plan_due_month"))
    if plan is None:
        if today.month < due_month:
            return [
                Reminder(
                    AREA,
                    "info",
                    f"{today.year}年工作要点还没有录入，请在{due_month}月底前"
                    "制定并提请主席团会议通过",
                    PAGE,
                )
            ]
        return [
            Reminder(
                AREA,
                "overdue",
                f"{today.year}年工作要点还没有录入（按设置应在{due_month}月底前"
                "提请主席团会议通过）",
                PAGE,
            )
        ]
    found: list[Reminder] = []
    if plan.adopted_meeting_id is None and today.month > due_month:
        found.append(
            Reminder(
                AREA,
                "due",
                f"{plan.title}还没有记录由哪次主席团会议通过，请在“年度工作”页选择通过它的会议",
                PAGE,
                plan.id,
            )
        )
    items = office.plans.items(plan.id, today=today)
    late = [i for i in items if i.status == "overdue"]
    for item in late[:LISTED_OVERDUE]:
        found.append(
            Reminder(
                AREA,
                "overdue",
                f"{item.when_label}计划的“{item.subject}”（{item.kind_label}）还没有办理",
                PAGE,
                item.id,
            )
        )
    if len(late) > LISTED_OVERDUE:
        found.append(
            Reminder(
                AREA,
                "overdue",
                f"另有 {len(late) - LISTED_OVERDUE} 项工作要点已过计划月份，还没有办理",
                PAGE,
                plan.id,
            )
        )
    this_month = [i for i in items if i.month == today.month and i.status == "pending"]
    if this_month:
        found.append(
            Reminder(
                AREA,
                "due",
                f"本月工作要点还有 {len(this_month)} 项待办："
                + "、".join(f"“{i.subject}”" for i in this_month[:3])
                + ("等" if len(this_month) > 3 else ""),
                PAGE,
                this_month[0].id,
            )
        )
    return found


def group_plan_reminders(office: Office, today: date) -> list[Reminder]:
    """Deputy groups without this year's plan (once the plan's month has passed) and, in
    the first quarter, without last year's summary."""
    due_month = int(office.settings.get("work_plan_due_month"))
    found: list[Reminder] = []
    if today.month > due_month:
        missing = office.group_plans.missing(today.year)
        if missing:
            names = "、".join(g.group_name for g in missing)
            found.append(
                Reminder(AREA, "due", f"{names}还没有{today.year}年活动计划，请帮助小组制定", PAGE)
            )
    if today.month <= 3:
        missing = office.group_plans.missing(today.year - 1, summaries=True)
        if missing:
            names = "、".join(g.group_name for g in missing)
            found.append(Reminder(AREA, "due", f"{names}还没有{today.year - 1}年工作总结", PAGE))
    return found


def new_term_reminders(office: Office, today: date) -> list[Reminder]:
    """After 换届: the earlier term's posts still open once the new term has begun, and
    the new presidium not yet elected (where the office keeps the officials' register)."""
    current = office.current_term
    if current is None or current.start_date > today.isoformat():
        return []
    found: list[Reminder] = []
    still_open = office.new_term.old_posts_open()
    if still_open:
        found.append(
            Reminder(
                "换届",
                "due",
                f"{current.name}已于{dates.format_date(current.start_date)}开始，上一届还有 "
                f"{len(still_open)} 项任职没有按届满结束，请在“年度工作—换届”中结束",
                PAGE,
            )
        )
    earlier = [t for t in office.terms.list(current.township_id) if t.number < current.number]
    used_register = any(
        h.term_id in {t.id for t in earlier}
        for h in office.officials.list(OfficialQuery(township_id=current.township_id))
    )
    if used_register and not office.new_term.presidium().elected:
        found.append(
            Reminder(
                "换届",
                "due",
                f"{current.name}主席团尚未产生：请在“任职与选举”中登记{current.name}"
                "人民代表大会第一次会议的选举结果",
                "officials",
            )
        )
    return found
