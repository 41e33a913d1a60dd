"""The county's comparison of townships (DOMAIN.md §7): one row per township, one column
per figure.

Each figure is a `CountyFigure` in `county_figures()`: a label and a function that
computes the figure for every township at once (township id -> value). The roster's
figures are here now; meetings held on schedule, suggestions answered on time, activities
and receptions are added by their areas, one line each, in the order they should show."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import dates
from app.core.figures import CountyFigure, Values, within
from app.db.figure_cache import cached_by_township, peek_by_township
from app.duties.county_figures import activity_figures
from app.meetings.county_figures import meeting_figures
from app.plans.county_figures import plan_figures
from app.suggestions.stats import YearlyRates, township_percents, yearly_rates

if TYPE_CHECKING:
    from app.office import Office


Only = Sequence[int] | None  # the townships to compute (None: every township)


# The roster's figures of each township, over the serving deputies of its current term:
# column -> SQL of the value. Counted in one pass over the deputies (five passes took five
# times as long at prefecture scale).
_ROSTER = {
    "serving": "count(*)",
    "county_deputies": "sum(d.is_county_deputy = 1)",
    "female": "round(100.0 * sum(d.gender = 'F') / count(*), 1)",
    "front_line": "round(100.0 * sum(d.is_front_line = 1) / count(*), 1)",
    # The file has ID number, phone and photo.
    "complete_files": "round(100.0 * sum(d.id_number <> '' AND d.phone <> ''"
    " AND EXISTS (SELECT 1 FROM deputy_photos p WHERE p.deputy_id = d.id)) / count(*), 1)",
}


def _roster_counts(office: Office, townships: Only) -> dict[str, Values]:
    only, ids = within("d.township_id", townships)
    rows = office.db.execute(
        f"SELECT d.township_id, {', '.join(_ROSTER.values())} FROM deputies d"
        " JOIN terms t ON t.id = d.term_id AND t.is_current = 1"
        f" WHERE d.status = 'serving'{only} GROUP BY d.township_id",
        ids,
    ).fetchall()
    return {key: {r[0]: r[i] for r in rows} for i, key in enumerate(_ROSTER, start=1)}


def _roster_figures() -> list[CountyFigure]:
    """The roster's five figures, read from one count (kept by this list of figures only,
    which each comparison makes afresh, so it is never stale)."""
    counted: dict[tuple[int, tuple[int, ...] | None], dict[str, Values]] = {}

    def figure(key: str) -> Callable[..., Values]:
        def values(office: Office, *, townships: Only = None) -> Values:
            asked = (id(office), None if townships is None else tuple(townships))
            if asked not in counted:
                counted.clear()
                counted[asked] = _roster_counts(office, townships)
            return counted[asked][key]

        return values

    return [
        CountyFigure("serving", "在任代表（名）", figure("serving")),
        CountyFigure("county_deputies", "其中县人大代表（名）", figure("county_deputies")),
        CountyFigure("female", "女性代表（%）", figure("female"), "percent"),
        CountyFigure("front_line", "一线代表（%）", figure("front_line"), "percent"),
        CountyFigure(
            "complete_files",
            "档案齐全（%）",
            figure("complete_files"),
            "percent",
            higher_is_better=True,
        ),
    ]


def county_figures() -> list[CountyFigure]:
    """Every figure of the comparison, in column order. Areas add theirs here."""
    return [
        *_roster_figures(),
        *meeting_figures(),
        *_suggestion_figures(),
        *activity_figures(),
        *plan_figures(),
    ]


def _suggestion_figures() -> list[CountyFigure]:
    """按期答复率 and 结果满意率 read from one count of the year's rates (the count is the
    slow part at county scale); the count is kept only by this list of figures, which each
    comparison makes afresh, so it is never stale."""
    counted: dict[tuple[int, int | None], YearlyRates] = {}

    def percents(office: Office, figure: str, year: int | None) -> Values:
        # Every township's, whichever are asked for: the rates keep each township's row
        # (app/suggestions/stats.py), so only the townships that changed are counted.
        key = (id(office), year)
        if key not in counted:
            counted.clear()
            counted[key] = yearly_rates(office, year or dates.today().year)
        return township_percents(office, figure, year, counted[key])

    return [
        CountyFigure(
            "suggestions_on_time",
            "建议按期答复率（%）",
            lambda o, y=None, townships=None: percents(o, "on_time", y),
            "percent",
            higher_is_better=True,
            by_year=True,
        ),
        CountyFigure(
            "suggestions_satisfaction",
            "建议结果满意率（%）",
            lambda o, y=None, townships=None: percents(o, "result_satisfaction", y),
            "percent",
            higher_is_better=True,
            by_year=True,
        ),
    ]


@dataclass(frozen=True)
class Comparison:
    figures: list[CountyFigure]
    townships: list[tuple[int, str]]  # (id, name), by name
    values: dict[str, Values]  # figure key -> township id -> value
    last_package: dict[int, str]  # township id -> created_at of its latest package
    year: int = 0  # the year of the figures that count a year's work

    def value(self, key: str, township_id: int) -> float:
        return self.values[key].get(township_id, 0)

    def best(self, key: str) -> set[int]:
        figure = next(f for f in self.figures if f.key == key)
        if figure.higher_is_better is None or not self.townships:
            return set()
        values = [self.value(key, t) for t, _ in self.townships]
        target = max(values) if figure.higher_is_better else min(values)
        return {t for t, _ in self.townships if self.value(key, t) == target}


def _values_key(figures: list[CountyFigure], year: int) -> str:
    keys = ",".join(f.key for f in figures)
    return f"county_comparison:{keys}:{year}:{dates.today().isoformat()}"


def _townships(office: Office) -> list[tuple[int, str]]:
    from app.core.chinese import stroke_sort_key

    rows = office.db.execute("SELECT id, name FROM townships").fetchall()
    return sorted(((r[0], r[1]) for r in rows), key=lambda t: stroke_sort_key(t[1]))


def compare_townships(office: Office, year: int | None = None) -> Comparison:
    """Every township's figures; those that count a year's work count `year` (this year
    unless given)."""
    figures = county_figures()
    year = year or dates.today().year
    townships = _townships(office)

    def compute(stale: list[int]) -> dict[int, dict[str, float]]:
        values = {f.key: f.values(office, year, stale) for f in figures}
        return {t: {k: v[t] for k, v in values.items() if t in v} for t in stale}

    # Summing a prefecture's records takes half a second: each township's row is kept
    # until one of its records changes (app/db/figure_cache.py), so a reply recorded or a
    # package imported sums one township again, not a hundred. Some figures depend on the
    # day (this year, overdue): the key holds it.
    rows = cached_by_township(
        office.db, _values_key(figures, year), [t for t, _ in townships], compute
    )
    return _comparison(office, figures, townships, rows, year)


def kept_comparison(office: Office, year: int | None = None) -> Comparison | None:
    """The comparison if every township's row is kept and none of its records changed
    since (fast), else None: the page computes it off the UI thread."""
    figures = county_figures()
    year = year or dates.today().year
    townships = _townships(office)
    rows = peek_by_township(office.db, _values_key(figures, year), [t for t, _ in townships])
    return None if rows is None else _comparison(office, figures, townships, rows, year)


def _comparison(
    office: Office,
    figures: list[CountyFigure],
    townships: list[tuple[int, str]],
    rows: dict[int, dict[str, float]],
    year: int,
) -> Comparison:
    values = {f.key: {t: row[f.key] for t, row in rows.items() if f.key in row} for f in figures}
    last = dict(
        office.db.execute(
            "SELECT t.id, p.created_at FROM townships t JOIN package_imports p"
            " ON p.id = (SELECT max(id) FROM package_imports WHERE township_uuid = t.uuid)"
        ).fetchall()
    )
    return Comparison(figures, townships, values, last, year)


def format_value(figure: CountyFigure, value: float) -> str:
    if figure.kind == "percent":
        return f"{value:.1f}"
    return str(int(value))


def export_comparison(office: Office, path: Path | str) -> Path:
    """The comparison as an .xlsx (through the one export function)."""
    from app.exchange.table_export import ExportColumn, export_table

    comparison = compare_townships(office)
    columns = [ExportColumn("乡镇")]
    columns += [ExportColumn(f.label, "number") for f in comparison.figures]
    columns.append(ExportColumn("最近报送", "date"))
    rows = [
        [name]
        + [comparison.value(f.key, tid) for f in comparison.figures]
        + [comparison.last_package.get(tid, "")[:10] or None]
        for tid, name in comparison.townships
    ]
    title = f"{office.settings.get('county_name')}各乡镇人大工作对比"
    note = f"统计日期：{dates.format_date(dates.today().isoformat())}"
    return export_table(Path(path), title=title, columns=columns, rows=rows, note=note)
