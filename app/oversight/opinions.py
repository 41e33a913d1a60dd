"""Opinions followed to the end (跟踪落实): the review opinions (审议意见) of a session or a
presidium meeting that heard a report, the opinions of an inspection, law-enforcement check
or survey, and an appraisal's rectification opinions (整改意见). Each is sent to the
government or the office with a deadline; its written feedback, a return check (回头看) and
the closing verdict are recorded on it. One model for all of them: app/oversight/rules.py
decides what may follow what."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, NewType

from app.core import dates
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso, placeholders
from app.duties import record_checks as check
from app.oversight.rules import (
    FOLLOW_STATES,
    OPEN_STATES,
    VERDICTS,
    FollowState,
    days_overdue,
    default_deadline,
    follow_errors,
    follow_state,
)

if TYPE_CHECKING:
    from app.office import Office

OpinionId = NewType("OpinionId", int)

SOURCES = {
    "meeting": "会议审议",
    "activity": "视察调研",
    "appraisal": "评议整改",
    "project": "民生实事督办",
    "other": "其他",
}
DEFAULT_RECIPIENT = "镇人民政府"


@dataclass(frozen=True)
class Opinion:
    id: OpinionId
    uuid: str
    township_id: int
    source: str
    topic: str
    content: str
    recipient: str = ""
    meeting_id: int | None = None
    activity_id: int | None = None
    appraisal_id: int | None = None
    project_id: int | None = None
    sent_date: str = ""
    deadline: str = ""
    feedback_date: str = ""
    feedback: str = ""
    check_date: str = ""
    check_note: str = ""
    closed_date: str = ""
    verdict: str = ""
    reported_meeting_id: int | None = None
    source_title: str = ""  # the meeting's or activity's title, the appraised subject
    reported_meeting_title: str = ""

    @property
    def dates(self) -> FollowState:
        return FollowState(
            self.sent_date, self.deadline, self.feedback_date, self.check_date, self.closed_date
        )

    def state(self, today: date | None = None) -> str:
        return follow_state(self.dates, today or dates.today())

    def state_label(self, today: date | None = None) -> str:
        day = today or dates.today()
        state = follow_state(self.dates, day)
        if state == "overdue":
            return f"逾期 {days_overdue(self.dates, day)} 天未反馈"
        return FOLLOW_STATES[state]

    def is_open(self, today: date | None = None) -> bool:
        return self.state(today) in OPEN_STATES

    @property
    def source_label(self) -> str:
        return SOURCES[self.source]

    @property
    def verdict_label(self) -> str:
        return VERDICTS.get(self.verdict, "")


class Opinions:
    """office.opinions"""

    def __init__(self, office: Office) -> None:
        self._office = office

    _SELECT = (
        "SELECT o.*, coalesce(m.title, a.kind || '：' || a.topic, p.year || '年'"
        " || CASE p.kind WHEN 'duty' THEN '述职评议' ELSE '工作评议' END,"
        " '民生实事：' || lp.name, '') AS source_title,"
        " coalesce(r.title, '') AS reported_meeting_title FROM oversight_opinions o"
        " LEFT JOIN meetings m ON m.id = o.meeting_id"
        " LEFT JOIN activities a ON a.id = o.activity_id"
        " LEFT JOIN appraisals p ON p.id = o.appraisal_id"
        " LEFT JOIN meetings r ON r.id = o.reported_meeting_id"
        " LEFT JOIN livelihood_projects lp ON lp.id = o.project_id"
    )

    # ---- reading ----------------------------------------------------------------------

    def get(self, opinion_id: int) -> Opinion:
        rows = list(self._office.db.query(self._SELECT + " WHERE o.id = ?", [opinion_id]))
        if not rows:
            raise NotFound(f"找不到编号为 {opinion_id} 的意见")
        return from_row(Opinion, rows[0])

    def list(
        self,
        *,
        open_only: bool = False,
        year: int | None = None,
        appraisal_id: int | None = None,
        meeting_id: int | None = None,
        include_appraisals: bool = True,
        today: date | None = None,
    ) -> list[Opinion]:
        """Opinions, overdue first, then by deadline; `open_only` keeps those not closed."""
        office = self._office
        clauses, params = [], []
        township_id = office.home_township_id(required=False) if office.mode == "township" else None
        if township_id is not None:
            clauses.append("o.township_id = ?")
            params.append(township_id)
        if year is not None:
            clauses.append("substr(coalesce(nullif(o.sent_date, ''), o.created_at), 1, 4) = ?")
            params.append(f"{year:04d}")
        if appraisal_id is not None:
            clauses.append("o.appraisal_id = ?")
            params.append(appraisal_id)
        if meeting_id is not None:
            clauses.append("o.meeting_id = ?")
            params.append(meeting_id)
        if not include_appraisals:
            clauses.append("o.appraisal_id IS NULL")
        if open_only:
            clauses.append("o.closed_date = ''")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        found = [from_row(Opinion, r) for r in office.db.query(self._SELECT + where, params)]
        day = today or dates.today()
        order = {"overdue": 0, "sent": 1, "draft": 2, "answered": 3, "checked": 4, "closed": 5}
        return sorted(
            found,
            key=lambda o: (order[o.state(day)], o.deadline or "9999", o.sent_date, o.id),
        )

    def of_appraisals(self, appraisal_ids: list[int]) -> dict[int, Opinion]:
        """The rectification opinions of these appraisals, by appraisal (one each)."""
        rows = self._office.db.query(
            self._SELECT + f" WHERE o.appraisal_id IN ({placeholders(len(appraisal_ids))})"
            " ORDER BY o.id",
            appraisal_ids,
        )
        found: dict[int, Opinion] = {}
        for row in rows:
            found.setdefault(row["appraisal_id"], from_row(Opinion, row))
        return found

    # ---- writing ----------------------------------------------------------------------

    def _checked(
        self, values: dict[str, Any], *, township_id: int
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The cleaned values and the refusals, by field. Writes nothing."""
        office = self._office
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        source = values.get("source") or "other"
        if source not in SOURCES:
            errors["source"] = "意见来源只能是会议审议、视察调研、评议整改、民生实事督办或其他"
        clean["source"] = source
        for key, table, label in (
            ("meeting_id", "meetings", "会议"),
            ("activity_id", "activities", "代表活动"),
            ("appraisal_id", "appraisals", "评议"),
            (
                "project_id",
                "(SELECT p.id, v.township_id FROM livelihood_projects p"
                " JOIN project_votes v ON v.id = p.vote_id)",
                "民生实事项目",
            ),
        ):
            value = values.get(key)
            if value in (None, ""):
                clean[key] = None
                continue
            row = office.db.execute(
                f"SELECT township_id FROM {table} WHERE id = ?", [int(value)]
            ).fetchone()
            if row is None or row[0] != township_id:
                errors[key] = f"找不到编号为 {value} 的{label}"
            clean[key] = int(value)
        wanted = {
            "meeting": "meeting_id",
            "activity": "activity_id",
            "appraisal": "appraisal_id",
            "project": "project_id",
        }
        if source in wanted and not clean[wanted[source]] and wanted[source] not in errors:
            errors[wanted[source]] = {
                "meeting": "请选择提出审议意见的会议",
                "activity": "请选择提出意见的视察、执法检查或调研活动",
                "appraisal": "请选择整改意见所属的评议",
                "project": "请选择督办的民生实事项目",
            }[source]
        clean["topic"] = check.text(
            errors,
            "topic",
            values.get("topic"),
            label="审议事项",
            limit=80,
            required="请填写审议事项，如“镇人民政府工作报告”",
        )
        clean["content"] = check.long_text(errors, "content", values.get("content"), label="意见")
        if not clean["content"]:
            errors["content"] = "请填写意见内容"
        clean["recipient"] = check.text(
            errors, "recipient", values.get("recipient") or DEFAULT_RECIPIENT, label="送交单位"
        )
        clean["sent_date"] = check.day(errors, "sent_date", values.get("sent_date"))
        clean["deadline"] = check.day(errors, "deadline", values.get("deadline"), allow_future=True)
        if clean["sent_date"] and not clean["deadline"] and "deadline" not in errors:
            months_key = (
                "rectification_months" if source == "appraisal" else "opinion_feedback_months"
            )
            clean["deadline"] = default_deadline(
                clean["sent_date"], int(office.settings.get(months_key))
            )
        return clean, errors

    def add(self, *, township_id: int | None = None, **values: Any) -> Opinion:
        """Record opinions (sent already when `sent_date` is given; the deadline defaults
        to the setting's months after sending)."""
        tid = township_id or self._office.home_township_id()
        clean, errors = self._checked(values, township_id=tid)
        errors.update(follow_errors(FollowState(clean["sent_date"], clean["deadline"])))
        if errors:
            raise ValidationError(errors)
        columns = ["uuid", "township_id", *clean]
        with self._office.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO oversight_opinions ({', '.join(columns)})"
                f" VALUES ({placeholders(len(columns))})",
                [new_uuid(), tid, *clean.values()],
            )
        return self.get(cursor.lastrowid)

    def update(self, opinion_id: int, **values: Any) -> Opinion:
        """Correct what the opinion says, where it came from, when it was sent."""
        current = self.get(opinion_id)
        keys = (
            "source",
            "meeting_id",
            "activity_id",
            "appraisal_id",
            "project_id",
            "topic",
            "content",
            "recipient",
            "sent_date",
            "deadline",
        )
        merged = {k: getattr(current, k) for k in keys} | values
        clean, errors = self._checked(merged, township_id=current.township_id)
        errors.update(
            follow_errors(
                replace(current.dates, sent_date=clean["sent_date"], deadline=clean["deadline"])
            )
        )
        if errors:
            raise ValidationError(errors)
        self._write(opinion_id, clean)
        return self.get(opinion_id)

    def send(self, opinion_id: int, *, sent_date: str, deadline: str = "") -> Opinion:
        """The opinions went to the government (or the office) on `sent_date`."""
        return self.update(opinion_id, sent_date=sent_date, deadline=deadline)

    def record_feedback(self, opinion_id: int, *, date: str, feedback: str) -> Opinion:
        """The written feedback on how the opinions were handled (or the rectification)."""
        current = self.get(opinion_id)
        errors: dict[str, str] = {}
        day = check.day(errors, "feedback_date", date, required="请填写收到反馈的日期")
        text = check.long_text(errors, "feedback", feedback, label="反馈情况")
        if not errors:
            errors.update(
                follow_errors(
                    replace(current.dates, feedback_date=day), has_feedback_text=bool(text)
                )
            )
        if errors:
            raise ValidationError(errors)
        self._write(opinion_id, {"feedback_date": day, "feedback": text})
        return self.get(opinion_id)

    def record_check(self, opinion_id: int, *, date: str, note: str) -> Opinion:
        """The return check (回头看): the deputies saw whether the feedback holds."""
        current = self.get(opinion_id)
        errors: dict[str, str] = {}
        day = check.day(errors, "check_date", date, required="请填写回头看的日期")
        text = check.long_text(errors, "check_note", note, label="回头看情况")
        if not errors:
            errors.update(follow_errors(replace(current.dates, check_date=day)))
        if errors:
            raise ValidationError(errors)
        self._write(opinion_id, {"check_date": day, "check_note": text})
        return self.get(opinion_id)

    def close(
        self,
        opinion_id: int,
        *,
        date: str,
        verdict: str,
        reported_meeting_id: int | None = None,
    ) -> Opinion:
        """Close the follow-up with its verdict (已落实 / 部分落实 / 未落实); the meeting
        the feedback was reported back to, when it was."""
        current = self.get(opinion_id)
        clean, errors = self._closing(current, date, verdict)
        if reported_meeting_id is not None:
            row = self._office.db.execute(
                "SELECT township_id FROM meetings WHERE id = ?", [reported_meeting_id]
            ).fetchone()
            if row is None or row[0] != current.township_id:
                errors["reported_meeting_id"] = f"找不到编号为 {reported_meeting_id} 的会议"
            clean["reported_meeting_id"] = reported_meeting_id
        if errors:
            raise ValidationError(errors)
        self._write(opinion_id, clean)
        return self.get(opinion_id)

    @staticmethod
    def _closing(
        current: Opinion, date: str, verdict: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        errors: dict[str, str] = {}
        if current.closed_date:
            errors["closed_date"] = f"这项意见已于{dates.format_date(current.closed_date)}办结"
            return {}, errors
        day = check.day(errors, "closed_date", date, required="请填写办结日期")
        if verdict not in VERDICTS:
            errors["verdict"] = "请选择落实情况：已落实、部分落实或未落实"
        if "closed_date" not in errors:
            errors.update(follow_errors(replace(current.dates, closed_date=day)))
        return {"closed_date": day, "verdict": verdict}, errors

    def reopen(self, opinion_id: int) -> Opinion:
        """Undo a closing recorded by mistake."""
        self.get(opinion_id)
        self._write(opinion_id, {"closed_date": "", "verdict": "", "reported_meeting_id": None})
        return self.get(opinion_id)

    def delete(self, opinion_id: int) -> None:
        self.get(opinion_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM oversight_opinions WHERE id = ?", [opinion_id])

    def _write(self, opinion_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{c} = ?" for c in values)
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE oversight_opinions SET {assignments}, updated_at = ? WHERE id = ?",
                [*values.values(), now_iso(), opinion_id],
            )
