"""Reminders of the deputies' area: a term about to end, and deputies' files missing what
the registration form needs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core import dates
from app.core.reminders import Reminder

if TYPE_CHECKING:
    from app.office import Office


def term_reminders(office: Office, today: date) -> list[Reminder]:
    term = office.current_term
    if term is None or not term.end_date:
        return []
    end = date.fromisoformat(term.end_date)
    days = (end - today).days
    warn = int(office.settings.get("term_end_warning_days"))
    if days < 0:
        return [
            Reminder(
                "届次",
                "overdue",
                f"{term.name}已于{dates.format_date(term.end_date)}届满，"
                "换届后请在“基础数据—届次”中新增下一届",
                "basics",
            )
        ]
    if days <= warn:
        return [
            Reminder(
                "届次",
                "due",
                f"{term.name}将于{dates.format_date(term.end_date)}届满（还有 {days} 天），"
                "请做好换届准备",
                "basics",
            )
        ]
    return []


def deputy_record_reminders(office: Office, today: date) -> list[Reminder]:
    """Incomplete deputies' files: what the registration form needs and is blank."""
    term_id = office.current_term_id(required=False)
    if term_id is None:
        return []
    db = office.db
    checks = (
        ("身份证号码", "id_number = ''"),
        ("联系电话", "phone = ''"),
        ("照片", "id NOT IN (SELECT deputy_id FROM deputy_photos)"),
        ("代表小组", "group_id IS NULL AND is_township_deputy = 1"),
        ("选区", "constituency_id IS NULL AND is_township_deputy = 1"),
    )
    missing = []
    for label, condition in checks:
        rows = db.execute(
            f"SELECT name FROM deputies WHERE term_id = ? AND status <> 'ended' AND {condition}"
            " ORDER BY name_strokes",
            [term_id],
        ).fetchall()
        if rows:
            sample = "、".join(r[0] for r in rows[:3]) + ("等" if len(rows) > 3 else "")
            missing.append(f"{len(rows)} 名代表缺{label}（{sample}）")
    groups = db.execute(
        "SELECT name FROM deputy_groups WHERE term_id = ? AND leader_id IS NULL", [term_id]
    ).fetchall()
    reminders = [
        Reminder("代表", "info", text + "，请在名册中补全", "deputies") for text in missing
    ]
    if groups:
        names = "、".join(r[0] for r in groups)
        reminders.append(Reminder("代表", "info", f"{names}还没有指定组长", "basics"))
    return reminders


def roster_is_empty(office: Office) -> bool:
    """No deputy in the current term yet: a new office before its first roster."""
    term_id = office.current_term_id(required=False)
    if term_id is None:
        return True
    row = office.db.execute("SELECT 1 FROM deputies WHERE term_id = ? LIMIT 1", [term_id])
    return row.fetchone() is None


def first_roster_reminder(office: Office, today: date) -> list[Reminder]:
    """The one thing to do in a new office: the roster (the rest follows from it)."""
    if not roster_is_empty(office):
        return []
    return [
        Reminder(
            "代表",
            "due",
            "还没有代表名册：请在“代表名册”中导入现有的 Excel 名册或逐个新增代表",
            "deputies",
        )
    ]
