"""The year's work plan (年度工作要点): one plan per township and year, adopted at a
presidium meeting, and its items. An item becomes the meeting or activity it planned when
that happens: created from the item through office.meetings / office.activities (so it
passes their checks) and linked both ways (the item names its record; `item_for` finds
the item of a record). The rules are in app/plans/rules.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NewType

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso
from app.plans.rules import (
    ACTIVITY_KINDS,
    ADOPTING_KINDS,
    KINDS,
    MEETING_KINDS,
    STATUS,
    MonthError,
    item_status,
    kind_code,
    parse_month,
    plan_title,
    record_kind,
)

if TYPE_CHECKING:
    from app.office import Office

PlanId = NewType("PlanId", int)
PlanItemId = NewType("PlanItemId", int)

SUBJECT_MAX = 100
LEAD_MAX = 40
NOTE_MAX = 500
ITEM_FIELDS = ("month", "date", "kind", "subject", "lead", "note")


@dataclass(frozen=True)
class WorkPlan:
    id: PlanId
    uuid: str
    township_id: int
    year: int
    title: str
    adopted_meeting_id: int | None = None
    note: str = ""
    adopted_title: str = ""  # the meeting's title
    adopted_date: str = ""

    @property
    def adopted_label(self) -> str:
        if not self.adopted_meeting_id:
            return "尚未提请主席团会议通过"
        return f"经{self.adopted_title}（{dates.format_date(self.adopted_date)}）通过"


@dataclass(frozen=True)
class PlanItem:
    id: PlanItemId
    uuid: str
    plan_id: PlanId
    year: int
    month: int
    date: str
    kind: str
    subject: str
    lead: str = ""
    meeting_id: int | None = None
    activity_id: int | None = None
    done_date: str = ""
    done_note: str = ""
    note: str = ""
    status: str = "pending"
    record_title: str = ""  # the linked meeting's or activity's title
    record_date: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUS[self.status]

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def when_label(self) -> str:
        """'3月' or '3月12日'"""
        if self.date:
            d = date.fromisoformat(self.date)
            return f"{d.month}月{d.day}日"
        return f"{self.month}月"

    @property
    def becomes(self) -> str:
        """What it becomes: "meeting", "activity" or "" (marked done by hand)."""
        return record_kind(self.kind)

    @property
    def record_label(self) -> str:
        """What it became, in words: '会议：……（2026年3月12日）'."""
        if self.meeting_id:
            return f"会议：{self.record_title}（{dates.format_date(self.record_date)}）"
        if self.activity_id:
            return f"活动：{self.record_title}（{dates.format_date(self.record_date)}）"
        if self.done_date:
            note = f"，{self.done_note}" if self.done_note else ""
            return f"{dates.format_date(self.done_date)}完成{note}"
        return ""

    def form_values(self) -> dict[str, Any]:
        return {
            "month": str(self.month),
            "date": self.date,
            "kind": self.kind,
            "subject": self.subject,
            "lead": self.lead,
            "note": self.note,
        }


@dataclass(frozen=True)
class PlanSummary:
    year: int
    total: int
    done: int
    arranged: int
    pending: int
    overdue: int

    @property
    def not_done(self) -> int:
        return self.total - self.done

    @property
    def text(self) -> str:
        if not self.total:
            return f"{self.year}年工作要点还没有事项"
        return (
            f"{self.year}年工作要点共 {self.total} 项：已完成 {self.done} 项，"
            f"未完成 {self.not_done} 项（其中逾期 {self.overdue} 项）"
        )


_ITEM_SQL = (
    "SELECT i.*, p.year, coalesce(m.title, a.topic, '') AS record_title,"
    " coalesce(m.start_date, a.date, '') AS record_date, m.status AS meeting_status"
    " FROM plan_items i JOIN work_plans p ON p.id = i.plan_id"
    " LEFT JOIN meetings m ON m.id = i.meeting_id"
    " LEFT JOIN activities a ON a.id = i.activity_id"
)
_ITEM_ORDER = " ORDER BY i.month, CASE WHEN i.date = '' THEN 1 ELSE 0 END, i.date, i.id"


class Plans:
    """office.plans"""

    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- reading ----------------------------------------------------------------------

    def _plan(self, where: str, params: list[Any]) -> WorkPlan | None:
        rows = list(
            self._office.db.query(
                "SELECT p.*, coalesce(m.title, '') AS adopted_title,"
                " coalesce(m.start_date, '') AS adopted_date FROM work_plans p"
                f" LEFT JOIN meetings m ON m.id = p.adopted_meeting_id WHERE {where}",
                params,
            )
        )
        return from_row(WorkPlan, rows[0]) if rows else None

    def get(self, plan_id: int) -> WorkPlan:
        plan = self._plan("p.id = ?", [plan_id])
        if plan is None:
            raise NotFound(f"找不到编号为 {plan_id} 的年度工作要点")
        return plan

    def for_year(self, year: int, *, township_id: int | None = None) -> WorkPlan | None:
        tid = township_id or self._office.home_township_id()
        return self._plan("p.township_id = ? AND p.year = ?", [tid, year])

    def years(self, *, township_id: int | None = None) -> list[int]:
        """Years that have a plan, latest first."""
        tid = township_id or self._office.home_township_id()
        rows = self._office.db.execute(
            "SELECT year FROM work_plans WHERE township_id = ? ORDER BY year DESC", [tid]
        ).fetchall()
        return [r[0] for r in rows]

    def _item(self, row: dict[str, Any], today: date) -> PlanItem:
        held = None if row.get("meeting_id") is None else row.get("meeting_status") == "held"
        status = item_status(
            year=row["year"],
            month=row["month"],
            day=row["date"] or (row["record_date"] if row.get("meeting_id") else ""),
            done_date=row["done_date"],
            meeting_held=held,
            has_activity=row.get("activity_id") is not None,
            today=today,
        )
        return from_row(PlanItem, {**row, "status": status})

    def items(self, plan_id: int, *, today: date | None = None) -> list[PlanItem]:
        """The plan's items by month (dated ones first within a month)."""
        day = today or dates.today()
        rows = self._office.db.query(_ITEM_SQL + " WHERE i.plan_id = ?" + _ITEM_ORDER, [plan_id])
        return [self._item(r, day) for r in rows]

    def year_items(
        self, year: int, *, township_id: int | None = None, today: date | None = None
    ) -> list[PlanItem]:
        plan = self.for_year(year, township_id=township_id)
        return self.items(plan.id, today=today) if plan else []

    def item(self, item_id: int, *, today: date | None = None) -> PlanItem:
        rows = list(self._office.db.query(_ITEM_SQL + " WHERE i.id = ?", [item_id]))
        if not rows:
            raise NotFound(f"找不到编号为 {item_id} 的工作要点事项")
        return self._item(rows[0], today or dates.today())

    def item_for(
        self, *, meeting_id: int | None = None, activity_id: int | None = None
    ) -> PlanItem | None:
        """The plan item a meeting or activity carries out (the link's other direction)."""
        column, value = ("meeting_id", meeting_id) if meeting_id else ("activity_id", activity_id)
        row = self._office.db.execute(
            f"SELECT id FROM plan_items WHERE {column} = ?", [value]
        ).fetchone()
        return self.item(row[0]) if row else None

    def summary(
        self, year: int, *, township_id: int | None = None, today: date | None = None
    ) -> PlanSummary:
        counts = Counter(
            i.status for i in self.year_items(year, township_id=township_id, today=today)
        )
        return PlanSummary(
            year=year,
            total=sum(counts.values()),
            done=counts["done"],
            arranged=counts["arranged"],
            pending=counts["pending"],
            overdue=counts["overdue"],
        )

    # ---- the plan ---------------------------------------------------------------------

    def _check_year(self, year: object) -> int:
        try:
            value = int(str(year).strip())
            if not 1950 <= value <= 2200:
                raise ValueError
        except ValueError:
            raise ValidationError({"year": f"“{year}”不是有效年份，请填写如 2026"}) from None
        return value

    def create(
        self, *, year: int, title: str = "", note: str = "", township_id: int | None = None
    ) -> WorkPlan:
        """Start the year's plan (its items are added one by one)."""
        tid = township_id or self._office.home_township_id()
        value = self._check_year(year)
        if self.for_year(value, township_id=tid) is not None:
            raise ValidationError({"year": f"{value}年的工作要点已经建立，请直接添加事项"})
        township = self._office.townships.get(tid)
        clean = clean_text(title) or plan_title(township.name, value)
        if len(clean) > 60:
            raise ValidationError({"title": "标题不能超过 60 个字"})
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO work_plans (uuid, township_id, year, title, note)"
                " VALUES (?, ?, ?, ?, ?)",
                [new_uuid(), tid, value, clean, clean_text(note)],
            )
        return self.get(cursor.lastrowid)

    def ensure(self, year: int, *, township_id: int | None = None) -> WorkPlan:
        return self.for_year(year, township_id=township_id) or self.create(
            year=year, township_id=township_id
        )

    def update(self, plan_id: int, *, title: str, note: str = "") -> WorkPlan:
        self.get(plan_id)
        clean = clean_text(title)
        if not clean:
            raise ValidationError({"title": "请填写标题，如“清溪镇人大2026年工作要点”"})
        if len(clean) > 60:
            raise ValidationError({"title": "标题不能超过 60 个字"})
        with self._office.transaction() as db:
            db.execute(
                "UPDATE work_plans SET title = ?, note = ?, updated_at = ? WHERE id = ?",
                [clean, clean_text(note), now_iso(), plan_id],
            )
        return self.get(plan_id)

    def adopt(self, plan_id: int, *, meeting_id: int | None) -> WorkPlan:
        """Record the meeting that adopted the plan (None: not adopted yet). It must be a
        presidium meeting (or a session) of the township, held in the plan's year or the
        December before."""
        plan = self.get(plan_id)
        if meeting_id is not None:
            try:
                meeting = self._office.meetings.get(meeting_id)
            except NotFound:
                raise ValidationError({"meeting_id": "所选会议不存在，请重新选择"}) from None
            if meeting.kind not in ADOPTING_KINDS or meeting.township_id != plan.township_id:
                raise ValidationError(
                    {
                        "meeting_id": "年度工作要点应提请本镇主席团会议（或人民代表大会）讨论通过，"
                        "请选择主席团会议"
                    }
                )
            if not (
                meeting.year == plan.year
                or (meeting.year == plan.year - 1 and meeting.start_date[5:7] == "12")
            ):
                raise ValidationError(
                    {
                        "meeting_id": f"“{meeting.title}”召开于"
                        f"{dates.format_date(meeting.start_date)}，不能通过{plan.year}年的"
                        f"工作要点，请选择{plan.year}年（或上一年12月）召开的主席团会议"
                    }
                )
        with self._office.transaction() as db:
            db.execute(
                "UPDATE work_plans SET adopted_meeting_id = ?, updated_at = ? WHERE id = ?",
                [meeting_id, now_iso(), plan_id],
            )
        return self.get(plan_id)

    def adopting_meetings(self, plan_id: int) -> list[tuple[int, str, str]]:
        """(id, title, date) of the meetings that may adopt the plan."""
        plan = self.get(plan_id)
        rows = self._office.db.execute(
            "SELECT id, title, start_date FROM meetings WHERE township_id = ?"
            " AND kind IN ('presidium', 'session')"
            " AND (substr(start_date, 1, 4) = ? OR substr(start_date, 1, 7) = ?)"
            " ORDER BY start_date",
            [plan.township_id, str(plan.year), f"{plan.year - 1}-12"],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def delete(self, plan_id: int) -> None:
        """Delete a plan and its items (the meetings and activities they became stay)."""
        self.get(plan_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM work_plans WHERE id = ?", [plan_id])

    # ---- items ------------------------------------------------------------------------

    def check_item(self, values: dict[str, Any], *, year: int) -> tuple[dict[str, Any], dict]:
        """Clean an item's form: (values, errors by field). Writes nothing."""
        unknown = set(values) - set(ITEM_FIELDS)
        if unknown:
            raise TypeError(f"unknown plan item fields: {sorted(unknown)}")
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        kind = kind_code(values.get("kind"))
        if kind is None:
            errors["kind"] = (
                f"“{values.get('kind') or ''}”不是工作要点的类型，请选择："
                + "、".join(KINDS.values())
                if clean_text(values.get("kind"))
                else "请选择事项类型，如 视察、主席团会议"
            )
        clean["kind"] = kind or ""
        try:
            day = dates.parse_date(str(values.get("date") or ""))
        except dates.DateError as exc:
            errors["date"] = str(exc)
            day = ""
        if day and int(day[:4]) != year:
            errors["date"] = (
                f"{dates.format_date(day)}不在{year}年内：这是{year}年的工作要点，"
                f"请核对年份，或把它列入{day[:4]}年的工作要点"
            )
        clean["date"] = day
        month: int | None = None
        try:
            typed_year, month = parse_month(values.get("month"))
            if typed_year is not None and typed_year != year:
                errors["month"] = (
                    f"{typed_year}年{month}月不在{year}年内：这是{year}年的工作要点，"
                    f"请核对年份，或把它列入{typed_year}年的工作要点"
                )
        except MonthError as exc:
            errors["month"] = str(exc)
        if day and "date" not in errors:
            if month is not None and month != int(day[5:7]) and "month" not in errors:
                errors["month"] = f"月份（{month}月）与日期（{dates.format_date(day)}）不一致"
            month = int(day[5:7])
        if month is None and "month" not in errors and "date" not in errors:
            errors["month"] = "请填写计划在几月份进行（1 到 12），或填写具体日期"
        clean["month"] = month or 0
        subject = clean_text(values.get("subject"))
        if not subject:
            errors["subject"] = "请填写事项内容，如“视察全镇农村饮水安全工程”"
        elif len(subject) > SUBJECT_MAX:
            errors["subject"] = f"事项内容不能超过 {SUBJECT_MAX} 个字（现在 {len(subject)} 个字）"
        clean["subject"] = subject
        lead = clean_text(values.get("lead"))
        if len(lead) > LEAD_MAX:
            errors["lead"] = f"牵头负责不能超过 {LEAD_MAX} 个字"
        clean["lead"] = lead
        note = clean_text(values.get("note"))
        if len(note) > NOTE_MAX:
            errors["note"] = f"备注不能超过 {NOTE_MAX} 个字"
        clean["note"] = note
        return clean, errors

    def add_item(self, *, year: int, township_id: int | None = None, **values: Any) -> PlanItem:
        """Add an item to the year's plan (the plan is started if the year has none)."""
        value = self._check_year(year)
        clean, errors = self.check_item(values, year=value)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            plan = self.ensure(value, township_id=township_id)
            columns = ["uuid", "plan_id", *clean]
            cursor = db.execute(
                f"INSERT INTO plan_items ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})",
                [new_uuid(), plan.id, *clean.values()],
            )
        return self.item(cursor.lastrowid)

    def update_item(self, item_id: int, **values: Any) -> PlanItem:
        current = self.item(item_id)
        merged = {**current.form_values(), **values}
        if "date" in values and values["date"] and "month" not in values:
            merged["month"] = ""
        clean, errors = self.check_item(merged, year=current.year)
        linked = current.meeting_id or current.activity_id
        if linked and clean["kind"] != current.kind and "kind" not in errors:
            errors["kind"] = (
                f"这一事项已转为{current.record_label}，不能再改类型；如确需更改，请先取消关联"
            )
        if errors:
            raise ValidationError(errors)
        assignments = ", ".join(f"{c} = ?" for c in clean)
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE plan_items SET {assignments}, updated_at = ? WHERE id = ?",
                [*clean.values(), now_iso(), item_id],
            )
        return self.item(item_id)

    def delete_item(self, item_id: int) -> None:
        self.item(item_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM plan_items WHERE id = ?", [item_id])

    def mark_done(self, item_id: int, *, date: str, note: str = "") -> PlanItem:
        """Mark an item done by hand (a round of reports to voters, other work)."""
        item = self.item(item_id)
        errors: dict[str, str] = {}
        try:
            day = dates.parse_date(str(date or ""))
        except dates.DateError as exc:
            errors["date"] = str(exc)
            day = ""
        if not day and "date" not in errors:
            errors["date"] = "请填写完成日期"
        elif day and day > dates.today().isoformat():
            errors["date"] = "完成日期不能晚于今天"
        elif day and int(day[:4]) not in (item.year, item.year + 1):
            errors["date"] = f"完成日期应在{item.year}年内（或次年年初补记），请核对"
        clean_note = clean_text(note)
        if len(clean_note) > NOTE_MAX:
            errors["note"] = f"完成情况不能超过 {NOTE_MAX} 个字"
        if item.meeting_id or item.activity_id:
            errors["date"] = (
                f"这一事项已转为{item.record_label}，完成情况以该记录为准，无需另行标记"
            )
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE plan_items SET done_date = ?, done_note = ?, updated_at = ? WHERE id = ?",
                [day, clean_note, now_iso(), item_id],
            )
        return self.item(item_id)

    def mark_not_done(self, item_id: int) -> PlanItem:
        self.item(item_id)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE plan_items SET done_date = '', done_note = '', updated_at = ? WHERE id = ?",
                [now_iso(), item_id],
            )
        return self.item(item_id)

    # ---- from the plan to the record --------------------------------------------------

    def _check_linkable(self, item: PlanItem, target: str) -> None:
        if item.meeting_id or item.activity_id:
            raise ValidationError({"item": f"这一事项已转为{item.record_label}，不能重复办理"})
        if item.becomes != target:
            wanted = {"meeting": "会议", "activity": "代表活动"}
            what = wanted.get(item.becomes)
            raise ValidationError(
                {
                    "item": f"“{item.kind_label}”类事项"
                    + (
                        f"应转为{what}"
                        if what
                        else "没有对应的会议或活动记录，完成后请标记为已完成"
                    )
                }
            )

    def carry_out(self, item_id: int, **values: Any) -> PlanItem:
        """The item happens: create its meeting (office.meetings.add) or activity
        (office.activities.add) from the item and link them, in one transaction. `values`
        are that record's fields; the kind (and the topic or title, unless given) come
        from the item."""
        item = self.item(item_id)
        target = item.becomes
        self._check_linkable(item, target or "none")
        when = values.get("start_date") or values.get("date") or item.date
        if when:
            try:
                iso = dates.parse_date(str(when))
            except dates.DateError:
                iso = ""
            if iso and int(iso[:4]) != item.year:
                key = "start_date" if target == "meeting" else "date"
                raise ValidationError(
                    {
                        key: f"{dates.format_date(iso)}不在{item.year}年内：这一事项列在"
                        f"{item.year}年的工作要点中，请核对日期"
                    }
                )
        with self._office.transaction() as db:
            if target == "meeting":
                fields = {"start_date": when, **values, "kind": MEETING_KINDS[item.kind]}
                if item.kind == "group" and not fields.get("title"):
                    fields.pop("title", None)
                meeting = self._office.meetings.add(**fields)
                if meeting.kind in ("session", "presidium"):
                    self._office.meetings.add_agenda_items(meeting.id, [(item.subject, item.lead)])
                db.execute(
                    "UPDATE plan_items SET meeting_id = ?, updated_at = ? WHERE id = ?",
                    [meeting.id, now_iso(), item_id],
                )
            else:
                fields = {"date": when, "topic": item.subject, **values}
                fields["kind"] = ACTIVITY_KINDS[item.kind]
                activity = self._office.activities.add(**fields)
                db.execute(
                    "UPDATE plan_items SET activity_id = ?, updated_at = ? WHERE id = ?",
                    [activity.id, now_iso(), item_id],
                )
        return self.item(item_id)

    def link(
        self, item_id: int, *, meeting_id: int | None = None, activity_id: int | None = None
    ) -> PlanItem:
        """Link an item to a meeting or activity already recorded."""
        item = self.item(item_id)
        target = "meeting" if meeting_id else "activity"
        self._check_linkable(item, target)
        if meeting_id:
            record = self._office.meetings.get(meeting_id)
            day, kind_ok = record.start_date, record.kind == MEETING_KINDS[item.kind]
            label = record.title
        else:
            record = self._office.activities.get(activity_id or 0)
            day, kind_ok = record.date, record.kind == ACTIVITY_KINDS[item.kind]
            label = record.topic
        if not kind_ok:
            raise ValidationError({"item": f"“{label}”与事项类型“{item.kind_label}”不符"})
        if int(day[:4]) != item.year:
            raise ValidationError(
                {"item": f"“{label}”在{dates.format_date(day)}，不在{item.year}年内"}
            )
        column = "meeting_id" if meeting_id else "activity_id"
        taken = self._office.db.execute(
            f"SELECT id FROM plan_items WHERE {column} = ?", [meeting_id or activity_id]
        ).fetchone()
        if taken:
            raise ValidationError({"item": f"“{label}”已关联另一项工作要点"})
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE plan_items SET {column} = ?, updated_at = ? WHERE id = ?",
                [meeting_id or activity_id, now_iso(), item_id],
            )
        return self.item(item_id)

    def unlink(self, item_id: int) -> PlanItem:
        """Undo the link (the meeting or activity itself stays)."""
        self.item(item_id)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE plan_items SET meeting_id = NULL, activity_id = NULL, updated_at = ?"
                " WHERE id = ?",
                [now_iso(), item_id],
            )
        return self.item(item_id)
