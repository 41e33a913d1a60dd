"""The home page's reminder about copies that survive the PC: when no backup left the
database's disk (a stick, the second destination on another disk) for the setting
backup_offsite_days days."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core.reminders import Reminder
from app.exchange.backup import last_offsite

if TYPE_CHECKING:
    from app.office import Office


def offsite_backup_reminders(office: Office, today: date) -> list[Reminder]:
    days = office.settings.get("backup_offsite_days")
    last = last_offsite(office)
    why = "电脑损坏、被盗或中病毒时，只有放在本机以外的备份能找回数据。"
    how = "请在“数据交换”中备份到 U 盘，或设置第二备份位置。"
    if last is None:
        text = f"还没有把备份复制到本机以外（U 盘或另一块磁盘）。{why}{how}"
        return [Reminder("备份", "due", text, page="exchange")]
    gone = (today - last.date()).days
    if gone < days:
        return []
    text = f"已有 {gone} 天没有把备份复制到本机以外（上次：{last:%Y年%m月%d日}）。{why}{how}"
    return [Reminder("备份", "due", text, page="exchange")]
