"""The county's comparison of townships (DOMAIN.md §7): one row per township, one column
per figure.

Each figure is a `CountyFigure` in `county_figures()`: a label and a function that
computes the figure for every township at once (township id -> value). The roster's
figures are here now; meetings held on schedule, suggestions answered on time, activities
and receptions are added by their areas, one line each, in the order they should show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import dates
from app.core.figures import CountyFigure, Values
from app.db.figure_cache import cached, peek
from app.duties.county_figures import activity_figures
from app.meetings.county_figures import meeting_figures
from app.plans.county_figures import plan_figures
from app.suggestions.stats import YearlyRates, township_percents, yearly_rates

if TYPE_CHECKING:
    from app.office import Office


def _per_township(office: Office, sql: str) -> Values:
    return {row[0]: row[1] for row in office.db.execute(sql).fetchall()}


def _share(office: Office, condition: str) -> Values:
    """Percent of the serving deputies of each township's current term meeting a condition."""
    return _per_township(
        office,
        "SELECT d.township_id, round(100.0 * sum(CASE WHEN " + condition + " THEN 1 ELSE 0 END)"
        " / count(*), 1) FROM deputies d JOIN terms t ON t.id = d.term_id AND t.is_current = 1"
        " WHERE d.status = 'serving' GROUP BY d.township_id",
    )


def _serving(office: Office) -> Values:
    return _per_township(
        office,
        "SELECT d.township_id, count(*) FROM deputies d JOIN terms t ON t.id = d.term_id"
        " AND t.is_current = 1 WHERE d.status = 'serving' GROUP BY d.township_id",
    )


def _complete_files(office: Office) -> Values:
    """Share of serving deputies whose file has ID number, phone and photo."""
    return _share(
        office,
        "d.id_number <> '' AND d.phone <> ''"
        " AND EXISTS (SELECT 1 FROM deputy_photos p WHERE p.deputy_id = d.id)",
    )


def county_figures() -> list[CountyFigure]:
    """Every figure of the comparison, in column order. Areas add theirs here."""
    return [
        CountyFigure("serving", "在任代表（名）", _serving),
        CountyFigure(
            "county_deputies",
            "其中县人大代表（名）",
            lambda o: _per_township(
                o,
                "SELECT d.township_id, count(*) FROM deputies d JOIN terms t ON t.id = d.term_id"
                " AND t.is_current = 1 WHERE d.status = 'serving' AND d.is_county_deputy = 1"
                " GROUP BY d.township_id",
            ),
        ),
        CountyFigure("female", "女性代表（%）", lambda o: _share(o, "d.gender = 'F'"), "percent"),
        CountyFigure(
            "front_line", "一线代表（%）", lambda o: _share(o, "d.is_front_line = 1"), "percent"
        ),
        CountyFigure(
            "complete_files", "档案齐全（%）", _complete_files, "percent", higher_is_better=True
        ),
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
        key = (id(office), year)
        if key not in counted:
            counted.clear()
            counted[key] = yearly_rates(office, year or dates.today().year)
        return township_percents(office, figure, year, counted[key])

    return [
        CountyFigure(
            "suggestions_on_time",
            "建议按期答复率（%）",
            lambda o, y=None: percents(o, "on_time", y),
            "percent",
            higher_is_better=True,
            by_year=True,
        ),
        CountyFigure(
            "suggestions_satisfaction",
            "建议结果满意率（%）",
            lambda o, y=None: percents(o, "result_satisfaction", y),
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


def _decode_values(data: dict) -> dict[str, Values]:
    return {k: {int(t): v for t, v in d.items()} for k, d in data.items()}


def compare_townships(office: Office, year: int | None = None) -> Comparison:
    """Every township's figures; those that count a year's work count `year` (this year
    unless given)."""
    figures = county_figures()
    year = year or dates.today().year
    # Summing a prefecture's records takes seconds: the values are kept until a record
    # changes (app/db/figure_cache.py); some depend on the day (this year, overdue).
    values = cached(
        office.db,
        _values_key(figures, year),
        lambda: {f.key: f.values(office, year) for f in figures},
        decode=_decode_values,
    )
    return _comparison(office, figures, values, year)


def kept_comparison(office: Office, year: int | None = None) -> Comparison | None:
    """The comparison if its figures are kept and no record changed since (fast), else
    None: the page computes it off the UI thread."""
    figures = county_figures()
    year = year or dates.today().year
    values = peek(office.db, _values_key(figures, year), _decode_values)
    return None if values is None else _comparison(office, figures, values, year)


def _comparison(office: Office, figures: list[CountyFigure], values: dict, year: int) -> Comparison:
    from app.core.chinese import stroke_sort_key

    rows = office.db.execute("SELECT id, name FROM townships").fetchall()
    townships = sorted(((r[0], r[1]) for r in rows), key=lambda t: stroke_sort_key(t[1]))
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
