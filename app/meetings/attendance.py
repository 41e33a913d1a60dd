"""Attendance at a meeting: who is expected (应到), and per person 出席 / 请假 / 缺席, plus
non-deputies attending without a vote (列席). Quorum and the law on absences (代表法 art. 62)
are checked here.

Every change is checked against what was already recorded for the meeting before it is
written: a held session keeps its quorum (or the clerk's reason), recorded votes never
exceed the deputies present, and a resolution's result stays that of its votes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.ids import DeputyId
from app.core.records import from_row, new_uuid, placeholders
from app.core.validate import check_name
from app.meetings.rules import QUORUM_KINDS, has_quorum, majority_needed, quorum_needed

if TYPE_CHECKING:
    from app.meetings.meetings import Meeting, MeetingId, Meetings
    from app.office import Office

ATTENDANCE_STATUS = {
    "": "未登记",
    "present": "出席",
    "leave": "请假",
    "absent": "缺席",
    "observer": "列席",
}
DEPUTY_STATUSES = ("", "present", "leave", "absent")
LEAVE_KINDS = ("事假", "病假")
END_REASON = "未经批准两次不出席本级人民代表大会会议"


@dataclass(frozen=True)
class AttendanceRow:
    id: int
    meeting_id: int
    deputy_id: DeputyId | None
    name: str
    unit: str
    status: str
    leave_kind: str = ""
    leave_reason: str = ""
    leave_approved_by: str = ""
    leave_date: str = ""
    name_pinyin: str = ""
    presidium_role: str = ""
    group_name: str = ""

    @property
    def is_observer(self) -> bool:
        return self.deputy_id is None

    @property
    def status_label(self) -> str:
        return ATTENDANCE_STATUS[self.status]

    @property
    def leave_label(self) -> str:
        """'病假：住院治疗（主席团批准）'"""
        if self.status != "leave":
            return ""
        parts = [self.leave_kind or "请假"]
        if self.leave_reason:
            parts.append(f"：{self.leave_reason}")
        if self.leave_approved_by:
            parts.append(f"（{self.leave_approved_by}批准）")
        return "".join(parts)


@dataclass(frozen=True)
class Counts:
    kind: str
    expected: int  # 应到: deputies (or members) on the list
    present: int  # 实到
    leave: int
    absent: int
    unmarked: int
    observers: int  # 列席

    @property
    def applies_quorum(self) -> bool:
        return self.kind in QUORUM_KINDS

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(self.expected)

    @property
    def has_quorum(self) -> bool:
        return has_quorum(self.present, self.expected)

    @property
    def majority_needed(self) -> int:
        return majority_needed(self.expected)

    @property
    def summary(self) -> str:
        """'应到 68 人，实到 60 人，请假 5 人，缺席 3 人，列席 4 人'"""
        text = (
            f"应到 {self.expected} 人，实到 {self.present} 人，请假 {self.leave} 人，"
            f"缺席 {self.absent} 人，列席 {self.observers} 人"
        )
        return text + (f"；未登记 {self.unmarked} 人" if self.unmarked else "")

    @property
    def quorum_text(self) -> str:
        if not self.applies_quorum:
            return ""
        if self.expected == 0:
            return "应到名单为空，请先调整应到名单"
        verdict = "符合法定人数" if self.has_quorum else "不足法定人数"
        return (
            f"出席须达到应到人数的三分之二（{self.quorum_needed} 人），"
            f"现出席 {self.present} 人，{verdict}"
        )


@dataclass(frozen=True)
class Absence:
    meeting_id: int
    title: str
    date: str


@dataclass(frozen=True)
class AbsenceWarning:
    """A deputy marked absent without approved leave from a session (代表法 art. 62)."""

    deputy_id: DeputyId
    name: str
    absences: tuple[Absence, ...]
    meeting_date: str

    @property
    def ends_status(self) -> bool:
        return len(self.absences) >= 2

    @property
    def message(self) -> str:
        listed = "、".join(f"{a.title}（{dates.format_date(a.date)}）" for a in self.absences)
        if self.ends_status:
            return (
                f"{self.name}本届已 {len(self.absences)} 次未经批准不出席本级人民代表大会会议："
                f"{listed}。依照《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》"
                "第六十二条，其代表资格终止。"
            )
        return (
            f"{self.name}未经批准缺席{listed}。这是本届第一次；"
            "再有一次未经批准不出席本级人民代表大会会议，其代表资格将依法终止（代表法第六十二条）。"
        )


@dataclass(frozen=True)
class AttendanceChange:
    counts: Counts
    warnings: tuple[AbsenceWarning, ...] = ()


@dataclass(frozen=True)
class DeputyMeeting:
    """One meeting in a deputy's file."""

    meeting_id: int
    title: str
    kind: str
    start_date: str
    status: str
    leave_kind: str
    leave_reason: str

    @property
    def status_label(self) -> str:
        return ATTENDANCE_STATUS[self.status]


@dataclass(frozen=True)
class YearAttendance:
    year: int
    expected: int  # meetings with attendance recorded for this deputy
    present: int
    leave: int
    absent: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None

    @property
    def rate_label(self) -> str:
        return f"{self.rate * 100:.1f}%" if self.rate is not None else "—"


@dataclass(frozen=True)
class DeputyAttendance:
    years: tuple[YearAttendance, ...]
    meetings: tuple[DeputyMeeting, ...]
    unapproved_session_absences: int


def _serving_on(day_param: str = "?") -> str:
    """SQL: the deputy `d` was serving on the day (status history as of that day)."""
    return (
        "coalesce((SELECT c.status FROM deputy_status_changes c WHERE c.deputy_id = d.id"
        f" AND c.date <= {day_param} ORDER BY c.date DESC, c.id DESC LIMIT 1), 'serving')"
        " = 'serving'"
    )


# A check another area registers (app.elections: ballots issued, votes on resignations):
# given the meeting and its counts after a change, what the change would contradict.
AttendanceCheck = Callable[[int, Counts], str | None]


class Attendance:
    def __init__(self, office: Office, meetings: Meetings) -> None:
        self._office = office
        self._meetings = meetings
        self._checks: list[AttendanceCheck] = []

    def add_check(self, check: AttendanceCheck) -> None:
        """Let an area that reads meetings refuse an attendance change that would
        contradict what it recorded for the meeting (meetings never imports that area:
        the area registers itself when the Office builds it)."""
        self._checks.append(check)

    # ---- the expected list ------------------------------------------------------------

    def expected_for(
        self, kind: str, *, term_id: int, group_id: int | None = None, on: str
    ) -> list[DeputyId]:
        """Who a meeting of this kind expects on that day: the serving township deputies
        of the term (a session), the presidium's members, or the group's members."""
        if kind == "other":
            return []
        clauses = ["d.term_id = ?", "(d.elected_date = '' OR d.elected_date <= ?)", _serving_on()]
        params: list[object] = [term_id, on, on]
        if kind == "session":
            clauses.append("d.is_township_deputy = 1")
        elif kind == "presidium":
            clauses.append("d.presidium_role <> ''")
        elif kind == "group":
            clauses.append("d.group_id = ?")
            params.append(group_id)
        rows = self._office.db.execute(
            "SELECT d.id FROM deputies d WHERE "
            + " AND ".join(clauses)
            + " ORDER BY d.name_strokes",
            params,
        ).fetchall()
        return [DeputyId(r[0]) for r in rows]

    def insert_expected(self, meeting_id: MeetingId, deputy_ids: Iterable[int]) -> None:
        """Put deputies on the list, unmarked (inside the caller's transaction)."""
        self._office.db.conn.executemany(
            "INSERT INTO meeting_attendance (uuid, meeting_id, deputy_id, status)"
            " VALUES (?, ?, ?, '')",
            [(new_uuid(), meeting_id, deputy_id) for deputy_id in deputy_ids],
        )

    # ---- reading ----------------------------------------------------------------------

    _SELECT = (
        "SELECT a.id, a.meeting_id, a.deputy_id,"
        " coalesce(d.name, a.name) AS name, coalesce(d.unit, a.unit) AS unit, a.status,"
        " a.leave_kind, a.leave_reason, a.leave_approved_by, a.leave_date,"
        " coalesce(d.name_pinyin, '') AS name_pinyin,"
        " coalesce(d.presidium_role, '') AS presidium_role,"
        " coalesce(g.name, '') AS group_name"
        " FROM meeting_attendance a LEFT JOIN deputies d ON d.id = a.deputy_id"
        " LEFT JOIN deputy_groups g ON g.id = d.group_id"
    )

    def rows(self, meeting_id: int, deputy_ids: Sequence[int] | None = None) -> list[AttendanceRow]:
        """The deputies on the list in 姓氏笔画 order, then the non-voting attendees; or
        only the rows of these deputies (to repaint what a change touched)."""
        where = " WHERE a.meeting_id = ?"
        params: list[object] = [meeting_id]
        if deputy_ids is not None:
            where += f" AND a.deputy_id IN ({placeholders(len(deputy_ids))})"
            params.extend(deputy_ids)
        sql = self._SELECT + where + " ORDER BY a.deputy_id IS NULL, d.name_strokes, a.id"
        return [from_row(AttendanceRow, row) for row in self._office.db.query(sql, params)]

    def row(self, row_id: int) -> AttendanceRow:
        found = list(self._office.db.query(self._SELECT + " WHERE a.id = ?", [row_id]))
        if not found:
            raise NotFound("该出席记录已不存在")
        return from_row(AttendanceRow, found[0])

    def expected_ids(self, meeting_id: int) -> list[DeputyId]:
        """The deputies on the expected list, in 姓氏笔画 order."""
        rows = self._office.db.execute(
            "SELECT a.deputy_id FROM meeting_attendance a JOIN deputies d ON d.id = a.deputy_id"
            " WHERE a.meeting_id = ? ORDER BY d.name_strokes",
            [meeting_id],
        ).fetchall()
        return [DeputyId(r[0]) for r in rows]

    def _statuses(self, meeting_id: int) -> dict[int | None, list[str]]:
        statuses: dict[int | None, list[str]] = {}
        for deputy_id, status in self._office.db.execute(
            "SELECT deputy_id, status FROM meeting_attendance WHERE meeting_id = ?", [meeting_id]
        ).fetchall():
            statuses.setdefault(deputy_id, []).append(status)
        return statuses

    @staticmethod
    def _count(kind: str, statuses: dict[int | None, list[str]]) -> Counts:
        deputies = [s for key, values in statuses.items() if key is not None for s in values]
        return Counts(
            kind=kind,
            expected=len(deputies),
            present=deputies.count("present"),
            leave=deputies.count("leave"),
            absent=deputies.count("absent"),
            unmarked=deputies.count(""),
            observers=len(statuses.get(None, [])),
        )

    def counts(self, meeting_id: int) -> Counts:
        meeting = self._meetings.get(meeting_id)
        return self._count(meeting.kind, self._statuses(meeting_id))

    def marked_count(self, meeting_id: int) -> int:
        return self._office.db.execute(
            "SELECT count(*) FROM meeting_attendance WHERE meeting_id = ? AND status <> ''",
            [meeting_id],
        ).fetchone()[0]

    # ---- consistency --------------------------------------------------------------------

    def _check_consistent(self, meeting: Meeting, counts: Counts, field: str) -> None:
        """Refuse a change that would leave the meeting's records contradicting each other."""
        if (
            meeting.held
            and meeting.applies_quorum
            and not meeting.quorum_note
            and not counts.has_quorum
        ):
            raise ValidationError(
                {
                    field: f"会议已记为召开；这样修改后出席 {counts.present} 人，不足应到 "
                    f"{counts.expected} 人的三分之二（{counts.quorum_needed} 人）。"
                    "请核对出席情况，或先把会议改回“筹备中”"
                }
            )
        for problem in (
            self._meetings.resolutions.conflict(meeting.id, counts),
            self._meetings.projects.conflict(meeting.id, counts),
            *(check(meeting.id, counts) for check in self._checks),
        ):
            if problem:
                raise ValidationError({field: problem})

    # ---- marking ----------------------------------------------------------------------

    def set_status(
        self, meeting_id: int, deputy_ids: Iterable[int], status: str
    ) -> AttendanceChange:
        """Mark these deputies 出席 / 请假 / 缺席 (or '' to clear) in one go."""
        if status not in DEPUTY_STATUSES:
            raise ValidationError({"status": "出席情况只能是出席、请假、缺席或未登记"})
        meeting = self._meetings.get(meeting_id)
        ids = list(dict.fromkeys(int(i) for i in deputy_ids))
        statuses = self._statuses(meeting_id)
        missing = [i for i in ids if i not in statuses]
        if missing:
            raise ValidationError(
                {"status": f"有 {len(missing)} 人不在本次会议的应到名单中，请先调整应到名单"}
            )
        after = dict(statuses)
        for i in ids:
            after[i] = [status]
        counts = self._count(meeting.kind, after)
        self._check_consistent(meeting, counts, "status")
        with self._office.transaction() as db:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                if status == "leave":
                    sql = "UPDATE meeting_attendance SET status = 'leave'"
                    params: list[object] = []
                else:
                    sql = (
                        "UPDATE meeting_attendance SET status = ?, leave_kind = '',"
                        " leave_reason = '', leave_approved_by = '', leave_date = ''"
                    )
                    params = [status]
                db.execute(
                    sql + f" WHERE meeting_id = ? AND deputy_id IN ({placeholders(len(chunk))})",
                    [*params, meeting_id, *chunk],
                )
        warnings = self.absence_warnings(meeting, ids) if status == "absent" else ()
        return AttendanceChange(counts, warnings)

    def set_leave(
        self,
        meeting_id: int,
        deputy_id: int,
        *,
        kind: str,
        reason: str,
        approved_by: str = "",
        date: str = "",
    ) -> AttendanceChange:
        """Record a deputy's leave (请假) with its kind, reason, approver and date."""
        meeting = self._meetings.get(meeting_id)
        errors: dict[str, str] = {}
        kind_text = clean_text(kind)
        if kind_text not in LEAVE_KINDS:
            errors["leave_kind"] = "请选择请假类别：事假或病假"
        reason_text = clean_text(reason)
        if not reason_text:
            errors["leave_reason"] = "请填写请假事由"
        elif len(reason_text) > 200:
            errors["leave_reason"] = "请假事由不能超过 200 个字"
        approver = clean_text(approved_by)
        if len(approver) > 40:
            errors["leave_approved_by"] = "批准人不能超过 40 个字"
        try:
            day = dates.parse_date(date)
        except dates.DateError as exc:
            day = ""
            errors["leave_date"] = str(exc)
        last_day = meeting.end_date or meeting.start_date
        if day and day > last_day:
            errors["leave_date"] = f"请假日期晚于会议日期（{dates.format_date(last_day)}），请核对"
        statuses = self._statuses(meeting_id)
        if deputy_id not in statuses:
            errors["deputy"] = "该代表不在本次会议的应到名单中，请先调整应到名单"
        if errors:
            raise ValidationError(errors)
        after = dict(statuses)
        after[deputy_id] = ["leave"]
        counts = self._count(meeting.kind, after)
        self._check_consistent(meeting, counts, "leave_kind")
        with self._office.transaction() as db:
            db.execute(
                "UPDATE meeting_attendance SET status = 'leave', leave_kind = ?,"
                " leave_reason = ?, leave_approved_by = ?, leave_date = ?"
                " WHERE meeting_id = ? AND deputy_id = ?",
                [kind_text, reason_text, approver, day, meeting_id, deputy_id],
            )
        return AttendanceChange(counts)

    # ---- adjusting the list -------------------------------------------------------------

    def add_expected(self, meeting_id: int, deputy_ids: Iterable[int]) -> AttendanceChange:
        """Add deputies of the meeting's term to the expected list."""
        current = self.expected_ids(meeting_id)
        return self.set_expected(meeting_id, [*current, *deputy_ids])

    def remove_expected(self, meeting_id: int, deputy_ids: Iterable[int]) -> AttendanceChange:
        """Take deputies off the expected list (e.g. one whose status ended before the
        meeting but was recorded late)."""
        leaving = {int(i) for i in deputy_ids}
        return self.set_expected(
            meeting_id, [i for i in self.expected_ids(meeting_id) if i not in leaving]
        )

    def set_expected(self, meeting_id: int, deputy_ids: Iterable[int]) -> AttendanceChange:
        """Make the expected list exactly these deputies of the meeting's term; those who
        stay keep what was marked for them."""
        meeting = self._meetings.get(meeting_id)
        statuses = self._statuses(meeting_id)
        wanted = list(dict.fromkeys(int(i) for i in deputy_ids))
        adding = [i for i in wanted if i not in statuses]
        removing = [i for i in statuses if i is not None and i not in set(wanted)]
        if adding:
            rows = self._office.db.execute(
                "SELECT id, name, term_id, status FROM deputies"
                f" WHERE id IN ({placeholders(len(adding))})",
                adding,
            ).fetchall()
            found = {r[0]: r for r in rows}
            for i in adding:
                if i not in found or found[i][2] != meeting.term_id:
                    raise ValidationError({"expected": "只能把本届的代表列入应到名单"})
                if found[i][3] == "ended":
                    raise ValidationError(
                        {"expected": f"{found[i][1]}的代表资格已终止，不能列入应到名单"}
                    )
        after = {k: v for k, v in statuses.items() if k not in removing}
        for i in adding:
            after[i] = [""]
        counts = self._count(meeting.kind, after)
        self._check_consistent(meeting, counts, "expected")
        with self._office.transaction() as db:
            for start in range(0, len(removing), 500):
                chunk = removing[start : start + 500]
                db.execute(
                    "DELETE FROM meeting_attendance WHERE meeting_id = ?"
                    f" AND deputy_id IN ({placeholders(len(chunk))})",
                    [meeting_id, *chunk],
                )
            self.insert_expected(meeting.id, adding)
        return AttendanceChange(counts)

    def _checked_observer(self, name: str, unit: str) -> tuple[str, str]:
        errors: dict[str, str] = {}
        clean, error = check_name(name)
        if error:
            errors["name"] = error
        unit_text = clean_text(unit)
        if len(unit_text) > 60:
            errors["unit"] = "单位及职务不能超过 60 个字"
        if errors:
            raise ValidationError(errors)
        return clean, unit_text

    def add_observer(self, meeting_id: int, *, name: str, unit: str = "") -> AttendanceRow:
        """A non-deputy attending without a vote (列席): name and unit."""
        self._meetings.get(meeting_id)
        clean, unit_text = self._checked_observer(name, unit)
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO meeting_attendance (uuid, meeting_id, name, unit, status)"
                " VALUES (?, ?, ?, ?, 'observer')",
                [new_uuid(), meeting_id, clean, unit_text],
            )
        return self.row(cursor.lastrowid)

    def update_observer(self, row_id: int, *, name: str, unit: str = "") -> AttendanceRow:
        row = self.row(row_id)
        if not row.is_observer:
            raise ValidationError({"name": "代表的姓名和单位请在代表名册中修改"})
        clean, unit_text = self._checked_observer(name, unit)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE meeting_attendance SET name = ?, unit = ? WHERE id = ?",
                [clean, unit_text, row_id],
            )
        return self.row(row_id)

    def remove_observer(self, row_id: int) -> None:
        row = self.row(row_id)
        if not row.is_observer:
            raise ValidationError({"name": "代表请用“调整应到名单”移出"})
        with self._office.transaction() as db:
            db.execute("DELETE FROM meeting_attendance WHERE id = ?", [row_id])

    # ---- the law on absences ------------------------------------------------------------

    def unapproved_absences(self, deputy_id: int) -> list[Absence]:
        """Sessions of the deputy's term they missed without approved leave."""
        rows = self._office.db.execute(
            "SELECT m.id, m.title, m.start_date FROM meeting_attendance a"
            " JOIN meetings m ON m.id = a.meeting_id"
            " JOIN deputies d ON d.id = a.deputy_id"
            " WHERE a.deputy_id = ? AND a.status = 'absent' AND m.kind = 'session'"
            " AND m.term_id = d.term_id ORDER BY m.start_date, m.id",
            [deputy_id],
        ).fetchall()
        return [Absence(r[0], r[1], r[2]) for r in rows]

    def absence_warnings(
        self, meeting: Meeting, deputy_ids: Iterable[int]
    ) -> tuple[AbsenceWarning, ...]:
        if meeting.kind != "session":
            return ()
        warnings = []
        for deputy_id in deputy_ids:
            deputy = self._office.deputies.get(deputy_id)
            if deputy.status == "ended":
                continue
            absences = self.unapproved_absences(deputy_id)
            if absences:
                warnings.append(
                    AbsenceWarning(
                        DeputyId(deputy_id), deputy.name, tuple(absences), meeting.start_date
                    )
                )
        return tuple(warnings)

    def end_for_absences(self, warning: AbsenceWarning) -> None:
        """Record the end of a deputy's status for two unapproved absences (art. 62),
        dated the day of the second session missed."""
        self._office.deputies.set_status(
            warning.deputy_id,
            status="ended",
            date=warning.absences[1].date,
            reason=END_REASON,
            note="、".join(a.title for a in warning.absences) + "均未经批准缺席",
        )

    # ---- the deputy's file --------------------------------------------------------------

    def deputy_record(self, deputy_id: int) -> DeputyAttendance:
        """The deputy's meetings, newest first, and their attendance per year."""
        rows = self._office.db.execute(
            "SELECT m.id, m.title, m.kind, m.start_date, a.status, a.leave_kind, a.leave_reason"
            " FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
            " WHERE a.deputy_id = ? ORDER BY m.start_date DESC, m.id DESC",
            [deputy_id],
        ).fetchall()
        meetings = tuple(DeputyMeeting(*r) for r in rows)
        by_year: dict[int, list[str]] = {}
        for m in meetings:
            if m.status:
                by_year.setdefault(int(m.start_date[:4]), []).append(m.status)
        years = tuple(
            YearAttendance(
                year=year,
                expected=len(values),
                present=values.count("present"),
                leave=values.count("leave"),
                absent=values.count("absent"),
            )
            for year, values in sorted(by_year.items(), reverse=True)
        )
        return DeputyAttendance(years, meetings, len(self.unapproved_absences(deputy_id)))
