"""Reminders of the work between sessions: deputies who have not reported to their voters,
stations that have not received voters for too long or lack items of the "六有" list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.core import dates
from app.core.reminders import Reminder

if TYPE_CHECKING:
    from app.office import Office


def _sample(names: list[str], total: int | None = None) -> str:
    return "、".join(names[:3]) + ("等" if (total or len(names)) > 3 else "")


def _period_start(day: date, months: int, back: int = 0) -> date:
    """First day of the period of `months` months (counted from January) holding `day`,
    or of the period `back` periods before it."""
    index = day.year * 12 + (day.month - 1) // months * months - back * months
    return date(index // 12, index % 12 + 1, 1)


def voter_report_reminders(office: Office, today: date) -> list[Reminder]:
    term = office.current_term
    if term is None:
        return []
    period = office.settings.get("voter_report_period")
    missing = office.voter_reports.not_reported(period=period, today=today)
    if not missing:
        return []
    names = [row.name for row in office.deputies.rows(missing[:3])]
    if period == "year":
        level = "due" if today.month >= 10 else "info"
        when = f"{today.year}年"
        rule = "每年至少述职一次"
    else:
        ends = dates.as_date(term.end_date) if term.end_date else None
        level = "due" if ends is not None and (ends - today).days <= 365 else "info"
        when = "本届"
        rule = "每届至少述职一次"
    return [
        Reminder(
            "代表活动",
            level,
            f"{len(missing)} 名代表{when}尚未向选民述职"
            f"（{_sample(names, len(missing))}），按规定{rule}",
            "reports",
        )
    ]


def station_reminders(office: Office, today: date) -> list[Reminder]:
    months = int(office.settings.get("station_reception_months"))
    period = "个月" if months == 1 else f"{months} 个月（一期）"
    previous = _period_start(today, months, back=1).isoformat()
    current = _period_start(today, months)
    next_start = _period_start(today, months, back=-1)
    stations = office.receptions.stations(today.year)
    missed = [s.name for s in stations if s.last_reception < previous]
    pending = [
        s.name
        for s in stations
        if previous <= s.last_reception < current.isoformat() and (next_start - today).days <= 7
    ]
    lacking = [s.name for s in stations if s.checks_done < s.checks_total]
    reminders = []
    if missed:
        reminders.append(
            Reminder(
                "联络站",
                "overdue",
                f"{len(missed)} 个联络站（点）上{period}没有接待选民（{_sample(missed)}），"
                f"按规定至少每{'月' if months == 1 else f' {months} 个月'}接待一次",
                "receptions",
            )
        )
    if pending:
        reminders.append(
            Reminder(
                "联络站",
                "due",
                f"{len(pending)} 个联络站（点）本期还没有接待选民（{_sample(pending)}），"
                f"{dates.format_date((next_start - timedelta(days=1)).isoformat())}前应安排",
                "receptions",
            )
        )
    if lacking:
        reminders.append(
            Reminder(
                "联络站",
                "info",
                f"{len(lacking)} 个联络站（点）“六有”检查项还未全部达标（{_sample(lacking)}）",
                "receptions",
            )
        )
    return reminders
