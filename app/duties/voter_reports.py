"""Deputies' reports to their voters (代表向选民述职) and the voters' anonymous rating
(满意 / 基本满意 / 不满意), announced on the spot (DOMAIN.md §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.errors import ValidationError
from app.core.ids import DeputyId, TownshipId, VoterReportId
from app.core.records import from_row, new_uuid, placeholders
from app.core.settings import DEFAULTS
from app.core.tally import Tally, rating_verdict
from app.duties import record_checks as check
from app.duties.record_queries import Where, one_row, years_where

if TYPE_CHECKING:
    from app.office import Office

ATTACHMENT_KIND = "voter_report"
FIELDS = (
    "deputy_id",
    "date",
    "place",
    "voters_present",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "result",
    "note",
)
# The shares of the office's 测评 settings (defaults: 满意 above 50 %, 基本满意 from 60 %,
# a common local rule), so a report to voters and an appraisal never count alike ballots
# differently.
SATISFIED_SHARE = int(DEFAULTS["rating_satisfied_share"])
PASS_SHARE = int(DEFAULTS["rating_pass_share"])


@dataclass(frozen=True)
class VoterReport:
    id: VoterReportId
    uuid: str
    township_id: TownshipId
    deputy_id: DeputyId
    date: str
    place: str
    voters_present: int
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0
    result: str = ""
    note: str = ""
    deputy_name: str = ""

    @property
    def ballots(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    @property
    def approval(self) -> float | None:
        """(满意 + 基本满意) / ballots, or None when no rating was held."""
        return (self.satisfied + self.basically_satisfied) / self.ballots if self.ballots else None

    @property
    def verdict(self) -> str:
        return verdict(self.satisfied, self.basically_satisfied, self.unsatisfied)

    @property
    def rating_text(self) -> str:
        if not self.ballots:
            return "未进行测评"
        return (
            f"满意 {self.satisfied} 票，基本满意 {self.basically_satisfied} 票，"
            f"不满意 {self.unsatisfied} 票；满意率 {self.approval:.1%}"
        )

    def form_values(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FIELDS}


def verdict(satisfied: int, basic: int, unsatisfied: int) -> str:
    """The result announced on the spot, by the shares (a split 40/35/25 is 基本满意, not
    满意), counted by the one tally every 测评 of the office uses (app/core/tally.py):
    满意 above SATISFIED_SHARE % of the ballots, 基本满意 from PASS_SHARE %."""
    counted = satisfied + basic + unsatisfied
    ballots = Tally(
        issued=counted, returned=counted, satisfied=satisfied, basic=basic, unsatisfied=unsatisfied
    )
    return rating_verdict(ballots, satisfied_share=SATISFIED_SHARE, pass_share=PASS_SHARE)


class VoterReports:
    """office.voter_reports"""

    def __init__(self, office: Office) -> None:
        self._office = office

    def get(self, report_id: int) -> VoterReport:
        row = one_row(
            self._office.db,
            "SELECT v.*, d.name AS deputy_name FROM voter_reports v"
            " JOIN deputies d ON d.id = v.deputy_id WHERE v.id = ?",
            report_id,
            f"找不到编号为 {report_id} 的述职记录",
        )
        return from_row(VoterReport, row)

    def list(
        self,
        *,
        year: int | None = None,
        deputy_id: int | None = None,
        township_id: int | None = None,
        since: str = "",
        until: str = "",
    ) -> list[VoterReport]:
        """Reports, latest first."""
        where = (
            Where()
            .township(self._office, "v.township_id", township_id)
            .year("v.date", year)
            .equal("v.deputy_id", deputy_id)
        )
        if since:
            where.add("v.date >= ?", since)
        if until:
            where.add("v.date <= ?", until)
        where_sql, params = where.sql, where.params
        rows = self._office.db.query(
            "SELECT v.*, d.name AS deputy_name FROM voter_reports v"
            f" JOIN deputies d ON d.id = v.deputy_id{where_sql} ORDER BY v.date DESC, v.id DESC",
            params,
        )
        return [from_row(VoterReport, row) for row in rows]

    def years(self) -> list[int]:
        """The years that have reports, latest first (the page's year filter): read from
        the dates alone, not every report of a prefecture's 10,000 (75 ms -> a few)."""
        where = Where().township(self._office, "v.township_id", None)
        return years_where(self._office.db, " voter_reports v", "v.date", (where.sql, where.params))

    def not_reported(
        self, *, period: str = "term", today: date | None = None, township_id: int | None = None
    ) -> list[DeputyId]:
        """Serving township deputies of the current term who have not reported to their
        voters this term (period "term") or this calendar year (period "year")."""
        office = self._office
        day = today or dates.today()
        term = office.terms.current(township_id)
        if term is None:
            return []
        since = term.start_date if period == "term" else f"{day.year}-01-01"
        rows = office.db.execute(
            "SELECT d.id FROM deputies d WHERE d.term_id = ? AND d.status = 'serving'"
            " AND d.is_township_deputy = 1 AND d.id NOT IN"
            " (SELECT deputy_id FROM voter_reports WHERE date >= ?) ORDER BY d.name_strokes",
            [term.id, since],
        ).fetchall()
        return [DeputyId(r[0]) for r in rows]

    def check(
        self, values: dict[str, Any], *, township_id: int | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        unknown = set(values) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown report fields: {sorted(unknown)}")
        tid = township_id or self._office.home_township_id()
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        clean["date"] = check.day(errors, "date", values.get("date"), required="请填写述职日期")
        picked = check.deputies(
            self._office,
            errors,
            "deputy_id",
            [values.get("deputy_id")],
            township_id=tid,
            on=clean["date"],
            required="请选择述职的代表",
        )
        clean["deputy_id"] = picked[0] if picked else None
        clean["place"] = check.text(
            errors,
            "place",
            values.get("place"),
            label="述职地点",
            limit=60,
            required="请填写述职地点，如“桃源村村民委员会会议室”",
        )
        present = check.count(
            errors, "voters_present", values.get("voters_present"), label="到会选民人数", minimum=1
        )
        clean["voters_present"] = present
        for key, label in (
            ("satisfied", "满意票数"),
            ("basically_satisfied", "基本满意票数"),
            ("unsatisfied", "不满意票数"),
        ):
            clean[key] = check.count(errors, key, values.get(key), label=label)
        ballots = clean["satisfied"] + clean["basically_satisfied"] + clean["unsatisfied"]
        if present and ballots > present and not errors:
            errors["satisfied"] = f"测评票数合计 {ballots} 票，多于到会选民 {present} 人，请核对"
        clean["result"] = check.text(
            errors, "result", values.get("result"), label="测评结果", limit=200
        )
        clean["note"] = check.long_text(
            errors, "note", values.get("note"), label="备注", limit=4000
        )
        return clean, errors

    def add(self, *, township_id: int | None = None, **values: Any) -> VoterReport:
        tid = township_id or self._office.home_township_id()
        clean, errors = self.check(values, township_id=tid)
        if errors:
            raise ValidationError(errors)
        if not clean["result"]:
            clean["result"] = verdict(
                clean["satisfied"], clean["basically_satisfied"], clean["unsatisfied"]
            )
        columns = ["uuid", "township_id", *clean]
        with self._office.transaction() as db:
            cursor = db.execute(
                f"INSERT INTO voter_reports ({', '.join(columns)})"
                f" VALUES ({placeholders(len(columns))})",
                [new_uuid(), tid, *clean.values()],
            )
        return self.get(cursor.lastrowid)

    def update(self, report_id: int, **values: Any) -> VoterReport:
        current = self.get(report_id)
        merged = {**current.form_values(), **values}
        if merged["result"] == current.verdict:
            merged["result"] = ""  # the result was worked out, not typed: work it out again
        clean, errors = self.check(merged, township_id=current.township_id)
        if errors:
            raise ValidationError(errors)
        if not clean["result"]:
            clean["result"] = verdict(
                clean["satisfied"], clean["basically_satisfied"], clean["unsatisfied"]
            )
        with self._office.transaction() as db:
            db.execute(
                f"UPDATE voter_reports SET {', '.join(f'{c} = ?' for c in clean)} WHERE id = ?",
                [*clean.values(), report_id],
            )
        return self.get(report_id)

    def delete(self, report_id: int) -> None:
        report = self.get(report_id)
        with self._office.transaction() as db:
            self._office.attachments.remove_all(ATTACHMENT_KIND, report.uuid)
            db.execute("DELETE FROM voter_reports WHERE id = ?", [report_id])
