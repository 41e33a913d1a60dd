"""Reminders at start about meetings the law and the settings expect and are missing:
this year's sessions, this period's presidium meeting, groups without an activity, and
meetings whose day has passed but that are not yet recorded as held."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.core import dates
from app.core.reminders import Reminder
from app.meetings.rules import period_label, period_of

if TYPE_CHECKING:
    from app.office import Office

AREA = "会议"
PAGE = "meetings"
LISTED_OVERDUE = 5


def meeting_reminders(office: Office, today: date) -> list[Reminder]:
    term = office.current_term
    if term is None:
        return []
    return [
        *_sessions(office, term.id, today),
        *_presidium(office, term.id, today),
        *_groups(office, term.id, today),
        *_not_recorded(office, term.id, today),
    ]


def _count(office: Office, term_id: int, kind: str, start: date, end: date) -> int:
    return office.db.execute(
        "SELECT count(*) FROM meetings WHERE term_id = ? AND kind = ? AND start_date >= ?"
        " AND start_date < ?",
        [term_id, kind, start.isoformat(), end.isoformat()],
    ).fetchone()[0]


def _sessions(office: Office, term_id: int, today: date) -> list[Reminder]:
    wanted = int(office.settings.get("sessions_per_year"))
    found = _count(office, term_id, "session", date(today.year, 1, 1), date(today.year + 1, 1, 1))
    if found >= wanted:
        return []
    # The law asks for at least one session a year; none by the fourth quarter is late.
    level = "overdue" if found == 0 and today.month >= 10 else "due"
    return [
        Reminder(
            AREA,
            level,
            f"今年已登记人民代表大会 {found} 次，按设置每年召开 {wanted} 次，"
            "请安排并登记下一次会议",
            PAGE,
        )
    ]


def _presidium(office: Office, term_id: int, today: date) -> list[Reminder]:
    months = int(office.settings.get("presidium_interval_months"))
    start, end = period_of(today, months)
    if _count(office, term_id, "presidium", start, end):
        return []
    before, _ = period_of(start - timedelta(days=1), months)
    late = _count(office, term_id, "presidium", before, start) == 0
    return [
        Reminder(
            AREA,
            "overdue" if late else "due",
            f"{period_label(today, months)}还没有召开主席团会议（按设置每 {months} 个月召开一次）"
            + ("，上一期也没有召开" if late else ""),
            PAGE,
        )
    ]


def _groups(office: Office, term_id: int, today: date) -> list[Reminder]:
    months = int(office.settings.get("group_activity_interval_months"))
    start, end = period_of(today, months)
    rows = office.db.execute(
        "SELECT g.name FROM deputy_groups g WHERE g.term_id = ? AND NOT EXISTS ("
        " SELECT 1 FROM meetings m WHERE m.group_id = g.id AND m.kind = 'group'"
        " AND m.start_date >= ? AND m.start_date < ?) ORDER BY g.name",
        [term_id, start.isoformat(), end.isoformat()],
    ).fetchall()
    if not rows:
        return []
    names = "、".join(r[0] for r in rows)
    return [
        Reminder(
            AREA,
            "due",
            f"{names}{period_label(today, months)}还没有开展代表小组活动"
            f"（按设置每 {months} 个月至少一次）",
            PAGE,
        )
    ]


def _not_recorded(office: Office, term_id: int, today: date) -> list[Reminder]:
    rows = office.db.execute(
        "SELECT id, title, start_date FROM meetings WHERE term_id = ? AND status = 'planned'"
        " AND start_date < ? ORDER BY start_date DESC",
        [term_id, today.isoformat()],
    ).fetchall()
    reminders = [
        Reminder(
            AREA,
            "due",
            f"“{title}”（{dates.format_date(day)}）已过会议日期，请登记出席情况并记为已召开",
            PAGE,
            meeting_id,
        )
        for meeting_id, title, day in rows[:LISTED_OVERDUE]
    ]
    if len(rows) > LISTED_OVERDUE:
        reminders.append(
            Reminder(
                AREA,
                "due",
                f"另有 {len(rows) - LISTED_OVERDUE} 次会议已过会议日期，还没有记为已召开",
                PAGE,
            )
        )
    return reminders
