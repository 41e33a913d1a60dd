"""What the law, the settings and good order expect and is missing: shown on the home page
at start. Each area contributes a source function to `reminder_sources`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.core import dates

if TYPE_CHECKING:
    from app.office import Office

LEVELS = {"overdue": "逾期", "due": "待办", "info": "提示"}
LEVEL_ORDER = {"overdue": 0, "due": 1, "info": 2}


@dataclass(frozen=True)
class Reminder:
    area: str  # the heading it is listed under: 代表, 会议, 建议 …
    level: str  # overdue | due | info
    text: str
    page: str = ""  # the page that deals with it (a key of ui.pages.page_specs, or "file")
    record_id: int | None = None  # the record to show there (a deputy's id for "file")

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]


Source = Callable[["Office", date], list[Reminder]]


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


def reminder_sources() -> list[Source]:
    """Every area's source, in the order their reminders are listed."""
    from app.duties.reminders import station_reminders, voter_report_reminders
    from app.meetings.reminders import meeting_reminders
    from app.suggestions.reminders import suggestion_reminders

    return [
        term_reminders,
        deputy_record_reminders,
        meeting_reminders,
        suggestion_reminders,
        voter_report_reminders,
        station_reminders,
    ]


def collect(office: Office, today: date | None = None) -> list[Reminder]:
    if office.mode != "township" or not office.is_set_up:
        return []
    day = today or dates.today()
    found = [r for source in reminder_sources() for r in source(office, day)]
    return sorted(found, key=lambda r: LEVEL_ORDER[r.level])
