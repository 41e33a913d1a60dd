"""Reminders of suggestion handling shown at start: replies overdue or due soon (and the
units that owe them), items waiting to be assigned, reassigned, re-handled or closed,
rating forms not back in time, B and C items still followed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.core import dates
from app.core.records import placeholders
from app.core.reminders import Reminder
from app.suggestions.deadlines import add_workdays
from app.suggestions.rules import DUE_STATUSES

if TYPE_CHECKING:
    from app.office import Office

AREA = "建议"
PAGE = "suggestions"
LISTED = 8  # items named one by one; more are summed up


def _items(
    office: Office, where: str, params: list, order: str = "s.deadline"
) -> list[tuple[int, str, str, str, str]]:
    return office.db.execute(
        "SELECT s.id, s.number, s.title, coalesce(u.name, ''), s.deadline FROM suggestions s"
        " LEFT JOIN handling_units u ON u.id = s.lead_unit_id"
        f" WHERE s.township_id = ? AND {where} ORDER BY {order}, s.id",
        [office.home_township_id(), *params],
    ).fetchall()


def _listed(rows: list, level: str, text: Callable[[tuple], str], rest: str) -> list[Reminder]:
    """One reminder per item up to LISTED, then one line for the rest."""
    out = [Reminder(AREA, level, text(row), PAGE, row[0]) for row in rows[:LISTED]]
    if len(rows) > LISTED:
        out.append(Reminder(AREA, level, rest.format(n=len(rows) - LISTED), PAGE))
    return out


def suggestion_reminders(office: Office, today: date) -> list[Reminder]:
    iso = today.isoformat()
    due = placeholders(len(DUE_STATUSES))
    reminders: list[Reminder] = []

    overdue = _items(office, f"s.status IN ({due}) AND s.deadline < ?", [*DUE_STATUSES, iso])
    reminders += _listed(
        overdue,
        "overdue",
        lambda r: (
            f"{r[1]}《{r[2]}》{r[3]}逾期未答复（期限{dates.format_date(r[4])}，"
            f"已超过 {(today - date.fromisoformat(r[4])).days} 天），请督办"
        ),
        "另有 {n} 件建议逾期未答复",
    )
    if overdue:
        per_unit: dict[str, int] = {}
        for row in overdue:
            per_unit[row[3]] = per_unit.get(row[3], 0) + 1
        listing = "、".join(
            f"{unit} {n} 件" for unit, n in sorted(per_unit.items(), key=lambda x: -x[1])
        )
        reminders.append(Reminder(AREA, "overdue", f"逾期未答复的承办单位：{listing}", PAGE))

    soon = (
        today + timedelta(days=int(office.settings.get("suggestion_due_soon_days")))
    ).isoformat()
    reminders += _listed(
        _items(
            office,
            f"s.status IN ({due}) AND s.deadline BETWEEN ? AND ?",
            [*DUE_STATUSES, iso, soon],
        ),
        "due",
        lambda r: (
            f"{r[1]}《{r[2]}》{r[3]}应于{dates.format_date(r[4])}前答复"
            f"（还有 {(date.fromisoformat(r[4]) - today).days} 天）"
        ),
        "另有 {n} 件建议即将到答复期限",
    )

    # Between sessions a suggestion is assigned within 5 working days of receipt.
    workdays = int(office.settings.get("suggestion_assign_workdays"))
    waiting = [
        row
        for row in office.db.execute(
            "SELECT id, number, title, received_date FROM suggestions"
            " WHERE township_id = ? AND status IN ('registered', 'accepted')"
            " AND kind = 'suggestion' ORDER BY received_date, id",
            [office.home_township_id()],
        )
        if add_workdays(date.fromisoformat(row[3]), workdays) < today
    ]
    reminders += _listed(
        waiting,
        "due",
        lambda r: (
            f"{r[1]}《{r[2]}》{dates.format_date(r[3])}收到，已超过 {workdays} 个工作日尚未交办"
        ),
        "另有 {n} 件建议尚未交办",
    )
    reminders += _listed(
        _items(office, "s.status = 'returned'", [], "s.updated_at"),
        "due",
        lambda r: f"{r[1]}《{r[2]}》已被退回，请重新交办",
        "另有 {n} 件退回的建议待重新交办",
    )
    reminders += _listed(
        _items(office, "s.status = 'unsatisfied' AND s.round = 1", [], "s.updated_at"),
        "due",
        lambda r: f"{r[1]}《{r[2]}》代表不满意，请交承办单位重新办理",
        "另有 {n} 件代表不满意的建议待重新办理",
    )
    late_forms = _items(
        office, "s.status = 'consulting' AND s.feedback_due < ?", [iso], "s.feedback_due"
    )
    reminders += _listed(
        late_forms,
        "due",
        lambda r: f"{r[1]}《{r[2]}》的征询意见表逾期未收回，请催收",
        "另有 {n} 件建议的征询意见表逾期未收回",
    )
    ready = office.db.execute(
        "SELECT count(*) FROM suggestions WHERE township_id = ?"
        " AND (status = 'rated' OR (status = 'unsatisfied' AND round > 1))",
        [office.home_township_id()],
    ).fetchone()[0]
    if ready:
        reminders.append(Reminder(AREA, "info", f"{ready} 件建议已收回征询意见，可以办结", PAGE))
    solved = office.suggestions.classes()[0][0]
    followed = office.db.execute(
        "SELECT count(*) FROM suggestions WHERE township_id = ? AND status = 'closed'"
        " AND result_class NOT IN ('', ?)",
        [office.home_township_id(), solved],
    ).fetchone()[0]
    if followed:
        reminders.append(
            Reminder(
                AREA,
                "info",
                f"{followed} 件列入计划或留作参考的建议需继续跟踪落实，解决后请跟踪答复",
                PAGE,
            )
        )
    return reminders
