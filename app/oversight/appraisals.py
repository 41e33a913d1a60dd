"""Work appraisals (工作评议) of a government office or station, and officials' duty
appraisals (述职评议), as processes: the subject (chosen by the session's vote, with its
counts, or named by the presidium), the stages with their dates and records (动员, 调查,
评议, 测评, 整改; for 述职评议: 述职, 测评, 整改), the activities of the survey (linked,
never copied), the 测评 tally, the rectification opinions followed to their feedback and
return check (office.opinions), and the closing verdict. The rules are in
app/oversight/rules.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NewType

from app.core import dates
from app.core.chinese import clean_text
from app.core.errors import NotFound, ValidationError
from app.core.records import from_row, new_uuid, now_iso, placeholders
from app.core.tally import Tally, percent, rating_verdict, tally_errors
from app.duties import record_checks as check
from app.meetings.rules import rank_candidates
from app.oversight.opinions import Opinion
from app.oversight.rules import (
    KINDS,
    VERDICTS,
    follow_state,
    stage_order_errors,
    stages_of,
)

if TYPE_CHECKING:
    from app.office import Office

AppraisalId = NewType("AppraisalId", int)
CHUNK = 500  # ids per query, well under SQLite's limit of parameters
# What the survey (调查) links, never copies: the records' table -> (link table, its column).
SURVEY_LINKS = {
    "activities": ("appraisal_activities", "activity_id"),
    "receptions": ("appraisal_receptions", "reception_id"),
}
SURVEY_LABELS = {"activities": "代表活动", "receptions": "接待选民记录"}
# Where an appraisal stands once its rectification opinions are sent (rules.FOLLOW_STATES).
RECTIFY_STATUS = {
    "sent": "整改中",
    "overdue": "整改逾期未反馈",
    "answered": "整改已反馈，待回头看",
    "checked": "已回头看，待结束",
    "closed": "已结束",
}


@dataclass(frozen=True)
class Stage:
    stage: str
    label: str
    planned_date: str = ""
    done_date: str = ""
    record: str = ""
    meeting_id: int | None = None
    meeting_title: str = ""

    def overdue(self, today: date) -> bool:
        return bool(self.planned_date and not self.done_date) and (
            self.planned_date < today.isoformat()
        )


@dataclass(frozen=True)
class Rating:
    """The 测评 of an appraisal, with its result under the office's settings."""

    id: int
    date: str
    place: str
    tally: Tally
    result: str
    note: str = ""

    @property
    def text(self) -> str:
        t = self.tally
        return (
            f"发出 {t.issued} 张，收回 {t.returned} 张；满意 {t.satisfied} 票，"
            f"基本满意 {t.basic} 票，不满意 {t.unsatisfied} 票；"
            f"满意率 {percent(t.approval)}，测评结果：{self.result}"
        )


@dataclass(frozen=True)
class PlannedStage:
    """A stage planned for a day, as the calendar lists it."""

    appraisal_id: int
    title: str
    stage: Stage
    closed: bool = False

    def status(self, today: date) -> str:
        """done | overdue | pending (the calendar's statuses)."""
        if self.stage.done_date or self.closed:
            return "done"
        return "overdue" if self.stage.overdue(today) else "pending"


@dataclass(frozen=True)
class Candidate:
    id: int
    subject: str
    votes: int
    appraisal_id: int | None


@dataclass(frozen=True)
class Appraisal:
    id: AppraisalId
    uuid: str
    township_id: int
    kind: str
    year: int
    subject: str
    post: str = ""
    vote_meeting_id: int | None = None
    votes_for: int | None = None
    votes_total: int | None = None
    plan: str = ""
    note: str = ""
    closed_date: str = ""
    verdict: str = ""
    closing_note: str = ""
    vote_meeting_title: str = ""
    stages: tuple[Stage, ...] = ()
    rating: Rating | None = None
    rectification: Opinion | None = None
    activity_ids: tuple[int, ...] = ()
    reception_ids: tuple[int, ...] = ()

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def title(self) -> str:
        """'对镇农业综合服务中心的工作评议', '对副镇长王𠮷的述职评议'"""
        who = f"{self.post}{self.subject}" if self.kind == "duty" else self.subject
        return f"对{who}的{self.kind_label}"

    @property
    def chosen_text(self) -> str:
        if self.vote_meeting_id is None:
            return "主席团确定"
        counts = f"，得 {self.votes_for} 票" if self.votes_for is not None else ""
        total = f"（全体代表 {self.votes_total} 名）" if self.votes_total else ""
        return f"{self.vote_meeting_title}票决确定{counts}{total}"

    @property
    def verdict_label(self) -> str:
        return VERDICTS.get(self.verdict, "")

    def stage(self, key: str) -> Stage:
        return next(s for s in self.stages if s.stage == key)

    def status(self, today: date | None = None) -> str:
        day = today or dates.today()
        if self.closed_date:
            return f"已结束（{self.verdict_label}）"
        if self.rectification is not None and self.rectification.sent_date:
            return RECTIFY_STATUS[follow_state(self.rectification.dates, day)]
        for stage in self.stages:
            if not stage.done_date:
                return f"待{stage.label}"
        return "待结束"


@dataclass(frozen=True)
class AppraisalRow:
    """One line of the yearly list of appraisals and their results."""

    id: AppraisalId
    kind_label: str
    year: int
    title: str
    chosen: str
    status: str
    rating: str
    approval: str
    rectification: str
    verdict: str
    subject: str = ""
    issued: int | None = None
    returned: int | None = None
    satisfied: int | None = None
    basic: int | None = None
    unsatisfied: int | None = None
    approval_share: float | None = None
    closed_date: str = ""


def _tally_values(values: Mapping[str, Any]) -> tuple[Tally, dict[str, str]]:
    errors: dict[str, str] = {}
    numbers = {
        key: check.count(errors, key, values.get(key), label=label)
        for key, label in (
            ("issued", "发出票数"),
            ("returned", "收回票数"),
            ("satisfied", "满意票数"),
            ("basic", "基本满意票数"),
            ("unsatisfied", "不满意票数"),
        )
    }
    return Tally(**numbers), errors


def _default_recipient(a: Appraisal) -> str:
    """The appraised office; for an official, the official with the post."""
    return f"{a.post}{a.subject}" if a.kind == "duty" else a.subject


class Appraisals:
    """office.appraisals"""

    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- reading ----------------------------------------------------------------------

    def get(self, appraisal_id: int) -> Appraisal:
        found = self.many([appraisal_id])
        if not found:
            raise NotFound(f"找不到编号为 {appraisal_id} 的评议")
        return found[0]

    def many(self, ids: Sequence[int]) -> list[Appraisal]:
        """These appraisals with their stages, 测评, rectification and linked activities,
        in the order of `ids`: a few queries per chunk, however many appraisals."""
        found: dict[int, Appraisal] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
            found.update(self._chunk(chunk))
        return [found[i] for i in ids if i in found]

    def _chunk(self, ids: list[int]) -> dict[int, Appraisal]:
        office = self._office
        marks = placeholders(len(ids))
        rows = list(
            office.db.query(
                "SELECT p.*, coalesce(m.title, '') AS vote_meeting_title FROM appraisals p"
                f" LEFT JOIN meetings m ON m.id = p.vote_meeting_id WHERE p.id IN ({marks})",
                ids,
            )
        )
        # The stages as plain tuples in Stage's field order: a prefecture's list builds
        # thousands of them, and a dict per row then a copy per Stage cost more than the
        # query (the 600 appraisal rows of a prefecture: 63-87 -> 46-48 ms, measured).
        stored: dict[int, dict[str, tuple[Any, ...]]] = {}
        for appraisal_id, stage, *values in office.db.execute(
            "SELECT s.appraisal_id, s.stage, s.planned_date, s.done_date, s.record,"
            " s.meeting_id, coalesce(m.title, '') FROM appraisal_stages s"
            f" LEFT JOIN meetings m ON m.id = s.meeting_id WHERE s.appraisal_id IN ({marks})",
            ids,
        ):
            stored.setdefault(appraisal_id, {})[stage] = tuple(values)
        ratings = {
            r["appraisal_id"]: self._rating(r)
            for r in office.db.query(f"SELECT * FROM ratings WHERE appraisal_id IN ({marks})", ids)
        }
        rectifications = office.opinions.of_appraisals(ids)
        links = {table: self._linked(table, ids) for table in ("activities", "receptions")}
        made = {}
        for row in rows:
            own = stored.get(row["id"], {})
            stages = tuple(
                Stage(key, label, *own[key]) if key in own else Stage(key, label)
                for key, label in stages_of(row["kind"]).items()
            )
            made[row["id"]] = from_row(
                Appraisal,
                {
                    **row,
                    "stages": stages,
                    "rating": ratings.get(row["id"]),
                    "rectification": rectifications.get(row["id"]),
                    "activity_ids": tuple(links["activities"].get(row["id"], ())),
                    "reception_ids": tuple(links["receptions"].get(row["id"], ())),
                },
            )
        return made

    def _linked(self, table: str, ids: list[int]) -> dict[int, list[int]]:
        """The linked records of the survey (SURVEY_LINKS), by appraisal, by date."""
        link, column = SURVEY_LINKS[table]
        found: dict[int, list[int]] = {}
        for appraisal_id, record_id in self._office.db.execute(
            f"SELECT x.appraisal_id, x.{column} FROM {link} x JOIN {table} r"
            f" ON r.id = x.{column} WHERE x.appraisal_id IN ({placeholders(len(ids))})"
            " ORDER BY r.date, r.id",
            ids,
        ):
            found.setdefault(appraisal_id, []).append(record_id)
        return found

    def serving(self, table: str, record_id: int) -> list[Appraisal]:
        """The appraisals whose survey an activity or a reception served (its page shows
        them): `table` is "activities" or "receptions"."""
        link, column = SURVEY_LINKS[table]
        rows = self._office.db.execute(
            f"SELECT appraisal_id FROM {link} WHERE {column} = ? ORDER BY appraisal_id",
            [record_id],
        )
        return self.many([r[0] for r in rows])

    def planned(self, start: str, end: str) -> list[PlannedStage]:
        """Stages planned from `start` to `end` (ISO days, both included) of this township's
        appraisals, for the calendar and 本月工作."""
        office = self._office
        rows = office.db.execute(
            "SELECT s.appraisal_id FROM appraisal_stages s JOIN appraisals p"
            " ON p.id = s.appraisal_id WHERE p.township_id = ? AND s.planned_date BETWEEN ? AND ?"
            " GROUP BY s.appraisal_id",
            [office.home_township_id(required=False), start, end],
        ).fetchall()
        found = []
        for a in self.many([r[0] for r in rows]):
            for s in a.stages:
                if s.planned_date and start <= s.planned_date <= end:
                    found.append(PlannedStage(a.id, a.title, s, bool(a.closed_date)))
        return sorted(found, key=lambda p: (p.stage.planned_date, p.appraisal_id))

    def rating(self, appraisal_id: int) -> Rating | None:
        rows = list(
            self._office.db.query("SELECT * FROM ratings WHERE appraisal_id = ?", [appraisal_id])
        )
        return self._rating(rows[0]) if rows else None

    def _rating(self, r: Mapping[str, Any]) -> Rating:
        tally = Tally(r["issued"], r["returned"], r["satisfied"], r["basic"], r["unsatisfied"])
        result = r["result"] or self.verdict_of(tally)
        return Rating(r["id"], r["date"], r["place"], tally, result, r["note"])

    def verdict_of(self, tally: Tally) -> str:
        """测评结果 under this office's settings."""
        settings = self._office.settings
        return rating_verdict(
            tally,
            satisfied_share=int(settings.get("rating_satisfied_share")),
            pass_share=int(settings.get("rating_pass_share")),
        )

    def ids(self, *, year: int | None = None, kind: str | None = None) -> list[AppraisalId]:
        """Appraisals, latest year first, then by subject."""
        office = self._office
        clauses, params = [], []
        township_id = office.home_township_id(required=False) if office.mode == "township" else None
        if township_id is not None:
            clauses.append("township_id = ?")
            params.append(township_id)
        if year is not None:
            clauses.append("year = ?")
            params.append(year)
        if kind:
            clauses.append("kind = ?")
            params.append(kind)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT id FROM appraisals{where} ORDER BY year DESC, kind DESC, id"
        return [AppraisalId(r[0]) for r in office.db.execute(sql, params)]

    def list(self, *, year: int | None = None, kind: str | None = None) -> list[Appraisal]:
        return self.many(self.ids(year=year, kind=kind))

    def rows(
        self, *, year: int | None = None, kind: str | None = None, today: date | None = None
    ) -> list[AppraisalRow]:
        """The yearly list of appraisals with their results (screen, command line, export)."""
        day = today or dates.today()
        found = []
        for a in self.list(year=year, kind=kind):
            rating = a.rating
            rect = a.rectification
            found.append(
                AppraisalRow(
                    id=a.id,
                    kind_label=a.kind_label,
                    year=a.year,
                    title=a.title,
                    chosen=a.chosen_text,
                    status=a.status(day),
                    rating=rating.result if rating else "",
                    approval=percent(rating.tally.approval) if rating else "",
                    rectification=rect.state_label(day) if rect else "",
                    verdict=a.verdict_label,
                    subject=f"{a.post}{a.subject}" if a.kind == "duty" else a.subject,
                    issued=rating.tally.issued if rating else None,
                    returned=rating.tally.returned if rating else None,
                    satisfied=rating.tally.satisfied if rating else None,
                    basic=rating.tally.basic if rating else None,
                    unsatisfied=rating.tally.unsatisfied if rating else None,
                    approval_share=rating.tally.approval if rating else None,
                    closed_date=a.closed_date,
                )
            )
        return found

    def years(self) -> list[int]:
        township_id = self._office.home_township_id(required=False)
        rows = self._office.db.execute(
            "SELECT DISTINCT year FROM appraisals WHERE township_id = ? ORDER BY year DESC",
            [township_id],
        )
        return [r[0] for r in rows]

    def candidates(self, meeting_id: int) -> list[Candidate]:
        rows = self._office.db.query(
            "SELECT id, subject, votes, appraisal_id FROM appraisal_candidates"
            " WHERE meeting_id = ? ORDER BY votes DESC, id",
            [meeting_id],
        )
        return [from_row(Candidate, r) for r in rows]

    # ---- the subject -------------------------------------------------------------------

    def _subject(self, errors: dict[str, str], values: Mapping[str, Any]) -> dict[str, Any]:
        kind = values.get("kind") or "work"
        if kind not in KINDS:
            errors["kind"] = "评议类型只能是工作评议或述职评议"
        subject = check.text(
            errors,
            "subject",
            values.get("subject"),
            label="评议对象",
            limit=60,
            required=(
                "请填写被评议的单位，如“镇农业综合服务中心”"
                if kind == "work"
                else "请填写述职的领导人员姓名"
            ),
        )
        post = check.text(errors, "post", values.get("post"), label="职务", limit=40)
        if kind == "duty" and not post and "post" not in errors:
            errors["post"] = "请填写述职人的职务，如“副镇长”"
        year = values.get("year") or dates.today().year
        try:
            year = int(year)
            if not 1990 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            errors["year"] = "年度应是四位数字，如 2026"
        return {
            "kind": kind,
            "subject": subject,
            "post": post,
            "year": year,
            "plan": check.long_text(errors, "plan", values.get("plan"), label="评议方案"),
            "note": check.long_text(errors, "note", values.get("note"), label="备注"),
        }

    def add(self, *, township_id: int | None = None, **values: Any) -> Appraisal:
        """An appraisal named by the presidium (kind, year, subject, post, plan, note)."""
        tid = township_id or self._office.home_township_id()
        errors: dict[str, str] = {}
        clean = self._subject(errors, values)
        if errors:
            raise ValidationError(errors)
        with self._office.transaction():
            new_id = self._insert(tid, clean)
        return self.get(new_id)

    def _insert(self, township_id: int, clean: dict[str, Any]) -> int:
        columns = ["uuid", "township_id", *clean]
        cursor = self._office.db.execute(
            f"INSERT INTO appraisals ({', '.join(columns)}) VALUES ({placeholders(len(columns))})",
            [new_uuid(), township_id, *clean.values()],
        )
        return int(cursor.lastrowid)

    def update(self, appraisal_id: int, **values: Any) -> Appraisal:
        current = self.get(appraisal_id)
        merged = {
            k: getattr(current, k) for k in ("kind", "subject", "post", "year", "plan", "note")
        } | values
        errors: dict[str, str] = {}
        clean = self._subject(errors, merged)
        if clean["kind"] != current.kind:
            errors["kind"] = "评议类型登记后不能更改；如登记错了，请删除后重新登记"
        if errors:
            raise ValidationError(errors)
        self._write(appraisal_id, clean)
        return self.get(appraisal_id)

    def choose_by_vote(
        self,
        meeting_id: int,
        votes: Mapping[str, Any],
        *,
        places: int,
        total: int | None = None,
    ) -> list[Appraisal]:
        """The session's vote on which offices to appraise this year (票决确定工作评议对象):
        every candidate with its votes is kept; the `places` most voted, each with more
        than half of all deputies' votes (`total`: the deputies of the session, by default
        those registered on its attendance), become appraisals. Ties across the last place
        elect none of the tied: the session votes again."""
        office = self._office
        meeting = office.meetings.get(meeting_id)
        errors: dict[str, str] = {}
        if meeting.kind != "session":
            errors["meeting_id"] = "评议对象由人民代表大会会议票决，请选择一次人代会"
        if self.candidates(meeting_id):
            errors["meeting_id"] = "这次会议已经登记过评议对象的票决结果"
        if total is None:
            total = office.db.execute(
                "SELECT count(*) FROM meeting_attendance WHERE meeting_id = ?"
                " AND deputy_id IS NOT NULL",
                [meeting_id],
            ).fetchone()[0]
        if not total or total < 0:
            errors["total"] = "请填写应参加表决的代表人数（会议还没有登记出席名单）"
        if places < 1:
            errors["places"] = "确定的评议对象至少 1 个"
        counts: dict[str, int] = {}
        for raw_subject, raw_votes in votes.items():
            subject = clean_text(raw_subject)
            number = check.count(errors, "votes", raw_votes, label=f"“{subject}”的得票数")
            if not subject:
                errors["votes"] = "候选评议对象的名称不能为空"
            elif subject in counts:
                errors["votes"] = f"候选评议对象“{subject}”重复了"
            elif total and number > total:
                errors["votes"] = (
                    f"“{subject}”的得票数（{number}）多于应参加表决的代表人数（{total}）"
                )
            counts[subject] = number
        if (
            "votes" not in errors
            and total
            and places >= 1
            and sum(counts.values()) > total * places
        ):
            errors["votes"] = (
                f"得票合计 {sum(counts.values())} 票，超过 {total} 名代表每人最多选 {places} 个"
                f"的总数（{total * places} 票），请核对"
            )
        if not counts and "votes" not in errors:
            errors["votes"] = "请填写候选评议对象和各自的得票数"
        if errors:
            raise ValidationError(errors)
        order = list(counts)
        ranked = rank_candidates(
            {i: counts[s] for i, s in enumerate(order)}, places, int(total or 0)
        )
        chosen = {r.project_id for r in ranked if r.elected}
        made: list[int] = []
        with office.transaction() as db:
            for index, subject in enumerate(order):
                appraisal_id = None
                if index in chosen:
                    appraisal_id = self._insert(
                        meeting.township_id,
                        {
                            "kind": "work",
                            "subject": subject,
                            "year": meeting.year,
                            "vote_meeting_id": meeting_id,
                            "votes_for": counts[subject],
                            "votes_total": total,
                        },
                    )
                    made.append(appraisal_id)
                db.execute(
                    "INSERT INTO appraisal_candidates (uuid, township_id, meeting_id, subject,"
                    " votes, appraisal_id) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        new_uuid(),
                        meeting.township_id,
                        meeting_id,
                        subject,
                        counts[subject],
                        appraisal_id,
                    ],
                )
        return [self.get(i) for i in made]

    # ---- stages ------------------------------------------------------------------------

    def set_stage(
        self,
        appraisal_id: int,
        stage: str,
        *,
        planned_date: str | None = None,
        done_date: str | None = None,
        record: str | None = None,
        meeting_id: int | None = None,
    ) -> Appraisal:
        """Plan or record one stage: its planned and actual dates, what was done (the
        plan, the survey, the meeting where the office reported), the meeting it took."""
        current = self.get(appraisal_id)
        labels = stages_of(current.kind)
        if stage not in labels:
            raise ValidationError(
                {"stage": f"{current.kind_label}的环节只有：{'、'.join(labels.values())}"}
            )
        old = current.stage(stage)
        errors: dict[str, str] = {}
        if current.closed_date:
            errors["stage"] = "这次评议已经结束，不能再修改环节"
        planned = check.day(
            errors,
            "planned_date",
            old.planned_date if planned_date is None else planned_date,
            allow_future=True,
        )
        done = check.day(errors, "done_date", old.done_date if done_date is None else done_date)
        text = check.long_text(
            errors, "record", old.record if record is None else record, label="环节记录"
        )
        meeting = old.meeting_id if meeting_id is None else (meeting_id or None)
        if meeting is not None:
            row = self._office.db.execute(
                "SELECT township_id FROM meetings WHERE id = ?", [meeting]
            ).fetchone()
            if row is None or row[0] != current.township_id:
                errors["meeting_id"] = f"找不到编号为 {meeting} 的会议"
        done_dates = {s.stage: s.done_date for s in current.stages} | {stage: done}
        if stage == "rating" and current.rating and done and done != current.rating.date:
            errors["done_date"] = "测评的日期随测评票数登记，请在登记测评结果时修改"
        errors.update(stage_order_errors(current.kind, done_dates))
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO appraisal_stages (uuid, appraisal_id, stage, planned_date,"
                " done_date, record, meeting_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (appraisal_id, stage) DO UPDATE SET planned_date ="
                " excluded.planned_date, done_date = excluded.done_date, record ="
                " excluded.record, meeting_id = excluded.meeting_id",
                [new_uuid(), appraisal_id, stage, planned, done, text, meeting],
            )
            self._touch(appraisal_id)
        return self.get(appraisal_id)

    def link_activities(self, appraisal_id: int, activity_ids: Iterable[int]) -> Appraisal:
        """The activities of the survey (inspections, visits, forums collecting opinions):
        linked to the appraisal as they are recorded on the activities page."""
        return self.link(appraisal_id, {"activities": activity_ids})

    def link_receptions(self, appraisal_id: int, reception_ids: Iterable[int]) -> Appraisal:
        """The receptions of voters at the liaison stations whose opinions the survey
        collected, linked as they are recorded on the receptions page."""
        return self.link(appraisal_id, {"receptions": reception_ids})

    def link(self, appraisal_id: int, records: Mapping[str, Iterable[int]]) -> Appraisal:
        """The survey's records: for each table named ("activities", "receptions"), the
        linked ones become exactly those ids, of the appraisal's township, in one write. An
        unknown id is refused and nothing changes."""
        current = self.get(appraisal_id)
        errors: dict[str, str] = {}
        wanted: dict[str, list[int]] = {}
        for table, ids in records.items():
            link, column = SURVEY_LINKS[table]
            field = f"{column}s"
            wanted[table] = list(dict.fromkeys(int(i) for i in ids))
            if current.closed_date:
                errors[field] = "这次评议已经结束，不能再修改调查环节"
            elif wanted[table]:
                rows = self._office.db.execute(
                    f"SELECT id FROM {table} WHERE township_id = ? AND id IN"
                    f" ({placeholders(len(wanted[table]))})",
                    [current.township_id, *wanted[table]],
                ).fetchall()
                missing = set(wanted[table]) - {r[0] for r in rows}
                if missing:
                    numbers = "、".join(map(str, sorted(missing)))
                    errors[field] = f"找不到编号为 {numbers} 的{SURVEY_LABELS[table]}"
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            for table, ids in wanted.items():
                link, column = SURVEY_LINKS[table]
                db.execute(f"DELETE FROM {link} WHERE appraisal_id = ?", [appraisal_id])
                db.conn.executemany(
                    f"INSERT INTO {link} (appraisal_id, {column}) VALUES (?, ?)",
                    [(appraisal_id, i) for i in ids],
                )
            self._touch(appraisal_id)
        return self.get(appraisal_id)

    def plan_stages(self, appraisal_id: int, planned: Mapping[str, str]) -> Appraisal:
        """The schedule: each stage's planned day (动员 … 整改; '' clears it), in one
        write. Planned days must follow the stages' order; a closed appraisal is not
        replanned."""
        current = self.get(appraisal_id)
        labels = stages_of(current.kind)
        errors: dict[str, str] = {}
        unknown = set(planned) - set(labels)
        if unknown:
            errors["stage"] = f"{current.kind_label}的环节只有：{'、'.join(labels.values())}"
        if current.closed_date:
            errors["stage"] = "这次评议已经结束，不能再修改计划日期"
        days = {s.stage: s.planned_date for s in current.stages}
        for key in labels:
            if key in planned:
                days[key] = check.day(errors, key, planned[key], allow_future=True)
        if not errors:
            errors.update(stage_order_errors(current.kind, days, planned=True))
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.conn.executemany(
                "INSERT INTO appraisal_stages (uuid, appraisal_id, stage, planned_date)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (appraisal_id, stage)"
                " DO UPDATE SET planned_date = excluded.planned_date",
                [(new_uuid(), appraisal_id, key, days[key]) for key in labels],
            )
            self._touch(appraisal_id)
        return self.get(appraisal_id)

    # ---- the 测评 ----------------------------------------------------------------------

    def record_rating(
        self,
        appraisal_id: int,
        *,
        date: str,
        place: str = "",
        note: str = "",
        **counts: Any,
    ) -> Appraisal:
        """The tally of the satisfaction ballot: issued, returned, satisfied, basic,
        unsatisfied. More counted than returned or issued is refused, nothing changes.
        The 测评 stage takes its date."""
        current = self.get(appraisal_id)
        unknown = set(counts) - {"issued", "returned", "satisfied", "basic", "unsatisfied"}
        if unknown:
            raise TypeError(f"unknown tally fields: {sorted(unknown)}")
        tally, errors = _tally_values(counts)
        if not errors:
            errors.update(tally_errors(tally))
        day = check.day(errors, "date", date, required="请填写测评日期")
        place_text = check.text(errors, "place", place, label="测评地点")
        note_text = check.long_text(errors, "note", note, label="备注")
        if current.closed_date:
            errors["date"] = "这次评议已经结束，不能再修改测评结果"
        done_dates = {s.stage: s.done_date for s in current.stages} | {"rating": day}
        if day:
            errors.update(stage_order_errors(current.kind, done_dates))
        if errors:
            raise ValidationError(errors)
        with self._office.transaction() as db:
            db.execute(
                "INSERT INTO ratings (uuid, township_id, appraisal_id, date, place, issued,"
                " returned, satisfied, basic, unsatisfied, result, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (appraisal_id) DO UPDATE SET date = excluded.date, place ="
                " excluded.place, issued = excluded.issued, returned = excluded.returned,"
                " satisfied = excluded.satisfied, basic = excluded.basic, unsatisfied ="
                " excluded.unsatisfied, result = excluded.result, note = excluded.note",
                [
                    new_uuid(),
                    current.township_id,
                    appraisal_id,
                    day,
                    place_text,
                    tally.issued,
                    tally.returned,
                    tally.satisfied,
                    tally.basic,
                    tally.unsatisfied,
                    self.verdict_of(tally),
                    note_text,
                ],
            )
            db.execute(
                "INSERT INTO appraisal_stages (uuid, appraisal_id, stage, done_date)"
                " VALUES (?, ?, 'rating', ?) ON CONFLICT (appraisal_id, stage)"
                " DO UPDATE SET done_date = excluded.done_date",
                [new_uuid(), appraisal_id, day],
            )
            self._touch(appraisal_id)
        return self.get(appraisal_id)

    # ---- rectification and closing -----------------------------------------------------

    def send_rectification(
        self,
        appraisal_id: int,
        *,
        sent_date: str,
        content: str,
        deadline: str = "",
        recipient: str = "",
    ) -> Appraisal:
        """The appraisal's opinions, sent to the office with a rectification deadline
        (by default the setting's months after sending). The 整改 stage starts."""
        current = self.get(appraisal_id)
        errors: dict[str, str] = {}
        if current.closed_date:
            errors["sent_date"] = "这次评议已经结束"
        if current.rating is None:
            errors["sent_date"] = "还没有登记测评结果；请先测评，再送交评议意见"
        else:
            sent = check.day({}, "sent_date", sent_date)
            if sent and sent < current.rating.date:
                errors["sent_date"] = "评议意见的送交日期不能早于测评日期"
        if errors:
            raise ValidationError(errors)
        opinions = self._office.opinions
        values = {
            "sent_date": sent_date,
            "deadline": deadline,
            "content": content,
            "recipient": recipient or _default_recipient(current),
        }
        with self._office.transaction():
            if current.rectification is None:
                opinions.add(
                    township_id=current.township_id,
                    source="appraisal",
                    appraisal_id=appraisal_id,
                    topic=current.title,
                    **values,
                )
            else:
                opinions.update(current.rectification.id, **values)
            self._touch(appraisal_id)
        return self.get(appraisal_id)

    def rectification_of(self, appraisal_id: int) -> Opinion:
        """The appraisal's rectification opinion; refused while none was sent."""
        current = self.get(appraisal_id)
        if current.rectification is None:
            raise ValidationError({"sent_date": "还没有送交评议意见，请先送交整改意见"})
        return current.rectification

    def record_feedback(self, appraisal_id: int, *, date: str, feedback: str) -> Appraisal:
        """The office's written report on its rectification (整改情况反馈)."""
        opinion = self.rectification_of(appraisal_id)
        self._office.opinions.record_feedback(opinion.id, date=date, feedback=feedback)
        return self.get(appraisal_id)

    def record_check(self, appraisal_id: int, *, date: str, note: str) -> Appraisal:
        """The return check (回头看) of the rectification."""
        opinion = self.rectification_of(appraisal_id)
        self._office.opinions.record_check(opinion.id, date=date, note=note)
        return self.get(appraisal_id)

    def close(self, appraisal_id: int, *, date: str, verdict: str, note: str = "") -> Appraisal:
        """The closing verdict on the rectification (已落实 / 部分落实 / 未落实). Refused
        while the rectification has no written feedback; the rectification follow-up is
        closed with it, in one transaction."""
        current = self.get(appraisal_id)
        errors: dict[str, str] = {}
        day = check.day(errors, "closed_date", date, required="请填写结束评议的日期")
        if verdict not in VERDICTS:
            errors["verdict"] = "请选择整改落实情况：已落实、部分落实或未落实"
        note_text = check.long_text(errors, "closing_note", note, label="评议结论")
        rect = current.rectification
        if current.closed_date:
            errors["closed_date"] = f"这次评议已于{dates.format_date(current.closed_date)}结束"
        elif rect is None or not rect.sent_date:
            errors["closed_date"] = "还没有送交整改意见，不能结束评议"
        elif not rect.feedback_date:
            errors["closed_date"] = (
                f"{current.subject}还没有书面反馈整改情况，不能结束评议；请先登记整改情况反馈"
            )
        elif day and day < rect.feedback_date:
            errors["closed_date"] = "结束评议的日期不能早于整改情况反馈日期"
        if errors:
            raise ValidationError(errors)
        assert rect is not None
        with self._office.transaction() as db:
            self._office.opinions.close(rect.id, date=day, verdict=verdict)
            db.execute(
                "INSERT INTO appraisal_stages (uuid, appraisal_id, stage, done_date)"
                " VALUES (?, ?, 'rectify', ?) ON CONFLICT (appraisal_id, stage)"
                " DO UPDATE SET done_date = excluded.done_date",
                [new_uuid(), appraisal_id, day],
            )
            self._write(
                appraisal_id, {"closed_date": day, "verdict": verdict, "closing_note": note_text}
            )
        return self.get(appraisal_id)

    def delete(self, appraisal_id: int) -> None:
        self.get(appraisal_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM appraisals WHERE id = ?", [appraisal_id])

    def _touch(self, appraisal_id: int) -> None:
        self._office.db.execute(
            "UPDATE appraisals SET updated_at = ? WHERE id = ?", [now_iso(), appraisal_id]
        )

    def _write(self, appraisal_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{c} = ?" for c in values)
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE appraisals SET {assignments}, updated_at = ? WHERE id = ?",
                [*values.values(), now_iso(), appraisal_id],
            )
