"""The figures of suggestion handling that the presidium reports to the session (DOMAIN.md
§4): received, replied on time, A/B/C shares, satisfaction with the process and with the
result, and the solved share (办成率), kept apart from satisfaction. Per year, for the
township and per lead unit (per township in a county database)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.figures import within
from app.core.records import placeholders
from app.db.figure_cache import cached, cached_by_township, peek, peek_by_township
from app.suggestions.rules import DUE_STATUSES

if TYPE_CHECKING:
    from app.office import Office

UNASSIGNED = "（未交办或已退回）"
RATES_NOTE = (
    "按期答复率 = 按期答复件数 ÷（已答复 + 逾期未答复）；满意率按每位代表最近一次"
    "征询意见计算（满意 + 基本满意）；办成率 = 第一类（已解决）÷ 已答复，与满意率分开统计。"
)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class Rates:
    label: str
    received: int = 0  # suggestions of the year (motions handled as suggestions included)
    refused: int = 0
    withdrawn: int = 0
    assigned: int = 0
    replied: int = 0  # with a first reply
    on_time: int = 0  # first reply within the deadline
    overdue: int = 0  # reply owed now, deadline passed
    classes: tuple[tuple[str, int], ...] = ()  # replied items by their current class
    ratings: int = 0  # deputies' ratings, the latest round of each suggestion
    process_ok: int = 0  # 满意 + 基本满意 with the process
    result_ok: int = 0  # … with the result
    closed: int = 0
    solved: int = 0  # replied items in the first (solved) class
    returned: int = 0  # times a unit returned one (退回)

    @property
    def due(self) -> int:
        """Items whose reply was due: replied, or past the deadline without a reply."""
        return self.replied + self.overdue

    @property
    def on_time_share(self) -> float | None:
        return share(self.on_time, self.due)

    def class_share(self, code: str) -> float | None:
        return share(dict(self.classes).get(code, 0), self.replied)

    @property
    def process_satisfaction(self) -> float | None:
        return share(self.process_ok, self.ratings)

    @property
    def result_satisfaction(self) -> float | None:
        return share(self.result_ok, self.ratings)

    @property
    def solved_share(self) -> float | None:
        return share(self.solved, self.replied)


@dataclass(frozen=True)
class YearlyRates:
    year: int
    classes: list[tuple[str, str]]
    total: Rates
    groups: list[Rates]  # per lead unit (per township in a county database)
    group_title: str  # 承办单位 | 乡镇


def yearly_rates(
    office: Office,
    year: int,
    *,
    township_id: int | None = None,
    today: date | None = None,
    meeting_id: int | None = None,
) -> YearlyRates:
    """The year's figures; with `meeting_id`, those of the suggestions made at that
    congress session (whatever year they were registered in).

    A prefecture's five years take seconds to sum: the figures are kept until a record
    changes (app/db/figure_cache.py), and they depend on the day (what is overdue)."""
    day = today or dates.today()
    if office.mode == "county" and township_id is None and meeting_id is None:
        return _county_rates(office, year, day)
    return cached(
        office.db,
        _key(office, year, township_id, meeting_id, day),
        lambda: _yearly_rates(
            office, year, township_id=township_id, today=day, meeting_id=meeting_id
        ),
        encode=asdict,
        decode=_decode_rates,
    )


def kept_yearly_rates(office: Office, year: int) -> YearlyRates | None:
    """The year's figures if kept and no record changed since, else None (the page then
    computes them off the UI thread: seconds for a prefecture)."""
    day = dates.today()
    if office.mode == "county":
        ids = [t.id for t in office.townships.list()]
        kept = peek_by_township(office.db, _county_key(year, day), ids, _decode_one)
        return None if kept is None else _assemble_county(office, year, list(kept.values()))
    return peek(office.db, _key(office, year, None, None, day), _decode_rates)


def _county_key(year: int, day: date) -> str:
    return f"yearly_rates_of_a_township:{year}:{day.isoformat()}"


def _county_rates(office: Office, year: int, day: date) -> YearlyRates:
    """A county's rates, one row per township: each township's row is kept with that
    township's data version, so a change in one township sums only that one again (a
    hundredth of a prefecture's records)."""
    townships = office.townships.list()
    ids = {t.name: t.id for t in townships}

    def compute(stale: list[int]) -> dict[int, Rates]:
        counted = _yearly_rates(
            office, year, township_id=None, today=day, meeting_id=None, townships=stale
        )
        return {ids[g.label]: g for g in counted.groups if g.label in ids}

    kept = cached_by_township(
        office.db,
        _county_key(year, day),
        [t.id for t in townships],
        compute,
        encode=asdict,
        decode=_decode_one,
    )
    return _assemble_county(office, year, list(kept.values()))


def _assemble_county(office: Office, year: int, groups: list[Rates]) -> YearlyRates:
    """The county's rates from its townships' rows, as `_yearly_rates` sums them."""
    classes = office.suggestions.classes()
    groups = sorted(groups, key=lambda g: (-g.received, g.label))
    total = _sum("合计", groups, [c for c, _ in classes], sum(g.returned for g in groups))
    return YearlyRates(year, classes, total, groups, "乡镇")


def _key(
    office: Office, year: int, township_id: int | None, meeting_id: int | None, day: date
) -> str:
    return f"yearly_rates:{office.mode}:{year}:{township_id}:{meeting_id}:{day.isoformat()}"


def _decode_one(d: dict[str, Any]) -> Rates:
    return Rates(**{**d, "classes": tuple((c, n) for c, n in d["classes"])})


def _decode_rates(data: dict[str, Any]) -> YearlyRates:
    return YearlyRates(
        year=data["year"],
        classes=[(c, label) for c, label in data["classes"]],
        total=_decode_one(data["total"]),
        groups=[_decode_one(g) for g in data["groups"]],
        group_title=data["group_title"],
    )


def _yearly_rates(
    office: Office,
    year: int,
    *,
    township_id: int | None,
    today: date,
    meeting_id: int | None,
    townships: Sequence[int] | None = None,
) -> YearlyRates:
    """The year's rates summed from the records (`townships`: only theirs, in a county)."""
    county = office.mode == "county"
    tid = township_id if county else office.home_township_id()
    classes = office.suggestions.classes()
    solved = classes[0][0]
    today_iso = today.isoformat()
    where = "s.kind = 'suggestion'"
    params: list[Any] = []
    if meeting_id is None:
        where += " AND s.year = ?"
        params.append(year)
    else:
        where += " AND s.meeting_id = ?"
        params.append(meeting_id)
    if tid is not None:
        where += " AND s.township_id = ?"
        params.append(tid)
    only, ids = within("s.township_id", townships)
    where += only
    params += ids
    by_township = county and tid is None
    key = "s.township_id" if by_township else "s.lead_unit_id"
    class_sums = ", ".join("sum(s.first_reply_date <> '' AND s.result_class = ?)" for _ in classes)
    sql = (
        f"SELECT {key} AS k, count(*), sum(s.status = 'refused'), sum(s.status = 'withdrawn'),"
        " sum(s.assigned_date <> ''), sum(s.first_reply_date <> ''),"
        " sum(coalesce(s.replied_on_time, 0)),"
        f" sum(s.status IN ({placeholders(len(DUE_STATUSES))}) AND s.deadline < ?),"
        " sum(s.status = 'closed'),"
        f" sum(s.first_reply_date <> '' AND s.result_class = ?), {class_sums}"
        f" FROM suggestions s WHERE {where} GROUP BY k"
    )
    rows = office.db.execute(
        sql, [*DUE_STATUSES, today_iso, solved, *[c for c, _ in classes], *params]
    ).fetchall()
    ratings = {
        r[0]: r[1:]
        for r in office.db.execute(
            # The latest round looked up once per suggestion, not once per rating (2x
            # faster at prefecture scale, measured).
            f"SELECT {key} AS k, count(*),"
            f" sum(r.process IN ('satisfied', 'basic')), sum(r.result IN ('satisfied', 'basic'))"
            " FROM suggestions s JOIN suggestion_ratings r ON r.suggestion_id = s.id"
            " AND r.round = (SELECT max(m.round) FROM suggestion_ratings m"
            " WHERE m.suggestion_id = s.id)"
            f" WHERE {where} GROUP BY k",
            params,
        )
    }
    returned = _returned(office, where, params, by_township)
    names = _group_names(office, by_township)
    groups: list[Rates] = []
    for (
        k,
        received,
        refused,
        withdrawn,
        assigned,
        replied,
        on_time,
        overdue,
        closed,
        solved_n,
        *per,
    ) in rows:
        rated = ratings.get(k, (0, 0, 0))
        label = names.get(k, UNASSIGNED)
        groups.append(
            Rates(
                label,
                received=received,
                refused=int(refused or 0),
                withdrawn=int(withdrawn or 0),
                assigned=int(assigned or 0),
                replied=int(replied or 0),
                on_time=int(on_time or 0),
                overdue=int(overdue or 0),
                classes=tuple((c, int(n or 0)) for (c, _), n in zip(classes, per, strict=True)),
                ratings=int(rated[0] or 0),
                process_ok=int(rated[1] or 0),
                result_ok=int(rated[2] or 0),
                closed=int(closed or 0),
                solved=int(solved_n or 0),
                returned=returned.get(k if by_township else label, 0),
            )
        )
    if not by_township:
        # A unit that gave an item back and holds none now still has its 退回 in a row.
        listed = {g.label for g in groups}
        codes = [c for c, _ in classes]
        groups += [_sum(str(u), [], codes, n) for u, n in returned.items() if u not in listed]
    groups.sort(key=lambda g: (-g.received, g.label))
    total = _sum("合计", groups, [c for c, _ in classes], sum(returned.values()))
    # Items without a unit (not yet assigned, or given back) are counted in 合计, so they
    # have a row of their own, last: the total is the sum of the rows shown.
    shown = sorted(groups, key=lambda g: g.label == UNASSIGNED)
    return YearlyRates(year, classes, total, shown, "乡镇" if by_township else "承办单位")


def _returned(office: Office, where: str, params: list[Any], by_township: bool) -> dict[Any, int]:
    key = "s.township_id" if by_township else "json_extract(e.details, '$.unit')"
    rows = office.db.execute(
        f"SELECT {key}, count(*) FROM suggestion_events e"
        " JOIN suggestions s ON s.id = e.suggestion_id"
        f" WHERE e.action = 'give_back' AND {where} GROUP BY 1",
        params,
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def _group_names(office: Office, by_township: bool) -> dict[Any, str]:
    if by_township:
        return {t.id: t.name for t in office.townships.list()}
    return {u.id: u.name for u in office.handling_units.list()}


def _sum(label: str, groups: list[Rates], codes: list[str], returned: int) -> Rates:
    def total(attr: str) -> int:
        return sum(getattr(g, attr) for g in groups)

    return Rates(
        label,
        received=total("received"),
        refused=total("refused"),
        withdrawn=total("withdrawn"),
        assigned=total("assigned"),
        replied=total("replied"),
        on_time=total("on_time"),
        overdue=total("overdue"),
        classes=tuple((c, sum(dict(g.classes).get(c, 0) for g in groups)) for c in codes),
        ratings=total("ratings"),
        process_ok=total("process_ok"),
        result_ok=total("result_ok"),
        closed=total("closed"),
        solved=total("solved"),
        returned=returned,
    )


def township_percents(
    office: Office, figure: str, year: int | None = None, report: YearlyRates | None = None
) -> dict[int, float]:
    """For the county's comparison of townships, this year's (by default) per township:
    `on_time` (按期答复率) or `result_satisfaction` (结果满意率), in percent. `report`: the
    year's rates already counted (the comparison reads two figures from one count)."""
    report = report or yearly_rates(office, year or dates.today().year)
    if office.mode != "county":  # a township's own figure (its self-assessment)
        home = office.home_township_id(required=False)
        t = report.total
        value = t.on_time_share if figure == "on_time" else t.result_satisfaction
        return {} if home is None or value is None else {home: round(value * 100, 1)}
    ids = {t.name: t.id for t in office.townships.list()}
    out = {}
    for group in report.groups:
        value = group.on_time_share if figure == "on_time" else group.result_satisfaction
        if value is not None and group.label in ids:
            out[ids[group.label]] = round(value * 100, 1)
    return out
