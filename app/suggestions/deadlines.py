"""Deadlines counted the way the rules count them: calendar months from a date ("within
three months of assignment") and working days ("returned within 7 working days").

Working days skip Saturdays and Sundays only: public holidays move every year and a
township PC has no network to learn them, so a deadline may fall a day or two early
around 春节 or 国庆 — on the safe side for the clerk."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_workdays(day: date, workdays: int) -> date:
    """The working day `workdays` after `day` (Monday to Friday)."""
    if workdays <= 0:
        return day
    # From a weekend, count as if from the Friday before.
    start = day - timedelta(days=max(day.weekday() - 4, 0))
    weeks, rest = divmod(workdays, 5)
    weekday = start.weekday()
    extra = rest + (2 if weekday + rest > 4 else 0)
    return start + timedelta(days=weeks * 7 + extra)


def iso_add_months(iso: str, months: int) -> str:
    return add_months(date.fromisoformat(iso), months).isoformat()


def iso_add_workdays(iso: str, workdays: int) -> str:
    return add_workdays(date.fromisoformat(iso), workdays).isoformat()


def days_between(start_iso: str, end: date) -> int:
    return (end - date.fromisoformat(start_iso)).days
