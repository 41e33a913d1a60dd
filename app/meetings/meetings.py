"""Meetings (会议): congress sessions, presidium meetings, group activities and other
meetings, with their agenda and minutes. Attendance, resolutions and the project vote
hang off `office.meetings` as `.attendance`, `.resolutions` and `.projects`.

The rules (names, quorum, majority) are in app/meetings/rules.py; DOMAIN.md §3 explains them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, NewType

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso, placeholders
from app.meetings.rules import (
    KIND_SHORT,
    KINDS,
    MEETING_STATUS,
    NUMBERED_KINDS,
    QUORUM_KINDS,
    TimeError,
    format_when,
    group_title,
    parse_time,
    presidium_title,
    session_title,
)

if TYPE_CHECKING:
    from app.meetings.attendance import Attendance
    from app.meetings.projects import Projects
    from app.meetings.resolutions import Resolutions
    from app.office import Office

MeetingId = NewType("MeetingId", int)

TITLE_MAX = 80
TEXT_MAX = 60
MINUTES_MAX = 50_000
OWNER_KIND = "meeting"  # attachments of a meeting


def clean_long(value: object, limit: int) -> tuple[str, str | None]:
    """Multi-line text as typed: line endings unified, trailing spaces dropped."""
    text = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    if len(text) > limit:
        return text, f"不能超过 {limit} 个字（现在 {len(text)} 个字）"
    return text, None


def clean_short(
    errors: dict[str, str], key: str, value: object, limit: int, missing: str = ""
) -> str:
    text = clean_text(value)
    if not text and missing:
        errors[key] = missing
    elif len(text) > limit:
        errors[key] = f"不能超过 {limit} 个字"
    return text


@dataclass(frozen=True)
class Meeting:
    id: MeetingId
    uuid: str
    township_id: int
    term_id: int
    kind: str
    number: int
    group_id: int | None
    title: str
    start_date: str
    start_time: str = ""
    end_date: str = ""
    end_time: str = ""
    place: str = ""
    chair: str = ""
    recorder: str = ""
    minutes: str = ""
    status: str = "planned"
    quorum_note: str = ""
    note: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return MEETING_STATUS[self.status]

    @property
    def held(self) -> bool:
        return self.status == "held"

    @property
    def year(self) -> int:
        return int(self.start_date[:4])

    @property
    def applies_quorum(self) -> bool:
        return self.kind in QUORUM_KINDS

    @property
    def when_label(self) -> str:
        """'2026年3月12日 09:00 至 3月13日 12:00'"""
        start = format_when(self.start_date, self.start_time)
        if not self.end_date and not self.end_time:
            return start
        if not self.end_date or self.end_date == self.start_date:
            return f"{start} 至 {self.end_time}" if self.end_time else start
        end = dates.format_date(self.end_date)
        if self.end_date[:4] == self.start_date[:4]:
            end = end[5:]
        return f"{start} 至 {end}" + (f" {self.end_time}" if self.end_time else "")


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meeting list, with its attendance figures."""

    id: MeetingId
    township_name: str
    kind: str
    title: str
    start_date: str
    start_time: str
    place: str
    status: str
    expected: int
    present: int
    leave: int
    absent: int
    observers: int
    resolutions: int

    @property
    def kind_label(self) -> str:
        return KIND_SHORT[self.kind]

    @property
    def status_label(self) -> str:
        return MEETING_STATUS[self.status]


@dataclass(frozen=True)
class MeetingQuery:
    """What the meeting list shows. None means no filter on that field."""

    kind: str | None = None
    year: int | None = None
    township_id: int | None = None
    term_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class AgendaItem:
    id: int
    meeting_id: int
    position: int
    title: str
    presenter: str


@dataclass(frozen=True)
class MeetingTimes:
    start_date: str
    start_time: str
    end_date: str
    end_time: str


def check_times(
    errors: dict[str, str],
    start_date: object,
    start_time: object,
    end_date: object,
    end_time: object,
) -> MeetingTimes:
    """Read the four time fields; an end before the start is refused at the end field."""
    values: dict[str, str] = {}
    for key, raw, parse in (
        ("start_date", start_date, dates.parse_date),
        ("start_time", start_time, parse_time),
        ("end_date", end_date, dates.parse_date),
        ("end_time", end_time, parse_time),
    ):
        try:
            values[key] = parse(str(raw or ""))
        except (dates.DateError, TimeError) as exc:
            errors[key] = str(exc)
            values[key] = ""
    if not values["start_date"] and "start_date" not in errors:
        errors["start_date"] = "请填写会议日期，如 2026-03-12"
    times = MeetingTimes(**values)
    if times.start_date and not errors:
        end_day = times.end_date or times.start_date
        if end_day < times.start_date:
            errors["end_date"] = "结束日期早于开始日期，请核对"
        elif (
            end_day == times.start_date
            and times.start_time
            and times.end_time
            and times.end_time <= times.start_time
        ):
            errors["end_time"] = "结束时间早于开始时间，请核对"
    return times


class Meetings:
    def __init__(self, office: Office) -> None:
        self._office = office

    # The parts load on first use: the program starts without them (start-up budget).

    @cached_property
    def attendance(self) -> Attendance:
        from app.meetings.attendance import Attendance

        return Attendance(self._office, self)

    @cached_property
    def resolutions(self) -> Resolutions:
        from app.meetings.resolutions import Resolutions

        return Resolutions(self._office, self)

    @cached_property
    def projects(self) -> Projects:
        from app.meetings.projects import Projects

        return Projects(self._office, self)

    # ---- reading ----------------------------------------------------------------------

    def get(self, meeting_id: int) -> Meeting:
        rows = list(self._office.db.query("SELECT * FROM meetings WHERE id = ?", [meeting_id]))
        if not rows:
            raise NotFound(f"找不到编号为 {meeting_id} 的会议")
        return from_row(Meeting, rows[0])

    def _where(self, query: MeetingQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        township_id = query.township_id
        if township_id is None and self._office.mode == "township":
            township_id = self._office.home_township_id(required=False)
        if township_id is not None:
            clauses.append("m.township_id = ?")
            params.append(township_id)
        if query.term_id is not None:
            clauses.append("m.term_id = ?")
            params.append(query.term_id)
        if query.kind is not None:
            clauses.append("m.kind = ?")
            params.append(query.kind)
        if query.year is not None:
            clauses.append("m.start_date >= ? AND m.start_date < ?")
            params.extend([f"{query.year:04d}-01-01", f"{query.year + 1:04d}-01-01"])
        text = clean_text(query.text)
        if text:
            clauses.append("(instr(m.title, ?) > 0 OR instr(m.place, ?) > 0)")
            params.extend([text, text])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def search(self, query: MeetingQuery | None = None) -> list[MeetingId]:
        """Ids of the matching meetings, newest first."""
        where, params = self._where(query or MeetingQuery())
        sql = (
            "SELECT m.id FROM meetings m"
            + where
            + " ORDER BY m.start_date DESC, m.start_time DESC, m.id DESC"
        )
        return [MeetingId(r[0]) for r in self._office.db.execute(sql, params).fetchall()]

    def rows(self, ids: Sequence[int]) -> list[MeetingRow]:
        """Display rows, with attendance figures, for these ids, in the same order."""
        found: dict[int, MeetingRow] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            sql = (
                "SELECT m.id, t.name AS township_name, m.kind, m.title, m.start_date,"
                " m.start_time, m.place, m.status, count(a.deputy_id) AS expected,"
                " coalesce(sum(a.status = 'present'), 0) AS present,"
                " coalesce(sum(a.status = 'leave'), 0) AS leave,"
                " coalesce(sum(a.status = 'absent'), 0) AS absent,"
                " coalesce(sum(a.status = 'observer'), 0) AS observers,"
                " (SELECT count(*) FROM meeting_resolutions r WHERE r.meeting_id = m.id)"
                " AS resolutions"
                " FROM meetings m JOIN townships t ON t.id = m.township_id"
                " LEFT JOIN meeting_attendance a ON a.meeting_id = m.id"
                f" WHERE m.id IN ({placeholders(len(chunk))}) GROUP BY m.id"
            )
            for row in self._office.db.query(sql, chunk):
                found[row["id"]] = from_row(MeetingRow, row)
        return [found[i] for i in ids if i in found]

    def list(self, query: MeetingQuery | None = None) -> list[MeetingRow]:
        """Every matching meeting with its figures (the command line; the GUI pages)."""
        return self.rows(self.search(query))

    def years(self, township_id: int | None = None) -> list[int]:
        """Years that have meetings, newest first (for the year filter)."""
        where, params = self._where(MeetingQuery(township_id=township_id))
        rows = self._office.db.execute(
            "SELECT DISTINCT substr(m.start_date, 1, 4) FROM meetings m"
            + where
            + " ORDER BY 1 DESC",
            params,
        ).fetchall()
        return [int(r[0]) for r in rows]

    def agenda(self, meeting_id: int) -> list[AgendaItem]:
        rows = self._office.db.query(
            "SELECT id, meeting_id, position, title, presenter FROM meeting_agenda"
            " WHERE meeting_id = ? ORDER BY position, id",
            [meeting_id],
        )
        return [from_row(AgendaItem, row) for row in rows]

    def next_number(self, kind: str, term_id: int | None = None) -> int:
        """The next session or presidium meeting number of the term (1 for the first)."""
        tid = term_id or self._office.current_term_id()
        row = self._office.db.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM meetings WHERE term_id = ? AND kind = ?",
            [tid, kind],
        ).fetchone()
        return int(row[0])

    def suggested_title(
        self,
        *,
        kind: str,
        number: int = 0,
        group_id: int | None = None,
        start_date: str = "",
        term_id: int | None = None,
    ) -> str:
        """The name the meeting gets: generated for sessions and presidium meetings, a
        proposal for group activities, nothing for other meetings."""
        tid = term_id or self._office.current_term_id()
        term = self._office.terms.get(tid)
        township = self._office.townships.get(term.township_id).name
        if kind == "session" and number:
            return session_title(township, term.number, number)
        if kind == "presidium" and number:
            return presidium_title(township, term.number, number)
        if kind == "group" and group_id and start_date:
            try:
                return group_title(self._office.groups.get(group_id).name, start_date)
            except (NotFound, ValueError):
                return ""
        return ""

    # ---- checking ---------------------------------------------------------------------

    def _checked(
        self, values: dict[str, Any], *, current: Meeting | None, term_id: int
    ) -> dict[str, Any]:
        errors: dict[str, str] = {}
        kind = current.kind if current else values.get("kind")
        if current and values.get("kind") not in (None, current.kind):
            errors["kind"] = "会议类别创建后不能更改；如选错了，请删除这次会议后重新新建"
        if kind not in KINDS:
            errors["kind"] = "请选择会议类别：人民代表大会、主席团会议、代表小组活动或其他会议"
        term = self._office.terms.get(term_id)
        times = check_times(
            errors,
            values.get("start_date"),
            values.get("start_time"),
            values.get("end_date"),
            values.get("end_time"),
        )
        if times.start_date and "start_date" not in errors:
            if times.start_date < term.start_date:
                errors["start_date"] = (
                    f"会议日期早于{term.name}开始日期（{dates.format_date(term.start_date)}），"
                    "请核对日期"
                )
            elif term.end_date and times.start_date > term.end_date:
                errors["start_date"] = (
                    f"会议日期晚于{term.name}届满日期（{dates.format_date(term.end_date)}），"
                    "请核对日期"
                )
        number = 0
        if kind in NUMBERED_KINDS:
            raw = values.get("number")
            try:
                number = int(str(raw).strip()) if raw not in (None, "") else 0
                if not 1 <= number <= 99:
                    raise ValueError
            except ValueError:
                errors["number"] = "请填写第几次会议（1 到 99 的整数）"
            if number and "number" not in errors:
                row = self._office.db.execute(
                    "SELECT id, title FROM meetings WHERE term_id = ? AND kind = ? AND number = ?",
                    [term_id, kind, number],
                ).fetchone()
                if row is not None and (current is None or row[0] != current.id):
                    errors["number"] = f"“{row[1]}”已经登记过，请核对是第几次会议"
        group_id = values.get("group_id") or None
        if kind == "group":
            if group_id is None:
                errors["group_id"] = "请选择开展活动的代表小组"
            else:
                try:
                    group = self._office.groups.get(int(group_id))
                    if group.term_id != term_id:
                        errors["group_id"] = "所选代表小组不属于本届，请重新选择"
                except NotFound:
                    errors["group_id"] = "所选代表小组不存在，请重新选择"
        else:
            group_id = None
        title = clean_text(values.get("title"))
        if kind in NUMBERED_KINDS and number and "number" not in errors:
            title = self.suggested_title(kind=kind, number=number, term_id=term_id)
        elif kind == "group" and not title and group_id and times.start_date:
            title = self.suggested_title(
                kind=kind, group_id=group_id, start_date=times.start_date, term_id=term_id
            )
        if kind == "other" and not title:
            errors["title"] = "请填写会议名称"
        elif len(title) > TITLE_MAX:
            errors["title"] = f"会议名称不能超过 {TITLE_MAX} 个字"
        place = clean_short(errors, "place", values.get("place"), TEXT_MAX)
        chair = clean_short(errors, "chair", values.get("chair"), 40)
        recorder = clean_short(errors, "recorder", values.get("recorder"), 40)
        note, note_error = clean_long(values.get("note"), 2000)
        if note_error:
            errors["note"] = note_error
        if errors:
            raise ValidationError(errors)
        return {
            "kind": kind,
            "number": number,
            "group_id": group_id,
            "title": title,
            "start_date": times.start_date,
            "start_time": times.start_time,
            "end_date": times.end_date if times.end_date != times.start_date else "",
            "end_time": times.end_time,
            "place": place,
            "chair": chair,
            "recorder": recorder,
            "note": note,
        }

    # ---- writing ----------------------------------------------------------------------

    FIELDS = (
        "kind",
        "number",
        "group_id",
        "title",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "place",
        "chair",
        "recorder",
        "note",
    )

    def add(self, *, term_id: int | None = None, **values: Any) -> Meeting:
        """Register a meeting; its expected attendance list comes from its kind (all
        serving township deputies for a session, the presidium's members, the group's)."""
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
        tid = term_id or self._office.current_term_id()
        if values.get("kind") in NUMBERED_KINDS and values.get("number") in (None, ""):
            values["number"] = self.next_number(values["kind"], tid)
        record = self._checked(values, current=None, term_id=tid)
        term = self._office.terms.get(tid)
        expected = self.attendance.expected_for(
            record["kind"], term_id=tid, group_id=record["group_id"], on=record["start_date"]
        )
        columns = ["uuid", "township_id", "term_id", *record]
        with self._office.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO meetings ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})",
                [new_uuid(), term.township_id, tid, *record.values()],
            )
            meeting_id = MeetingId(cursor.lastrowid)
            self.attendance.insert_expected(meeting_id, expected)
        return self.get(meeting_id)

    def update(self, meeting_id: int, **values: Any) -> Meeting:
        """Change some fields; the whole record is checked again. A group activity moved to
        another group gets that group's members as its expected list, if nobody is marked."""
        current = self.get(meeting_id)
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
        merged = {key: getattr(current, key) for key in self.FIELDS} | values
        if current.kind == "group" and "title" not in values:
            # A generated group title follows a new date or group; a typed one stays.
            old = self.suggested_title(
                kind="group",
                group_id=current.group_id,
                start_date=current.start_date,
                term_id=current.term_id,
            )
            if current.title == old:
                merged["title"] = ""
        record = self._checked(merged, current=current, term_id=current.term_id)
        regroup = current.kind == "group" and record["group_id"] != current.group_id
        if regroup and self.attendance.marked_count(meeting_id):
            raise ValidationError(
                {"group_id": "已经登记了出席情况，不能再换代表小组；如确需更换，请先清除出席登记"}
            )
        if current.held and record["start_date"] > dates.today().isoformat():
            raise ValidationError({"start_date": "会议已记为召开，日期不能晚于今天"})
        assignments = ", ".join(f"{c} = ?" for c in record)
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE meetings SET {assignments}, updated_at = ? WHERE id = ?",
                [*record.values(), now_iso(), meeting_id],
            )
            if regroup:
                db.execute(
                    "DELETE FROM meeting_attendance WHERE meeting_id = ? AND deputy_id IS NOT NULL",
                    [meeting_id],
                )
                self.attendance.insert_expected(
                    MeetingId(meeting_id),
                    self.attendance.expected_for(
                        "group",
                        term_id=current.term_id,
                        group_id=record["group_id"],
                        on=record["start_date"],
                    ),
                )
        return self.get(meeting_id)

    def delete(self, meeting_id: int) -> None:
        """Remove a meeting entered by mistake, with everything recorded for it."""
        meeting = self.get(meeting_id)
        with self._office.transaction() as db:
            self._office.attachments.remove_all(OWNER_KIND, meeting.uuid)
            db.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])

    def set_minutes(self, meeting_id: int, *, minutes: str, recorder: str | None = None) -> Meeting:
        meeting = self.get(meeting_id)
        errors: dict[str, str] = {}
        text, error = clean_long(minutes, MINUTES_MAX)
        if error:
            errors["minutes"] = error
        who = (
            meeting.recorder if recorder is None else clean_short(errors, "recorder", recorder, 40)
        )
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE meetings SET minutes = ?, recorder = ?, updated_at = ? WHERE id = ?",
                [text, who, now_iso(), meeting_id],
            )
        return self.get(meeting_id)

    def set_agenda(
        self, meeting_id: int, items: Sequence[tuple[int | None, str, str]]
    ) -> list[AgendaItem]:
        """Make the agenda exactly these items, in this order: (id or None, title,
        presenter). Existing items keep their identity; missing ones are removed."""
        self.get(meeting_id)
        errors: dict[str, str] = {}
        cleaned: list[tuple[int | None, str, str]] = []
        known = {item.id for item in self.agenda(meeting_id)}
        for i, (item_id, title, presenter) in enumerate(items, start=1):
            text = clean_text(title)
            who = clean_text(presenter)
            if not text:
                errors.setdefault("agenda", f"第 {i} 项议程没有填写内容，请填写或删除这一项")
            elif len(text) > 200:
                errors.setdefault("agenda", f"第 {i} 项议程超过 200 个字，请精简")
            if len(who) > 40:
                errors.setdefault("agenda", f"第 {i} 项议程的报告人超过 40 个字")
            if item_id is not None and item_id not in known:
                errors.setdefault("agenda", "议程已被修改，请刷新后再编辑")
            cleaned.append((item_id, text, who))
        if errors:
            raise ValidationError(errors)
        keep = {item_id for item_id, _t, _p in cleaned if item_id is not None}
        with self._office.transaction() as db:
            for item_id in known - keep:
                db.execute("DELETE FROM meeting_agenda WHERE id = ?", [item_id])
            for position, (item_id, text, who) in enumerate(cleaned, start=1):
                if item_id is None:
                    db.execute(
                        "INSERT INTO meeting_agenda (uuid, meeting_id, position, title, presenter)"
                        " VALUES (?, ?, ?, ?, ?)",
                        [new_uuid(), meeting_id, position, text, who],
                    )
                else:
                    db.execute(
                        "UPDATE meeting_agenda SET position = ?, title = ?, presenter = ?"
                        " WHERE id = ?",
                        [position, text, who, item_id],
                    )
        return self.agenda(meeting_id)

    def add_agenda_items(
        self, meeting_id: int, items: Iterable[tuple[str, str]]
    ) -> list[AgendaItem]:
        """Append items (title, presenter) after the existing ones."""
        current = [(a.id, a.title, a.presenter) for a in self.agenda(meeting_id)]
        return self.set_agenda(meeting_id, [*current, *((None, t, p) for t, p in items)])

    def mark_held(
        self, meeting_id: int, *, quorum_note: str = "", today: date | None = None
    ) -> Meeting:
        """Record that the meeting took place. A session or presidium meeting without two
        thirds of its members present is refused unless the clerk says why."""
        meeting = self.get(meeting_id)
        day = today or dates.today()
        errors: dict[str, str] = {}
        if meeting.start_date > day.isoformat():
            errors["status"] = (
                f"会议日期是{dates.format_date(meeting.start_date)}，还没到，不能记为已召开"
            )
        counts = self.attendance.counts(meeting_id)
        note = clean_text(quorum_note)
        if meeting.applies_quorum and not counts.has_quorum and not note:
            errors["quorum_note"] = (
                f"出席 {counts.present} 人，未达到应到 {counts.expected} 人的三分之二"
                f"（{counts.quorum_needed} 人），不能记为已召开；"
                "如确已召开，请说明原因"
            )
        if len(note) > 200:
            errors["quorum_note"] = "说明不能超过 200 个字"
        if errors:
            raise ValidationError(errors)
        if meeting.applies_quorum and counts.has_quorum:
            note = ""
        with self._office.transaction() as db:
            db.execute(
                "UPDATE meetings SET status = 'held', quorum_note = ?, updated_at = ? WHERE id = ?",
                [note, now_iso(), meeting_id],
            )
        return self.get(meeting_id)

    def mark_planned(self, meeting_id: int) -> Meeting:
        """Undo 'held' (recorded by mistake)."""
        self.get(meeting_id)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE meetings SET status = 'planned', quorum_note = '', updated_at = ?"
                " WHERE id = ?",
                [now_iso(), meeting_id],
            )
        return self.get(meeting_id)
