"""A motion (议案) the presidium put on the session's agenda, and the resolution (决议、决定)
the session passed on it: the link is kept both ways, so the motion shows the resolution
that answered it and the resolution the motion it came from (议案 → 决议).

    office.suggestions.motions.link(motion_id, resolution_id)
    office.suggestions.motions.resolution_of(motion_id)   # -> MotionResolution | None
    office.suggestions.motions.of_resolution(resolution_id)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core import dates
from app.core.errors import ValidationError
from app.core.records import from_row

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class MotionResolution:
    """One link: the motion and the resolution passed on it, at which session."""

    suggestion_id: int
    motion_number: str
    motion_title: str
    resolution_id: int
    resolution_kind: str
    resolution_title: str
    meeting_id: int
    meeting_title: str
    meeting_date: str

    @property
    def motion_label(self) -> str:
        return f"{self.motion_number}《{self.motion_title}》"

    @property
    def resolution_label(self) -> str:
        """'《关于……的决议》（…第二次会议，2026年3月12日通过）'"""
        return (
            f"《{self.resolution_title}》（{self.meeting_title}，"
            f"{dates.format_date(self.meeting_date)}通过）"
        )


_SELECT = (
    "SELECT l.suggestion_id, s.number AS motion_number, s.title AS motion_title,"
    " l.resolution_id, r.kind AS resolution_kind, r.title AS resolution_title,"
    " m.id AS meeting_id, m.title AS meeting_title, m.start_date AS meeting_date"
    " FROM motion_resolutions l JOIN suggestions s ON s.id = l.suggestion_id"
    " JOIN meeting_resolutions r ON r.id = l.resolution_id"
    " JOIN meetings m ON m.id = r.meeting_id"
)


class MotionLinks:
    def __init__(self, office: Office) -> None:
        self._office = office

    def resolution_of(self, motion_id: int) -> MotionResolution | None:
        rows = list(self._office.db.query(_SELECT + " WHERE l.suggestion_id = ?", [motion_id]))
        return from_row(MotionResolution, rows[0]) if rows else None

    def of_resolution(self, resolution_id: int) -> list[MotionResolution]:
        rows = self._office.db.query(
            _SELECT + " WHERE l.resolution_id = ? ORDER BY s.number", [resolution_id]
        )
        return [from_row(MotionResolution, r) for r in rows]

    def of_meeting(self, meeting_id: int) -> list[MotionResolution]:
        rows = self._office.db.query(
            _SELECT + " WHERE r.meeting_id = ? ORDER BY r.position, s.number", [meeting_id]
        )
        return [from_row(MotionResolution, r) for r in rows]

    def on_agenda(self, township_id: int) -> list[tuple[int, str]]:
        """Motions the presidium put on the agenda with no resolution yet: (id, label)."""
        rows = self._office.db.execute(
            "SELECT id, number, title FROM suggestions WHERE township_id = ? AND kind = 'motion'"
            " AND status = 'on_agenda' AND id NOT IN (SELECT suggestion_id FROM"
            " motion_resolutions) ORDER BY number",
            [township_id],
        ).fetchall()
        return [(r[0], f"{r[1]}《{r[2]}》") for r in rows]

    def link(self, motion_id: int, resolution_id: int) -> MotionResolution:
        """Link a motion on the agenda to the resolution its session passed."""
        motion = self._office.suggestions.get(motion_id)
        resolution = self._office.meetings.resolutions.get(resolution_id)
        meeting = self._office.meetings.get(resolution.meeting_id)
        errors: dict[str, str] = {}
        if motion.kind != "motion":
            errors["motion"] = f"{motion.number}是建议，不是议案；只有列入大会议程的议案才形成决议"
        elif motion.status != "on_agenda":
            errors["motion"] = (
                f"议案{motion.number}现在是“{motion.status_label}”，只有主席团决定列入大会议程的"
                "议案才由大会表决形成决议"
            )
        elif motion.township_id != meeting.township_id:
            errors["motion"] = f"议案{motion.number}不是本乡镇的议案"
        if meeting.kind != "session":
            errors["resolution"] = "议案由人民代表大会会议表决，请选择人代会的决议、决定"
        elif not resolution.passed:
            errors["resolution"] = f"《{resolution.title}》未获通过，议案不能关联未通过的决议"
        elif motion.received_date and meeting.start_date < motion.received_date:
            errors["resolution"] = (
                f"会议日期（{dates.format_date(meeting.start_date)}）早于议案提出日期"
                f"（{dates.format_date(motion.received_date)}），请核对"
            )
        existing = self.resolution_of(motion_id)
        if existing is not None and not errors:
            errors["motion"] = (
                f"议案{motion.number}已关联{existing.resolution_label}；如关联有误，请先取消关联"
            )
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO motion_resolutions (suggestion_id, resolution_id) VALUES (?, ?)",
                [motion_id, resolution_id],
            )
        found = self.resolution_of(motion_id)
        assert found is not None
        return found

    def unlink(self, motion_id: int) -> None:
        if self.resolution_of(motion_id) is None:
            raise ValidationError({"motion": "这件议案没有关联决议"})
        with self._office.transaction() as db:
            db.execute("DELETE FROM motion_resolutions WHERE suggestion_id = ?", [motion_id])
