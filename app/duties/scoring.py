"""The duty score (履职积分): an editable rule table applied to events that records earn.

Every point is traceable: a source turns the records of a township and year into events
(deputy, date, the record that earned it, a text), and the rule of the event's kind gives
its points, up to the rule's yearly cap. Each area adds its source to `score_sources()`
(activities, receptions, reports to voters and awards here; meetings and suggestions add
theirs), and its kinds of event appear in the rule table with their default points.

    office.scores.year(2026)            -> every deputy's score, ranked
    office.scores.deputy(deputy_id, 2026) -> one deputy's score with its lines
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from app.core.chinese import clean_text, to_halfwidth
from app.core.errors import NotFound, ValidationError
from app.core.ids import DeputyId
from app.core.records import new_uuid

if TYPE_CHECKING:
    from app.office import Office

QUARTERS = ("一季度", "二季度", "三季度", "四季度")
GRADES = ("好", "较好", "一般")


@dataclass(frozen=True)
class RuleSpec:
    """A kind of event a source produces, with its default rule (DOMAIN.md §6)."""

    event: str
    variant: str
    label: str
    points: float
    yearly_cap: float | None = None

    @property
    def key(self) -> str:
        return f"{self.event}:{self.variant}" if self.variant else self.event


@dataclass(frozen=True)
class Rule:
    event: str
    variant: str
    label: str
    points: float
    yearly_cap: float | None
    default_points: float
    default_cap: float | None

    @property
    def key(self) -> str:
        return f"{self.event}:{self.variant}" if self.variant else self.event

    @property
    def is_deduction(self) -> bool:
        return self.points < 0


class ScoreEvent(NamedTuple):
    """Something a deputy did (or missed) that a rule gives points for. (A named tuple, not
    a dataclass: a county's township makes thousands a year, and tuples are quick to make.)"""

    deputy_id: DeputyId
    event: str
    variant: str
    date: str  # ISO day; a year alone ("2025") counts at the year's end
    record_kind: str  # activity | reception | voter_report | deputy_awards | meeting | …
    record_id: int
    text: str
    units: float = 1.0  # e.g. half-days of leave

    @property
    def key(self) -> str:
        return f"{self.event}:{self.variant}" if self.variant else self.event

    @property
    def quarter(self) -> int:
        """0..3; an event known only by its year counts in the fourth quarter."""
        if len(self.date) < 7:
            return 3
        return (int(self.date[5:7]) - 1) // 3


@dataclass(frozen=True)
class ScoreSource:
    name: str
    rules: Callable[[Office], list[RuleSpec]]
    events: Callable[[Office, int, int], Iterable[ScoreEvent]]  # (office, township_id, year)
    # A source that scores a record more closely than another (a training by its hours,
    # not by the time attended) supersedes the other sources' events of the same records,
    # so no record counts twice.
    supersedes: bool = False


# Sources of areas that read this one (and so may not be imported by it): app.areas
# registers them at start (as app.duties.file_parts does for the yearly file).
REGISTERED_SOURCES: list[ScoreSource] = []


def register_score_source(source: ScoreSource) -> None:
    if all(s.name != source.name for s in REGISTERED_SOURCES):
        REGISTERED_SOURCES.append(source)


@dataclass(frozen=True)
class Policy:
    base: float = 60
    maximum: float = 100
    good_from: float = 80
    fair_from: float = 60

    def grade(self, total: float) -> str:
        if total >= self.good_from:
            return GRADES[0]
        if total >= self.fair_from:
            return GRADES[1]
        return GRADES[2]


class ScoreLine(NamedTuple):
    event: ScoreEvent
    rule_label: str
    points: float  # what counted
    raw_points: float  # what the rule gives before the cap
    note: str = ""


@dataclass(frozen=True)
class DeputyScore:
    deputy_id: DeputyId
    name: str
    group_name: str
    base: float
    quarters: tuple[float, float, float, float]
    added: float
    deducted: float
    total: float
    rank: int
    grade: str
    lines: tuple[ScoreLine, ...] = field(default=())


@dataclass(frozen=True)
class YearScores:
    year: int
    policy: Policy
    scores: tuple[DeputyScore, ...]

    def of(self, deputy_id: int) -> DeputyScore | None:
        return next((s for s in self.scores if s.deputy_id == deputy_id), None)

    @property
    def summary(self) -> str:
        """共 67 名代表：好 12 名，较好 50 名，一般 5 名（基础分 60，80 分以上为好，…）"""
        grades = {g: sum(1 for s in self.scores if s.grade == g) for g in GRADES}
        p = self.policy
        return (
            f"共 {len(self.scores)} 名代表："
            + "，".join(f"{g} {n} 名" for g, n in grades.items())
            + f"（基础分 {format_points(p.base)}，{format_points(p.good_from)} 分以上为好，"
            f"{format_points(p.fair_from)} 分以上为较好）"
        )


def score_sources() -> list[ScoreSource]:
    """Every area's source of events, in the order their rules are listed."""
    from app.duties.score_sources import (
        ACTIVITY,
        AWARD,
        MEETING,
        RECEPTION,
        SUGGESTION,
        VOTER_REPORT,
    )

    return [MEETING, ACTIVITY, *REGISTERED_SOURCES, SUGGESTION, RECEPTION, VOTER_REPORT, AWARD]


def format_points(value: float) -> str:
    """3.0 -> '3', 0.5 -> '0.5', -1.0 -> '-1'."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def parse_number(text: object) -> float:
    """A number typed by the clerk ('3', '－1', '0.5'); ValueError if it is not one."""
    raw = to_halfwidth(clean_text(text)).replace("−", "-").replace("—", "-")
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


class Scores:
    """office.scores"""

    def __init__(self, office: Office) -> None:
        self._office = office

    # ---- rules ------------------------------------------------------------------------

    def _township(self, township_id: int | None) -> int:
        return township_id or self._office.home_township_id()  # type: ignore[return-value]

    def specs(self) -> list[RuleSpec]:
        return [spec for source in score_sources() for spec in source.rules(self._office)]

    def rules(self, township_id: int | None = None) -> list[Rule]:
        """The rule table: every kind of event of every source, with the points the office
        set (or the default)."""
        tid = self._township(township_id)
        stored = {
            (row[0], row[1]): (row[2], row[3])
            for row in self._office.db.execute(
                "SELECT event, variant, points, yearly_cap FROM score_rules WHERE township_id = ?",
                [tid],
            ).fetchall()
        }
        rules = []
        for spec in self.specs():
            points, cap = stored.get((spec.event, spec.variant), (spec.points, spec.yearly_cap))
            rules.append(
                Rule(
                    spec.event,
                    spec.variant,
                    spec.label,
                    points,
                    cap,
                    spec.points,
                    spec.yearly_cap,
                )
            )
        return rules

    def policy(self, township_id: int | None = None) -> Policy:
        row = self._office.db.execute(
            "SELECT base, maximum, good_from, fair_from FROM score_policies WHERE township_id = ?",
            [self._township(township_id)],
        ).fetchone()
        return Policy(*row) if row else Policy()

    def check_rules(
        self, rules: dict[str, dict[str, Any]], policy: dict[str, Any] | None = None
    ) -> tuple[dict[str, tuple[float, float | None]], Policy | None]:
        """Clean edited rules {key: {"points": …, "yearly_cap": …}} and policy values.
        Errors are keyed "<rule key>.points", "<rule key>.yearly_cap" or the policy field."""
        known = {spec.key: spec for spec in self.specs()}
        errors: dict[str, str] = {}
        clean: dict[str, tuple[float, float | None]] = {}
        for key, values in rules.items():
            spec = known.get(key)
            if spec is None:
                errors[f"{key}.points"] = f"没有“{key}”这一积分项目"
                continue
            try:
                points = parse_number(values.get("points"))
                if not -100 <= points <= 100:
                    errors[f"{key}.points"] = f"“{spec.label}”的分值应在 -100 到 100 之间"
                elif round(points * 2) != points * 2:
                    errors[f"{key}.points"] = f"“{spec.label}”的分值最多保留到 0.5 分"
            except ValueError:
                errors[f"{key}.points"] = (
                    f"“{spec.label}”的分值应是数字，如 3（加分）或 -1（扣分），"
                    f"现在是“{clean_text(values.get('points'))}”"
                )
                points = 0.0
            cap_text = clean_text(values.get("yearly_cap"))
            cap: float | None = None
            if cap_text and cap_text not in ("不限", "无"):
                try:
                    cap = parse_number(cap_text)
                    if cap < 0:
                        raise ValueError(cap_text)
                except ValueError:
                    errors[f"{key}.yearly_cap"] = (
                        f"“{spec.label}”的年度上限应是不小于 0 的数字，不限请留空"
                    )
            clean[key] = (points, cap)
        checked_policy = None
        if policy is not None:
            numbers: dict[str, float] = {}
            for name, label in (
                ("base", "基础分"),
                ("maximum", "满分"),
                ("good_from", "“好”的分数线"),
                ("fair_from", "“较好”的分数线"),
            ):
                try:
                    numbers[name] = parse_number(policy.get(name))
                    if not 0 <= numbers[name] <= 1000:
                        errors[name] = f"{label}应在 0 到 1000 之间"
                except ValueError:
                    errors[name] = f"{label}应是数字，如 60"
            if not errors.keys() & numbers.keys() and len(numbers) == 4:
                if numbers["base"] > numbers["maximum"]:
                    errors["base"] = "基础分不能高于满分"
                if numbers["good_from"] <= numbers["fair_from"]:
                    errors["good_from"] = "“好”的分数线应高于“较好”的分数线"
                if numbers["good_from"] > numbers["maximum"]:
                    errors["good_from"] = "“好”的分数线不能高于满分"
            if not errors:
                checked_policy = Policy(**numbers)
        if errors:
            raise ValidationError(errors)
        return clean, checked_policy

    def set_rules(
        self,
        rules: dict[str, dict[str, Any]],
        policy: dict[str, Any] | None = None,
        *,
        township_id: int | None = None,
    ) -> list[Rule]:
        """Save edited rules (and the base, maximum and grade lines): all checked first,
        then all saved in one transaction, or nothing."""
        tid = self._township(township_id)
        clean, checked_policy = self.check_rules(rules, policy)
        specs = {spec.key: spec for spec in self.specs()}
        with self._office.transaction() as db:
            for key, (points, cap) in clean.items():
                spec = specs[key]
                db.execute(
                    "INSERT INTO score_rules (uuid, township_id, event, variant, points,"
                    " yearly_cap) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (township_id, event,"
                    " variant) DO UPDATE SET points = excluded.points,"
                    " yearly_cap = excluded.yearly_cap",
                    [new_uuid(), tid, spec.event, spec.variant, points, cap],
                )
            if checked_policy is not None:
                p = checked_policy
                db.execute(
                    "INSERT INTO score_policies (township_id, base, maximum, good_from,"
                    " fair_from) VALUES (?, ?, ?, ?, ?) ON CONFLICT (township_id) DO UPDATE SET"
                    " base = excluded.base, maximum = excluded.maximum,"
                    " good_from = excluded.good_from, fair_from = excluded.fair_from",
                    [tid, p.base, p.maximum, p.good_from, p.fair_from],
                )
        return self.rules(tid)

    def reset_rules(self, *, township_id: int | None = None) -> list[Rule]:
        """Back to the defaults of DOMAIN.md §6."""
        tid = self._township(township_id)
        with self._office.transaction() as db:
            db.execute("DELETE FROM score_rules WHERE township_id = ?", [tid])
            db.execute("DELETE FROM score_policies WHERE township_id = ?", [tid])
        return self.rules(tid)

    # ---- scores -----------------------------------------------------------------------

    def deputies_in_year(
        self, year: int, township_id: int | None = None
    ) -> list[tuple[int, str, str]]:
        """Township deputies in office at some time of the year: (id, name, group), in
        stroke order."""
        township_id = self._township(township_id)
        rows = self._office.db.execute(
            "SELECT d.id, d.name, coalesce(g.name, '') FROM deputies d"
            " JOIN terms t ON t.id = d.term_id"
            " LEFT JOIN deputy_groups g ON g.id = d.group_id"
            " WHERE d.township_id = ? AND d.is_township_deputy = 1"
            " AND t.start_date <= ? AND (t.end_date = '' OR t.end_date >= ?)"
            " AND NOT (d.status = 'ended' AND d.status_date <> '' AND d.status_date < ?)"
            " ORDER BY d.name_strokes, d.id",
            [township_id, f"{year}-12-31", f"{year}-01-01", f"{year}-01-01"],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def events(self, year: int, township_id: int | None = None) -> list[ScoreEvent]:
        tid = self._township(township_id)
        by_source = [
            (source, list(source.events(self._office, tid, year))) for source in score_sources()
        ]
        claimed = {
            (e.record_kind, e.record_id, e.deputy_id)
            for source, events in by_source
            if source.supersedes
            for e in events
        }
        found = [
            e
            for source, events in by_source
            for e in events
            if source.supersedes or (e.record_kind, e.record_id, e.deputy_id) not in claimed
        ]
        return sorted(found, key=lambda e: (e.date, e.record_kind, e.record_id))

    def year(self, year: int, township_id: int | None = None) -> YearScores:
        """Every scored deputy's score for the year, best first, with rank and grade."""
        tid = self._township(township_id)
        policy = self.policy(tid)
        rules = {rule.key: rule for rule in self.rules(tid)}
        by_deputy: dict[int, list[ScoreEvent]] = defaultdict(list)
        for event in self.events(year, tid):
            by_deputy[event.deputy_id].append(event)
        unranked = []
        for deputy_id, name, group in self.deputies_in_year(year, tid):
            lines = _lines(by_deputy.get(deputy_id, []), rules)
            quarters = [0.0, 0.0, 0.0, 0.0]
            for line in lines:
                quarters[line.event.quarter] += line.points
            added = sum(line.points for line in lines if line.points > 0)
            deducted = -sum(line.points for line in lines if line.points < 0)
            total = min(max(policy.base + added - deducted, 0.0), policy.maximum)
            unranked.append(
                (deputy_id, name, group, tuple(quarters), added, deducted, total, lines)
            )
        unranked.sort(key=lambda s: -s[6])  # stable: stroke order among equal totals
        scores = []
        rank = 0
        for position, (
            deputy_id,
            name,
            group,
            quarters,
            added,
            deducted,
            total,
            lines,
        ) in enumerate(unranked, start=1):
            if position == 1 or total != unranked[position - 2][6]:
                rank = position
            scores.append(
                DeputyScore(
                    DeputyId(deputy_id),
                    name,
                    group,
                    policy.base,
                    quarters,  # type: ignore[arg-type]
                    added,
                    deducted,
                    total,
                    rank,
                    policy.grade(total),
                    tuple(lines),
                )
            )
        return YearScores(year, policy, tuple(scores))

    def deputy(self, deputy_id: int, year: int) -> DeputyScore:
        deputy = self._office.deputies.get(deputy_id)
        found = self.year(year, deputy.township_id).of(deputy_id)
        if found is None:
            raise NotFound(
                f"{deputy.name}在{year}年不参加本乡镇代表履职积分"
                "（只计本乡镇人大代表在任期间的履职）"
            )
        return found


def _lines(events: list[ScoreEvent], rules: dict[str, Rule]) -> list[ScoreLine]:
    """Points of each event in date order; once a rule's yearly cap is used up, further
    events of that kind stay listed with 0 points and say why."""
    used: dict[str, float] = defaultdict(float)
    lines = []
    for event in events:
        rule = rules.get(event.key)
        if rule is None:
            lines.append(ScoreLine(event, event.key, 0.0, 0.0, "没有对应的积分规则"))
            continue
        raw = rule.points * event.units
        counted = raw
        note = ""
        if rule.yearly_cap is not None:
            room = max(rule.yearly_cap - used[event.key], 0.0)
            if abs(raw) > room:
                counted = math.copysign(room, raw) if room else 0.0
                note = f"已达年度上限 {format_points(rule.yearly_cap)} 分"
            used[event.key] += abs(counted)
        lines.append(ScoreLine(event, rule.label, counted, raw, note))
    return lines
