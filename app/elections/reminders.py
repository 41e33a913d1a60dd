"""Reminders at start about the congress's votes on who leaves: a resignation or a recall
put to a session whose day has passed, with no vote recorded (the register waits for it)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core import dates
from app.core.reminders import Reminder

if TYPE_CHECKING:
    from app.office import Office

AREA = "任职与选举"
PAGE = "meetings"


def removal_reminders(office: Office, today: date) -> list[Reminder]:
    found = []
    for r in office.elections.removals.list():
        if r.voted or r.meeting_date >= today.isoformat():
            continue
        found.append(
            Reminder(
                AREA,
                "due",
                f"{r.motion_title}已提请{r.meeting_title}（{dates.format_date(r.meeting_date)}）"
                "表决，尚未登记表决结果；登记后任职登记才会更新",
                PAGE,
                r.meeting_id,
            )
        )
    return found
