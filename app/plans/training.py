"""Deputies' training (代表学习培训). Seed: "制定了代表年度培训计划，组织代表集中培训两次，
分散学习四次". A training is an activity of kind 学习培训 (its date, topic and participants
are the activity's); beside it are kept its mode (集中培训 / 分散学习 / 线上自学 …), its
hours and who organised it (the county or the township). Each deputy's hours of a year are
summed here and shown in part ④ of their yearly file and counted in the duty score
(both registered in app/areas.py): a training whose hours are recorded earns the rule's
points per hour (培训学时), in place of the per-time rule of activities; the hours scored
are the hours recorded, so the score and the training records agree. The year's training
plan is made of the work plan's items of kind 学习培训."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.chinese import to_halfwidth
from app.core.errors import NotFound, ValidationError
from app.core.ids import DeputyId
from app.core.records import now_iso
from app.duties.activities import ActivityQuery
from app.duties.scoring import RuleSpec, ScoreEvent, ScoreSource

if TYPE_CHECKING:
    from app.deputies.deputies import Deputy
    from app.duties.year_file import FileEntry
    from app.office import Office

TRAINING_KIND = "学习培训"
MODES = ("集中培训", "分散学习", "线上自学", "外出考察学习", "其他")
LEVELS = {"county": "县级组织", "township": "乡镇组织", "other": "其他单位"}
MAX_HOURS = 200


@dataclass(frozen=True)
class Training:
    activity_id: int
    date: str
    topic: str
    participants: int
    mode: str = "集中培训"
    hours: float = 0
    organiser_level: str = "township"
    recorded: bool = False  # False: mode and hours not entered yet

    @property
    def level_label(self) -> str:
        return LEVELS[self.organiser_level]

    @property
    def hours_label(self) -> str:
        return f"{self.hours:g} 学时" if self.recorded else "学时未填"


def format_hours(value: float) -> str:
    return f"{value:g}"


class Trainings:
    """office.trainings"""

    def __init__(self, office: Office) -> None:
        self._office = office

    def _details(self, ids: list[int]) -> dict[int, tuple[str, float, str]]:
        if not ids:
            return {}
        rows = self._office.db.execute(
            "SELECT activity_id, mode, hours, organiser_level FROM training_details"
            f" WHERE activity_id IN ({', '.join('?' * len(ids))})",
            ids,
        ).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def year(self, year: int) -> list[Training]:
        """The year's trainings, by date, with their mode and hours."""
        activities = self._office.activities
        ids = activities.search(ActivityQuery(year=year, kind=TRAINING_KIND))
        rows = activities.rows(ids)
        details = self._details([r.id for r in rows])
        found = []
        for r in sorted(rows, key=lambda r: (r.date, r.id)):
            mode, hours, level = details.get(r.id, ("集中培训", 0, "township"))
            found.append(
                Training(r.id, r.date, r.topic, r.participants, mode, hours, level,
                         r.id in details)
            )  # fmt: skip
        return found

    def set(
        self, activity_id: int, *, mode: str, hours: object, organiser_level: str = "township"
    ) -> Training:
        activity = self._office.activities.get(activity_id)
        errors: dict[str, str] = {}
        if activity.kind != TRAINING_KIND:
            errors["activity_id"] = f"“{activity.topic}”不是学习培训，不能登记学时"
        if mode not in MODES:
            errors["mode"] = "培训方式请选择：" + "、".join(MODES)
        try:
            value = float(
                to_halfwidth(str(hours)).strip().removesuffix("学时").removesuffix("小时")
            )
            if not 0 < value <= MAX_HOURS:
                raise ValueError
        except ValueError:
            errors["hours"] = f"学时应是大于 0、不超过 {MAX_HOURS} 的数，如 4 或 2.5"
            value = 0
        if organiser_level not in LEVELS:
            errors["organiser_level"] = "组织单位请选择：县级组织、乡镇组织或其他单位"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO training_details (activity_id, mode, hours, organiser_level)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (activity_id) DO UPDATE SET"
                " mode = excluded.mode, hours = excluded.hours,"
                " organiser_level = excluded.organiser_level, updated_at = ?",
                [activity_id, mode, value, organiser_level, now_iso()],
            )
        return self.get(activity_id)

    def get(self, activity_id: int) -> Training:
        activity = self._office.activities.get(activity_id)
        found = [t for t in self.year(int(activity.date[:4])) if t.activity_id == activity_id]
        if not found:
            raise NotFound(f"“{activity.topic}”不是学习培训")
        return found[0]

    def _attended(self, trainings: list[Training], deputy_id: int | None = None) -> list[tuple]:
        """(deputy id, training's activity id) of who attended these trainings: one query,
        not one activity read per training (a prefecture's year holds hundreds)."""
        ids = [t.activity_id for t in trainings]
        if not ids:
            return []
        sql = (
            "SELECT deputy_id, activity_id FROM activity_deputies"
            f" WHERE activity_id IN ({', '.join('?' * len(ids))})"
        )
        params: list[int] = list(ids)
        if deputy_id is not None:
            sql += " AND deputy_id = ?"
            params.append(deputy_id)
        return self._office.db.execute(sql, params).fetchall()

    def hours_by_deputy(self, year: int) -> dict[int, tuple[int, float]]:
        """deputy id -> (trainings attended, hours) in the year."""
        trainings = self.year(year)
        hours = {t.activity_id: t.hours for t in trainings}
        found: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
        for deputy_id, activity_id in self._attended(trainings):
            found[deputy_id][0] += 1
            found[deputy_id][1] += hours[activity_id]
        return {d: (int(v[0]), float(v[1])) for d, v in found.items()}

    def deputy_year(self, deputy_id: int, year: int) -> tuple[list[Training], float]:
        everything = self.year(year)
        attended = {activity_id for _, activity_id in self._attended(everything, deputy_id)}
        trainings = [t for t in everything if t.activity_id in attended]
        return trainings, sum(t.hours for t in trainings)


def training_file_entries(office: Office, deputy: Deputy, year: int) -> list[FileEntry]:
    """Part ④ of the yearly file: the year's training hours in one line."""
    from app.duties.year_file import FileEntry

    trainings, hours = office.trainings.deputy_year(deputy.id, year)
    if not trainings:
        return []
    by_mode: dict[str, float] = defaultdict(float)
    for t in trainings:
        by_mode[t.mode] += t.hours
    modes = "，".join(f"{m} {format_hours(h)} 学时" for m, h in by_mode.items() if h)
    missing = sum(not t.recorded for t in trainings)
    detail = modes + (f"（{missing} 次培训未填学时）" if missing else "")
    return [
        FileEntry(
            4,
            str(year),
            f"全年参加学习培训 {len(trainings)} 次，共 {format_hours(hours)} 学时",
            detail,
        )
    ]


# ---- the duty score: training by its hours -----------------------------------------------
# The default: half a point an hour, at most 6 points a year (12 hours), beside the 1 point
# a time (at most 4) that a training without recorded hours still earns as an activity.
HOURS_RULE = RuleSpec("training_hours", "", "学习培训（每学时）", 0.5, 6)


def training_hour_events(office: Office, township_id: int, year: int) -> list[ScoreEvent]:
    """One event per participant of each training of the year whose hours are recorded,
    counting its hours (the rule's points are per hour)."""
    rows = office.db.execute(
        "SELECT ad.deputy_id, a.date, a.id, a.topic, t.hours, t.mode"
        " FROM activity_deputies ad JOIN activities a ON a.id = ad.activity_id"
        " JOIN training_details t ON t.activity_id = a.id"
        " WHERE a.township_id = ? AND a.kind = ? AND a.date >= ? AND a.date < ?"
        " AND t.hours > 0",
        [township_id, TRAINING_KIND, f"{year}-01-01", f"{year + 1}-01-01"],
    ).fetchall()
    return [
        ScoreEvent(
            DeputyId(d),
            HOURS_RULE.event,
            "",
            day,
            "activity",
            aid,
            f"学习培训：{topic}（{mode} {format_hours(hours)} 学时）",
            float(hours),
        )
        for d, day, aid, topic, hours, mode in rows
    ]


TRAINING_HOURS = ScoreSource(
    "学习培训学时", lambda _office: [HOURS_RULE], training_hour_events, supersedes=True
)
