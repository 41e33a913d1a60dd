"""The calendar of the office's year: meetings (planned and held), activities, the work
plan's items not yet carried out, suggestions' reply deadlines, the term's dates, and the
planned stages of appraisals and the feedback deadlines of opinions (监督), read
through the areas' facades; and 本月工作, what is due this month and next in plain words,
for a clerk who is not full time (专职不专)."""

from __future__ import annotations

import calendar as month_days
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.core import dates
from app.duties.activities import ActivityQuery
from app.meetings.meetings import MeetingQuery
from app.plans.rules import month_end
from app.suggestions.records import SuggestionQuery
from app.suggestions.rules import DUE_STATUSES

if TYPE_CHECKING:
    from app.office import Office

KIND_LABELS = {
    "meeting": "会议",
    "activity": "代表活动",
    "plan": "工作要点",
    "deadline": "建议答复期限",
    "term": "届期",
    "duty": "联络站坐班",
    "oversight": "监督",
}
STATUS_LABELS = {
    "planned": "筹备中",
    "held": "已召开",
    "done": "已完成",
    "pending": "待办",
    "arranged": "已安排",
    "overdue": "逾期",
    "due": "待答复",
    "info": "",
}


@dataclass(frozen=True)
class CalendarEntry:
    date: str  # ISO day; for a plan item with only a month, the month's first day
    kind: str  # meeting | activity | plan | deadline | term | duty | oversight
    title: str
    status: str = "info"
    page: str = ""  # the page that shows the record (ui.pages.page_specs key)
    record_id: int | None = None
    whole_month: bool = False  # a plan item planned for the month, no day fixed
    what: str = ""  # the record's own kind: 主席团会议, 视察 …

    @property
    def kind_label(self) -> str:
        return self.what or KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def when_label(self) -> str:
        if self.whole_month:
            return dates.format_date(self.date[:7]) + "内"
        return dates.format_date(self.date)

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.date,
            "whole_month": self.whole_month,
            "kind": self.kind,
            "what": self.kind_label,
            "title": self.title,
            "status": self.status_label,
            "page": self.page,
            "record_id": self.record_id,
        }


@dataclass(frozen=True)
class WorkLine:
    text: str
    level: str = "due"  # overdue | due | info
    page: str = ""
    record_id: int | None = None


@dataclass(frozen=True)
class MonthWork:
    """本月工作: what is due this month (with what is overdue) and next month."""

    this_month: str  # 2026年3月
    next_month: str
    now: list[WorkLine] = field(default_factory=list)
    coming: list[WorkLine] = field(default_factory=list)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), month_end(year, month)


def parse_year_month(text: str) -> tuple[int, int]:
    """'2026-03', '2026年3月', '２０２６.３' -> (2026, 3)."""
    try:
        iso = dates.parse_partial_date(text)
    except dates.DateError:
        iso = ""
    if len(iso) != 7:
        raise dates.DateError(f"请按“2026-03”的格式填写月份，而不是“{text}”")
    return int(iso[:4]), int(iso[5:7])


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


class Calendar:
    """office.calendar"""

    def __init__(self, office: Office) -> None:
        self._office = office

    def entries(self, start: date, end: date, *, today: date | None = None) -> list[CalendarEntry]:
        """Everything from `start` to `end` (both included), by day."""
        office = self._office
        if office.mode != "township" or not office.is_set_up:
            return []
        day = today or dates.today()
        found: list[CalendarEntry] = []
        found += self._meetings(start, end)
        found += self._activities(start, end)
        found += self._plan_items(start, end, day)
        found += self._deadlines(start, end, day)
        found += self._term(start, end)
        found += self._duty(start, end)
        found += self._oversight(start, end, day)
        order = {
            "term": 0,
            "meeting": 1,
            "activity": 2,
            "plan": 3,
            "oversight": 4,
            "deadline": 5,
            "duty": 6,
        }
        return sorted(found, key=lambda e: (e.date, e.whole_month, order[e.kind], e.title))

    def month(self, year: int, month: int, *, today: date | None = None) -> list[CalendarEntry]:
        start, end = month_bounds(year, month)
        return self.entries(start, end, today=today)

    def coming(self, weeks: int = 4, *, today: date | None = None) -> list[CalendarEntry]:
        """From today for `weeks` weeks (with what is overdue before today left out)."""
        day = today or dates.today()
        return [
            e
            for e in self.entries(day, day + timedelta(days=7 * weeks - 1), today=day)
            if not e.whole_month or e.date >= day.replace(day=1).isoformat()
        ]

    # ---- sources ----------------------------------------------------------------------

    def _years(self, start: date, end: date) -> Iterable[int]:
        return range(start.year, end.year + 1)

    def _meetings(self, start: date, end: date) -> list[CalendarEntry]:
        meetings = self._office.meetings
        ids = [i for y in self._years(start, end) for i in meetings.search(MeetingQuery(year=y))]
        lo, hi = start.isoformat(), end.isoformat()
        return [
            CalendarEntry(
                r.start_date,
                "meeting",
                r.title,
                r.status,
                "meetings",
                r.id,
                what=r.kind_label,
            )
            for r in meetings.rows(ids)
            if lo <= r.start_date <= hi
        ]

    def _activities(self, start: date, end: date) -> list[CalendarEntry]:
        activities = self._office.activities
        ids = [i for y in self._years(start, end) for i in activities.search(ActivityQuery(year=y))]
        lo, hi = start.isoformat(), end.isoformat()
        return [
            CalendarEntry(r.date, "activity", r.topic, "done", "activities", r.id, what=r.kind)
            for r in activities.rows(ids)
            if lo <= r.date <= hi
        ]

    def _plan_items(self, start: date, end: date, today: date) -> list[CalendarEntry]:
        """Items not yet become a meeting or an activity (those show as themselves)."""
        found = []
        lo, hi = start.isoformat(), end.isoformat()
        for year in self._years(start, end):
            for item in self._office.plans.year_items(year, today=today):
                if item.meeting_id or item.activity_id:
                    continue
                first = date(year, item.month, 1).isoformat()
                last = month_end(year, item.month).isoformat()
                if item.date:
                    if not lo <= item.date <= hi:
                        continue
                    day, whole = item.date, False
                elif last < lo or first > hi:
                    continue
                else:
                    day, whole = max(first, lo), True
                found.append(
                    CalendarEntry(
                        day,
                        "plan",
                        item.subject,
                        item.status,
                        "plans",
                        item.id,
                        whole_month=whole,
                        what=item.kind_label,
                    )
                )
        return found

    def _deadlines(self, start: date, end: date, today: date) -> list[CalendarEntry]:
        suggestions = self._office.suggestions
        ids = [i for s in DUE_STATUSES for i in suggestions.search(SuggestionQuery(status=s))]
        lo, hi = start.isoformat(), end.isoformat()
        return [
            CalendarEntry(
                r.deadline,
                "deadline",
                f"{r.number} {r.title}" + (f"（{r.lead_unit_name}）" if r.lead_unit_name else ""),
                "overdue" if r.deadline < today.isoformat() else "due",
                "suggestions",
                r.id,
            )
            for r in suggestions.rows(ids)
            if r.deadline and lo <= r.deadline <= hi
        ]

    def _duty(self, start: date, end: date) -> list[CalendarEntry]:
        return [
            CalendarEntry(
                d.date,
                "duty",
                f"{d.station_name}：{'、'.join(d.names)}",
                "info",
                "plans",
                d.station_id,
            )
            for d in self._office.duty_roster.days(start=start.isoformat(), end=end.isoformat())
        ]

    def _oversight(self, start: date, end: date, today: date) -> list[CalendarEntry]:
        """Appraisal stages planned (测评, 整改 …) and open opinions' feedback deadlines."""
        lo, hi = start.isoformat(), end.isoformat()
        found = [
            CalendarEntry(
                p.stage.planned_date,
                "oversight",
                p.title,
                p.status(today),
                "oversight",
                p.appraisal_id,
                what=p.stage.label,
            )
            for p in self._office.appraisals.planned(lo, hi)
        ]
        for o in self._office.opinions.list(open_only=True, today=today):
            if o.deadline and lo <= o.deadline <= hi and not o.feedback_date:
                found.append(
                    CalendarEntry(
                        o.deadline,
                        "oversight",
                        f"{o.topic}（{o.recipient}）",
                        "overdue" if o.deadline < today.isoformat() else "due",
                        "oversight" if o.appraisal_id else "oversight/opinions",
                        o.appraisal_id or o.id,
                        what="整改反馈期限" if o.appraisal_id else "审议意见反馈期限",
                    )
                )
        return found

    def _in_term(self, day: date) -> bool:
        term = self._office.current_term
        return term is not None and (not term.end_date or day.isoformat() <= term.end_date)

    def _term(self, start: date, end: date) -> list[CalendarEntry]:
        term = self._office.current_term
        if term is None:
            return []
        lo, hi = start.isoformat(), end.isoformat()
        found = []
        if lo <= term.start_date <= hi:
            found.append(CalendarEntry(term.start_date, "term", f"{term.name}任期开始", "info"))
        if term.end_date and lo <= term.end_date <= hi:
            found.append(
                CalendarEntry(
                    term.end_date, "term", f"{term.name}任期届满，应完成换届选举", "pending"
                )
            )
        return found

    # ---- 本月工作 ---------------------------------------------------------------------

    def month_work(self, today: date | None = None) -> MonthWork:
        """This month's and next month's work in plain words."""
        day = today or dates.today()
        y, m = day.year, day.month
        ny, nm = next_month(y, m)
        work = MonthWork(f"{y}年{m}月", f"{ny}年{nm}月")
        office = self._office
        if office.mode != "township" or not office.is_set_up:
            return work
        # Plan items of this year's earlier months not done come first, in one line.
        late = [
            i
            for i in office.plans.year_items(y, today=day)
            if i.status == "overdue" and i.month < m
        ]
        if late:
            names = "、".join(f"{i.when_label}“{i.subject}”" for i in late[:3])
            more = f"等 {len(late)} 项" if len(late) > 3 else ""
            work.now.append(
                WorkLine(
                    f"以前月份计划的{names}{more}还没有办理，请尽快安排或说明情况",
                    "overdue",
                    "plans",
                    late[0].id,
                )
            )
        this_start, this_end = month_bounds(y, m)
        next_start, next_end = month_bounds(ny, nm)
        work.now.extend(
            self._lines(self.entries(this_start, this_end, today=day), day, "本月", this_start)
        )
        work.coming.extend(
            self._lines(self.entries(next_start, next_end, today=day), day, "下月", next_start)
        )
        return work

    def _lines(
        self, entries: list[CalendarEntry], today: date, when: str, first: date
    ) -> list[WorkLine]:
        lines: list[WorkLine] = []
        deadlines = [e for e in entries if e.kind == "deadline"]
        for e in entries:
            if e.kind == "meeting" and e.status == "planned":
                lines.append(
                    WorkLine(
                        f"{e.when_label}召开“{e.title}”：提前发通知、准备材料，会后登记出席情况",
                        "due",
                        e.page,
                        e.record_id,
                    )
                )
            elif e.kind == "plan" and e.status in ("pending", "overdue"):
                lead = ""
                item = self._office.plans.item(e.record_id or 0, today=today)
                if item.lead:
                    lead = f"，牵头：{item.lead}"
                lines.append(
                    WorkLine(
                        f"{e.when_label}：{e.title}（{e.kind_label}{lead}）",
                        "overdue" if e.status == "overdue" else "due",
                        e.page,
                        e.record_id,
                    )
                )
            elif e.kind == "term":
                lines.append(WorkLine(f"{e.when_label}：{e.title}", "due"))
            elif e.kind == "oversight" and e.status in ("pending", "overdue", "due"):
                lines.append(
                    WorkLine(
                        f"{e.when_label}：{e.title}（{e.kind_label}）",
                        "overdue" if e.status == "overdue" else "due",
                        e.page,
                        e.record_id,
                    )
                )
        duty = [e for e in entries if e.kind == "duty"]
        if duty:
            stations = len({e.record_id for e in duty})
            lines.append(
                WorkLine(
                    f"{when} {stations} 个联络站（点）共安排坐班 {len(duty)} 站次，"
                    "坐班安排表可在“年度工作—坐班安排”中打印张贴",
                    "info",
                )
            )
        elif self._in_term(first) and self._office.duty_roster.has_cycles():
            lines.append(
                WorkLine(f"{when}各联络站还没有排班，请在“年度工作—坐班安排”中按规则排班", "due")
            )
        if deadlines:
            late = [e for e in deadlines if e.status == "overdue"]
            first = min(deadlines, key=lambda e: e.date)
            text = (
                f"{when}有 {len(deadlines)} 件建议到答复期限（最早{first.when_label}），"
                "请督促承办单位按时答复"
            )
            if late:
                text += f"；其中 {len(late)} 件已过期限"
            lines.append(WorkLine(text, "overdue" if late else "due", "suggestions"))
        return lines


def days_in_month(year: int, month: int) -> int:
    return month_days.monthrange(year, month)[1]
