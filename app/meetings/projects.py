"""Livelihood projects decided by the deputies' vote (民生实事项目票决): the candidates,
the vote at a session, then the progress of the elected projects and the deputies'
year-end satisfaction rating (DOMAIN.md §3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid
from app.meetings.rules import Ranked, majority_needed, rank_candidates

if TYPE_CHECKING:
    from app.meetings.attendance import Counts
    from app.meetings.meetings import Meetings
    from app.office import Office

PROGRESS_STATUS = {
    "not_started": "未开工",
    "in_progress": "推进中",
    "completed": "已完成",
    "suspended": "暂缓实施",
}
INVESTMENT_MAX = 1_000_000  # 万元


@dataclass(frozen=True)
class ProjectVote:
    id: int
    uuid: str
    township_id: int
    meeting_id: int
    year: int
    places: int
    voters: int
    voted: bool
    note: str


@dataclass(frozen=True)
class Project:
    id: int
    uuid: str
    vote_id: int
    position: int
    name: str
    investment: float
    description: str
    planned_completion: str
    lead_unit: str
    votes: int | None
    rank: int | None
    elected: bool
    progress_status: str
    percent_done: int
    completed_date: str
    rating_satisfied: int | None
    rating_basic: int | None
    rating_unsatisfied: int | None
    rating_date: str

    @property
    def investment_label(self) -> str:
        return f"{self.investment:,.2f}".rstrip("0").rstrip(".")

    @property
    def progress_label(self) -> str:
        if not self.elected:
            return ""
        status = PROGRESS_STATUS.get(self.progress_status, "未开工")
        return f"{status} {self.percent_done}%"

    @property
    def rating_total(self) -> int:
        return (
            (self.rating_satisfied or 0) + (self.rating_basic or 0) + (self.rating_unsatisfied or 0)
        )

    @property
    def satisfaction_rate(self) -> float | None:
        total = self.rating_total
        if self.rating_satisfied is None or not total:
            return None
        return (self.rating_satisfied + (self.rating_basic or 0)) / total * 100

    @property
    def satisfaction_short(self) -> str:
        """'96.8%（54/7/2）': the rate, then 满意/基本满意/不满意."""
        rate = self.satisfaction_rate
        if rate is None:
            return ""
        return (
            f"{rate:.1f}%（{self.rating_satisfied}/{self.rating_basic}/{self.rating_unsatisfied}）"
        )

    @property
    def satisfaction_label(self) -> str:
        """'满意 40，基本满意 12，不满意 3（满意率 94.5%）'"""
        if self.rating_satisfied is None:
            return ""
        total = self.rating_total
        rate = (self.rating_satisfied + (self.rating_basic or 0)) / total * 100 if total else 0
        return (
            f"满意 {self.rating_satisfied}，基本满意 {self.rating_basic}，"
            f"不满意 {self.rating_unsatisfied}（满意率 {rate:.1f}%）"
        )


@dataclass(frozen=True)
class ProgressNote:
    id: int
    project_id: int
    date: str
    status: str
    percent: int
    note: str

    @property
    def status_label(self) -> str:
        return PROGRESS_STATUS[self.status]


@dataclass(frozen=True)
class VoteOutcome:
    vote: ProjectVote
    ranked: tuple[Ranked, ...]

    @property
    def elected(self) -> int:
        return sum(r.elected for r in self.ranked)

    @property
    def tied(self) -> tuple[int, ...]:
        """Candidates tied across the last place: none elected, a new vote decides."""
        return tuple(r.project_id for r in self.ranked if r.tied_at_cut)


def _whole(errors: dict[str, str], key: str, value: Any, label: str, *, minimum: int = 0) -> int:
    text = str(value if value is not None else "").strip()
    try:
        number = int(text)
    except ValueError:
        errors[key] = f"{label}应是整数"
        return 0
    if number < minimum:
        errors[key] = f"{label}不能小于 {minimum}"
    return number


class Projects:
    def __init__(self, office: Office, meetings: Meetings) -> None:
        self._office = office
        self._meetings = meetings

    # ---- reading ----------------------------------------------------------------------

    def vote(self, vote_id: int) -> ProjectVote:
        rows = list(self._office.db.query("SELECT * FROM project_votes WHERE id = ?", [vote_id]))
        if not rows:
            raise NotFound("该票决已不存在")
        return from_row(ProjectVote, rows[0])

    def vote_of_meeting(self, meeting_id: int) -> ProjectVote | None:
        rows = list(
            self._office.db.query("SELECT * FROM project_votes WHERE meeting_id = ?", [meeting_id])
        )
        return from_row(ProjectVote, rows[0]) if rows else None

    def get(self, project_id: int) -> Project:
        rows = list(
            self._office.db.query("SELECT * FROM livelihood_projects WHERE id = ?", [project_id])
        )
        if not rows:
            raise NotFound("该项目已不存在")
        return from_row(Project, rows[0])

    def candidates(self, vote_id: int) -> list[Project]:
        """In the order of the ballot (after the vote, the ranking is in `rank`)."""
        rows = self._office.db.query(
            "SELECT * FROM livelihood_projects WHERE vote_id = ? ORDER BY position, id", [vote_id]
        )
        return [from_row(Project, row) for row in rows]

    def ranking(self, vote_id: int) -> list[Project]:
        return sorted(self.candidates(vote_id), key=lambda p: (p.rank or 10**6, p.position))

    def progress(self, project_id: int) -> list[ProgressNote]:
        rows = self._office.db.query(
            "SELECT id, project_id, date, status, percent, note FROM project_progress"
            " WHERE project_id = ? ORDER BY date, id",
            [project_id],
        )
        return [from_row(ProgressNote, row) for row in rows]

    def elected(self, *, year: int | None = None, township_id: int | None = None) -> list[Project]:
        """The projects being carried out, for supervision."""
        tid = township_id or self._office.home_township_id(required=False)
        sql = (
            "SELECT p.* FROM livelihood_projects p JOIN project_votes v ON v.id = p.vote_id"
            " WHERE p.elected = 1"
        )
        params: list[Any] = []
        if tid is not None:
            sql += " AND v.township_id = ?"
            params.append(tid)
        if year is not None:
            sql += " AND v.year = ?"
            params.append(year)
        rows = self._office.db.query(sql + " ORDER BY v.year DESC, p.rank, p.position", params)
        return [from_row(Project, row) for row in rows]

    # ---- the vote and its candidates ----------------------------------------------------

    def open_vote(self, meeting_id: int, *, places: int, note: str = "") -> ProjectVote:
        """Prepare the vote of a session: how many projects it decides."""
        meeting = self._meetings.get(meeting_id)
        errors: dict[str, str] = {}
        if meeting.kind != "session":
            errors["places"] = "民生实事项目由人民代表大会票决，请在人代会中进行"
        elif self.vote_of_meeting(meeting_id) is not None:
            errors["places"] = "本次会议已有民生实事项目票决"
        number = _whole(errors, "places", places, "拟确定的项目数", minimum=1)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO project_votes (uuid, township_id, meeting_id, year, places, note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    new_uuid(),
                    meeting.township_id,
                    meeting_id,
                    meeting.year,
                    number,
                    clean_text(note),
                ],
            )
        return self.vote(cursor.lastrowid)

    def set_places(self, vote_id: int, places: int) -> ProjectVote:
        vote = self.vote(vote_id)
        errors: dict[str, str] = {}
        number = _whole(errors, "places", places, "拟确定的项目数", minimum=1)
        if vote.voted:
            errors["places"] = "已经记录了票决结果，不能再改项目数；如需更正，请先清除票决结果"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute("UPDATE project_votes SET places = ? WHERE id = ?", [number, vote_id])
        return self.vote(vote_id)

    def delete_vote(self, vote_id: int) -> None:
        self.vote(vote_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM project_votes WHERE id = ?", [vote_id])

    def _checked_candidate(self, values: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        name = clean_text(values.get("name"))
        if not name:
            errors["name"] = "请填写项目名称"
        elif len(name) > 60:
            errors["name"] = "项目名称不能超过 60 个字"
        raw = str(values.get("investment") or "0").strip().replace(",", "").replace("，", "")
        try:
            investment = round(float(raw), 2)
            if not 0 <= investment <= INVESTMENT_MAX:
                raise ValueError
        except ValueError:
            investment = 0.0
            errors["investment"] = "总投资应是以万元为单位的数字，如 120 或 35.5"
        description = str(values.get("description") or "").strip()
        if len(description) > 2000:
            errors["description"] = "项目简介不能超过 2000 个字"
        try:
            completion = dates.parse_partial_date(values.get("planned_completion") or "")
        except dates.DateError as exc:
            completion = ""
            errors["planned_completion"] = str(exc)
        lead = clean_text(values.get("lead_unit"))
        if len(lead) > 60:
            errors["lead_unit"] = "责任单位不能超过 60 个字"
        if errors:
            raise ValidationError(errors)
        return {
            "name": name,
            "investment": investment,
            "description": description,
            "planned_completion": completion,
            "lead_unit": lead,
        }

    def add_candidate(self, vote_id: int, **values: Any) -> Project:
        vote = self.vote(vote_id)
        record = self._checked_candidate(values)
        if vote.voted:
            raise ValidationError({"name": "已经记录了票决结果，不能再增加候选项目"})
        if any(p.name == record["name"] for p in self.candidates(vote_id)):
            raise ValidationError({"name": f"候选项目中已有“{record['name']}”"})
        with self._office.transaction() as db:
            position = db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM livelihood_projects WHERE vote_id = ?",
                [vote_id],
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO livelihood_projects (uuid, vote_id, position, name, investment,"
                " description, planned_completion, lead_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [new_uuid(), vote_id, position, *record.values()],
            )
        return self.get(cursor.lastrowid)

    def add_candidates(self, vote_id: int, rows: Sequence[dict[str, Any]]) -> list[Project]:
        """Add many candidates at once (pasted from a table): all are checked first, then
        all are saved, or none."""
        vote = self.vote(vote_id)
        if vote.voted:
            raise ValidationError({"candidates": "已经记录了票决结果，不能再增加候选项目"})
        names = {p.name for p in self.candidates(vote_id)}
        records = []
        problems = []
        for line, values in enumerate(rows, start=1):
            try:
                record = self._checked_candidate(values)
            except ValidationError as exc:
                problems.append(f"第 {line} 行：" + "；".join(exc.fields.values()))
                continue
            if record["name"] in names:
                problems.append(f"第 {line} 行：候选项目中已有“{record['name']}”")
            names.add(record["name"])
            records.append(record)
        if not rows:
            problems.append("没有读到候选项目，请每行填写一个项目")
        if problems:
            raise ValidationError({"candidates": "\n".join(problems)})
        ids = []
        with self._office.transaction() as db:
            position = db.execute(
                "SELECT coalesce(max(position), 0) FROM livelihood_projects WHERE vote_id = ?",
                [vote_id],
            ).fetchone()[0]
            for offset, record in enumerate(records, start=1):
                cursor = db.execute(
                    "INSERT INTO livelihood_projects (uuid, vote_id, position, name, investment,"
                    " description, planned_completion, lead_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [new_uuid(), vote_id, position + offset, *record.values()],
                )
                ids.append(cursor.lastrowid)
        return [self.get(i) for i in ids]

    def update_candidate(self, project_id: int, **values: Any) -> Project:
        current = self.get(project_id)
        merged = {
            "name": current.name,
            "investment": current.investment,
            "description": current.description,
            "planned_completion": current.planned_completion,
            "lead_unit": current.lead_unit,
            **values,
        }
        record = self._checked_candidate(merged)
        if any(
            p.name == record["name"] and p.id != project_id
            for p in self.candidates(current.vote_id)
        ):
            raise ValidationError({"name": f"候选项目中已有“{record['name']}”"})
        assignments = ", ".join(f"{c} = ?" for c in record)
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE livelihood_projects SET {assignments} WHERE id = ?",
                [*record.values(), project_id],
            )
        return self.get(project_id)

    def remove_candidate(self, project_id: int) -> None:
        project = self.get(project_id)
        if self.vote(project.vote_id).voted:
            raise ValidationError({"name": "已经记录了票决结果，不能再删除候选项目"})
        with self._office.transaction() as db:
            db.execute("DELETE FROM livelihood_projects WHERE id = ?", [project_id])

    def record_results(self, vote_id: int, votes: Mapping[int, Any]) -> VoteOutcome:
        """Record the votes for each candidate; rank them and elect up to the number of
        places, each with more than half of all deputies' votes."""
        vote = self.vote(vote_id)
        candidates = self.candidates(vote_id)
        counts = self._meetings.attendance.counts(vote.meeting_id)
        errors: dict[str, str] = {}
        if len(candidates) < vote.places:
            errors["votes"] = (
                f"候选项目只有 {len(candidates)} 个，少于拟确定的 {vote.places} 个，"
                "请先补充候选项目"
            )
        if counts.present == 0:
            errors["votes"] = "还没有登记出席的代表，请先在“出席情况”中登记出席"
        if vote.voted and self._has_progress(vote_id):
            errors["votes"] = (
                "当选项目已有实施进展记录，不能再更改得票；如确需更正，请先删除进展记录"
            )
        numbers: dict[int, int] = {}
        for p in candidates:
            key = f"votes_{p.id}"
            if votes.get(p.id) in (None, ""):
                errors[key] = f"请填写“{p.name}”的得票数（没有得票填 0）"
                continue
            number = _whole(errors, key, votes[p.id], f"“{p.name}”的得票数")
            if key not in errors and number > counts.present:
                errors[key] = (
                    f"“{p.name}”得 {number} 票，超过出席的 {counts.present} 名代表，请核对"
                )
            numbers[p.id] = number
        if not errors and sum(numbers.values()) > counts.present * vote.places:
            errors["votes"] = (
                f"得票合计 {sum(numbers.values())} 票，超过出席代表每人最多选 {vote.places} 项"
                f"的总数（{counts.present * vote.places} 票），请核对"
            )
        if errors:
            raise ValidationError(errors)
        ranked = rank_candidates(numbers, vote.places, counts.expected)
        with self._office.transaction() as db:
            for r in ranked:
                db.execute(
                    "UPDATE livelihood_projects SET votes = ?, rank = ?, elected = ? WHERE id = ?",
                    [r.votes, r.rank, int(r.elected), r.project_id],
                )
            db.execute(
                "UPDATE project_votes SET voted = 1, voters = ? WHERE id = ?",
                [counts.present, vote_id],
            )
        return VoteOutcome(self.vote(vote_id), tuple(ranked))

    def clear_results(self, vote_id: int) -> ProjectVote:
        """Undo a recorded result (a typing mistake); progress notes are kept only for
        projects that stay elected, so this is refused once progress was recorded."""
        self.vote(vote_id)
        if self._has_progress(vote_id):
            raise ValidationError(
                {"votes": "当选项目已有进展记录，不能清除票决结果；请逐项更正进展记录"}
            )
        with self._office.transaction() as db:
            db.execute(
                "UPDATE livelihood_projects SET votes = NULL, rank = NULL, elected = 0"
                " WHERE vote_id = ?",
                [vote_id],
            )
            db.execute("UPDATE project_votes SET voted = 0, voters = 0 WHERE id = ?", [vote_id])
        return self.vote(vote_id)

    def _has_progress(self, vote_id: int) -> bool:
        return bool(
            self._office.db.execute(
                "SELECT count(*) FROM project_progress g JOIN livelihood_projects p"
                " ON p.id = g.project_id WHERE p.vote_id = ?",
                [vote_id],
            ).fetchone()[0]
        )

    def conflict(self, meeting_id: int, counts: Counts) -> str | None:
        """What a change of attendance would contradict in a recorded vote."""
        vote = self.vote_of_meeting(meeting_id)
        if vote is None or not vote.voted:
            return None
        candidates = self.candidates(vote.id)
        most = max((p.votes or 0 for p in candidates), default=0)
        if most > counts.present:
            return (
                f"民生实事项目票决中有项目得 {most} 票，出席代表不能少于 {most} 人；"
                "请先核对票决结果"
            )
        ranked = rank_candidates(
            {p.id: p.votes or 0 for p in candidates}, vote.places, counts.expected
        )
        elected = {r.project_id for r in ranked if r.elected}
        if elected != {p.id for p in candidates if p.elected}:
            return (
                f"这样调整后应到 {counts.expected} 人"
                f"（过半数为 {majority_needed(counts.expected)} 票），"
                "民生实事项目的当选结果会改变；请先核对票决结果"
            )
        return None

    # ---- after the vote ------------------------------------------------------------------

    def add_progress(
        self, project_id: int, *, date: str, status: str, percent: Any, note: str = ""
    ) -> ProgressNote:
        """A dated progress note of an elected project; the latest note is its state."""
        project = self.get(project_id)
        vote = self.vote(project.vote_id)
        meeting = self._meetings.get(vote.meeting_id)
        errors: dict[str, str] = {}
        if not project.elected:
            errors["status"] = "只有票决当选的项目才登记实施进展"
        try:
            day = dates.parse_date(date)
            if not day:
                errors["date"] = "请填写日期"
        except dates.DateError as exc:
            day = ""
            errors["date"] = str(exc)
        if day and day < meeting.start_date:
            errors["date"] = (
                f"日期早于票决的会议（{dates.format_date(meeting.start_date)}），请核对"
            )
        elif day and day > dates.today().isoformat():
            errors["date"] = "日期不能晚于今天"
        by_label = {label: key for key, label in PROGRESS_STATUS.items()}
        state = by_label.get(status, status)
        if state not in PROGRESS_STATUS:
            errors["status"] = "请选择进展状态：未开工、推进中、已完成或暂缓实施"
        value = _whole(errors, "percent", percent, "完成百分比")
        if "percent" not in errors and not 0 <= value <= 100:
            errors["percent"] = "完成百分比应在 0 到 100 之间"
        if state == "completed" and "percent" not in errors and value != 100:
            errors["percent"] = "已完成的项目，完成百分比应为 100"
        text = str(note or "").strip()
        if len(text) > 2000:
            errors["note"] = "进展情况不能超过 2000 个字"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            cursor = db.execute(
                "INSERT INTO project_progress (uuid, project_id, date, status, percent, note)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [new_uuid(), project_id, day, state, value, text],
            )
            self._refresh_state(project_id)
        return next(n for n in self.progress(project_id) if n.id == cursor.lastrowid)

    def remove_progress(self, note_id: int) -> None:
        row = self._office.db.execute(
            "SELECT project_id FROM project_progress WHERE id = ?", [note_id]
        ).fetchone()
        if row is None:
            raise NotFound("该进展记录已不存在")
        with self._office.transaction() as db:
            db.execute("DELETE FROM project_progress WHERE id = ?", [note_id])
            self._refresh_state(row[0])

    def _refresh_state(self, project_id: int) -> None:
        notes = self.progress(project_id)
        last = notes[-1] if notes else None
        self._office.db.execute(
            "UPDATE livelihood_projects SET progress_status = ?, percent_done = ?,"
            " completed_date = ? WHERE id = ?",
            [
                last.status if last else "",
                last.percent if last else 0,
                last.date if last and last.status == "completed" else "",
                project_id,
            ],
        )

    def rate(
        self, project_id: int, *, satisfied: Any, basic: Any, unsatisfied: Any, date: str
    ) -> Project:
        """The deputies' year-end satisfaction rating of an elected project."""
        project = self.get(project_id)
        vote = self.vote(project.vote_id)
        counts = self._meetings.attendance.counts(vote.meeting_id)
        errors: dict[str, str] = {}
        if not project.elected:
            errors["rating_satisfied"] = "只有票决当选的项目才进行满意度测评"
        numbers = [
            _whole(errors, key, value, label)
            for key, value, label in (
                ("rating_satisfied", satisfied, "满意票数"),
                ("rating_basic", basic, "基本满意票数"),
                ("rating_unsatisfied", unsatisfied, "不满意票数"),
            )
        ]
        total = sum(numbers)
        if not errors and total == 0:
            errors["rating_satisfied"] = "请填写测评票数"
        elif not errors and total > counts.expected:
            errors["rating_satisfied"] = (
                f"测评票合计 {total} 票，超过全体代表 {counts.expected} 人，请核对"
            )
        try:
            day = dates.parse_date(date)
            if not day:
                errors["rating_date"] = "请填写测评日期"
        except dates.DateError as exc:
            day = ""
            errors["rating_date"] = str(exc)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "UPDATE livelihood_projects SET rating_satisfied = ?, rating_basic = ?,"
                " rating_unsatisfied = ?, rating_date = ? WHERE id = ?",
                [*numbers, day, project_id],
            )
        return self.get(project_id)


CANDIDATE_COLUMNS = ("name", "investment", "planned_completion", "lead_unit", "description")


def parse_candidates(text: str) -> list[dict[str, str]]:
    """Rows pasted from Excel or a Word table (tab-separated) or typed with commas:
    名称, 总投资（万元）, 计划完成, 责任单位, 简介. Blank lines and a header row are skipped."""
    rows = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        cells = line.split("\t") if "\t" in line else line.replace("，", ",").split(",")
        cells = [clean_text(c) for c in cells]
        if cells[0] in ("项目名称", "名称", "候选项目"):
            continue
        rows.append(dict(zip(CANDIDATE_COLUMNS, cells, strict=False)))
    return rows
