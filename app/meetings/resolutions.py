"""Resolutions and decisions (决议、决定) of a meeting, with their votes.

A resolution passes with more than half of ALL deputies (for a session: every deputy on
the expected list, not those present); the votes cast never exceed the deputies present."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid
from app.meetings.rules import majority_needed, passes

if TYPE_CHECKING:
    from app.meetings.attendance import Counts
    from app.meetings.meetings import Meetings
    from app.office import Office

RESOLUTION_KINDS = ("决议", "决定")


@dataclass(frozen=True)
class Resolution:
    id: int
    uuid: str
    meeting_id: int
    position: int
    kind: str
    title: str
    text: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def result_label(self) -> str:
        return "通过" if self.passed else "未通过"

    @property
    def votes_label(self) -> str:
        return f"赞成 {self.votes_for}，反对 {self.votes_against}，弃权 {self.votes_abstain}"


def vote_count(errors: dict[str, str], key: str, value: Any, label: str) -> int:
    """A count of votes as typed: a whole number, 0 or more; an error at `key` if not."""
    text = str(value if value is not None else "").strip()
    if not text:
        errors[key] = f"请填写{label}票数（没有填 0）"
        return 0
    try:
        number = int(text)
    except ValueError:
        errors[key] = f"{label}票数应是整数"
        return 0
    if number < 0:
        errors[key] = f"{label}票数不能是负数"
    return number


class Resolutions:
    def __init__(self, office: Office, meetings: Meetings) -> None:
        self._office = office
        self._meetings = meetings

    def list(self, meeting_id: int) -> list[Resolution]:
        rows = self._office.db.query(
            "SELECT * FROM meeting_resolutions WHERE meeting_id = ? ORDER BY position, id",
            [meeting_id],
        )
        return [from_row(Resolution, row) for row in rows]

    def get(self, resolution_id: int) -> Resolution:
        rows = list(
            self._office.db.query("SELECT * FROM meeting_resolutions WHERE id = ?", [resolution_id])
        )
        if not rows:
            raise NotFound("该决议已不存在")
        return from_row(Resolution, rows[0])

    def check(self, meeting_id: int, values: dict[str, Any]) -> dict[str, Any]:
        """Clean and check one resolution; `passed` None means 'as the votes say'."""
        counts = self._meetings.attendance.counts(meeting_id)
        errors: dict[str, str] = {}
        kind = clean_text(values.get("kind") or "决议")
        if kind not in RESOLUTION_KINDS:
            errors["kind"] = "类别只能是决议或决定"
        title = clean_text(values.get("title"))
        if not title:
            errors["title"] = "请填写决议（决定）名称，如“关于2026年财政预算的决议”"
        elif len(title) > 100:
            errors["title"] = "名称不能超过 100 个字"
        text = str(values.get("text") or "").replace("\r\n", "\n").strip()
        if len(text) > 20_000:
            errors["text"] = "内容不能超过 20000 个字"
        votes = {
            key: vote_count(errors, key, values.get(key), label)
            for key, label in (
                ("votes_for", "赞成"),
                ("votes_against", "反对"),
                ("votes_abstain", "弃权"),
            )
        }
        cast = sum(votes.values())
        if not any(k in errors for k in votes):
            if counts.expected == 0:
                errors["votes_for"] = (
                    "本次会议没有应到人员名单，无法按全体人员过半数判断是否通过；"
                    "请先在“出席情况”中列出应到人员"
                )
            elif counts.present == 0:
                errors["votes_for"] = "还没有登记出席的代表，请先在“出席情况”中登记出席"
            elif cast > counts.present:
                errors["votes_for"] = (
                    f"赞成、反对、弃权合计 {cast} 票，超过出席的 {counts.present} 名代表，"
                    "请核对票数"
                )
        carried = passes(votes["votes_for"], counts.expected)
        wanted = values.get("passed")
        if wanted is not None and not errors and bool(wanted) != carried:
            need = majority_needed(counts.expected)
            if wanted:
                errors["passed"] = (
                    f"赞成 {votes['votes_for']} 票，未超过全体代表（应到 {counts.expected} 人）的"
                    f"半数（至少 {need} 票），不能记为通过"
                )
            else:
                errors["passed"] = (
                    f"赞成 {votes['votes_for']} 票，已超过全体代表（应到 {counts.expected} 人）的"
                    f"半数（{need} 票），表决结果应为通过"
                )
        if errors:
            raise ValidationError(errors)
        return {"kind": kind, "title": title, "text": text, **votes, "passed": int(carried)}

    def add(self, meeting_id: int, **values: Any) -> Resolution:
        self._meetings.get(meeting_id)
        record = self.check(meeting_id, values)
        with self._office.transaction() as db:
            position = db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM meeting_resolutions"
                " WHERE meeting_id = ?",
                [meeting_id],
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO meeting_resolutions (uuid, meeting_id, position, kind, title, text,"
                " votes_for, votes_against, votes_abstain, passed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [new_uuid(), meeting_id, position, *record.values()],
            )
        return self.get(cursor.lastrowid)

    def update(self, resolution_id: int, **values: Any) -> Resolution:
        current = self.get(resolution_id)
        merged = {
            "kind": current.kind,
            "title": current.title,
            "text": current.text,
            "votes_for": current.votes_for,
            "votes_against": current.votes_against,
            "votes_abstain": current.votes_abstain,
            "passed": None,
            **values,
        }
        record = self.check(current.meeting_id, merged)
        assignments = ", ".join(f"{c} = ?" for c in record)
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE meeting_resolutions SET {assignments} WHERE id = ?",
                [*record.values(), resolution_id],
            )
        return self.get(resolution_id)

    def remove(self, resolution_id: int) -> None:
        self.get(resolution_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM meeting_resolutions WHERE id = ?", [resolution_id])

    def conflict(self, meeting_id: int, counts: Counts) -> str | None:
        """What a change of attendance would contradict among the recorded resolutions."""
        for r in self.list(meeting_id):
            if r.votes_cast > counts.present:
                return (
                    f"“{r.title}”已记录 {r.votes_cast} 票表决，出席代表不能少于 {r.votes_cast} 人；"
                    "请先核对该决议的票数"
                )
            if bool(r.passed) != passes(r.votes_for, counts.expected):
                return (
                    f"这样调整后应到 {counts.expected} 人，“{r.title}”的赞成票 {r.votes_for} 票"
                    "与已记录的表决结果不符；请先核对该决议的票数"
                )
        return None
