"""Every list of the program to Excel, as the list shows it: the same columns
(`app.exchange.lists`), the same filters and search (the page's query), every matching row (not
only those on the screen), dates as dates and numbers as numbers. The roster has its own
export (`roster_export`), with every field of the registration form.

Each function takes the office, where to write and what the list shows, and a Progress
(the GUI runs them off the UI thread; a cancel leaves no file); the command line
`export LIST --out F.xlsx` calls the same functions. Under the title a line says which
filters made the list, how many rows it has and when it was exported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app.core import dates
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.duties.activities import ActivityQuery
from app.duties.receptions import ReceptionQuery
from app.exchange.lists import (
    ListColumn,
    VisitorLine,
    activity_columns,
    appraisal_columns,
    attendance_columns,
    constituency_columns,
    constituency_lines,
    group_columns,
    group_lines,
    in_file,
    meeting_columns,
    opinion_columns,
    rate_columns,
    reception_columns,
    report_columns,
    resolution_columns,
    score_columns,
    score_line_columns,
    station_columns,
    suggestion_columns,
    term_columns,
    unit_columns,
    unit_lines,
    visitor_columns,
)
from app.exchange.table_export import ExportColumn, Sheet, export_sheets
from app.meetings.meetings import MeetingQuery
from app.meetings.rules import KINDS as MEETING_KINDS
from app.suggestions.records import SuggestionQuery
from app.suggestions.rules import DUE_FILTERS, STATUS_FILTERS
from app.suggestions.rules import KINDS as SUGGESTION_KINDS

if TYPE_CHECKING:
    from app.office import Office

R = TypeVar("R")
CHUNK = 500  # rows fetched at a time from a long list


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int  # of the list (the first sheet)


def owner_name(office: Office) -> str:
    """Whose list it is: the township, or the county of a county database."""
    if office.mode == "county":
        return office.settings.get("county_name")
    home = office.township
    return home.name if home else ""


def _note(*parts: str) -> str:
    return "　".join(p for p in parts if p)


def _exported_on() -> str:
    return f"导出日期：{dates.format_date(dates.today().isoformat())}"


def _found(text: str) -> str:
    return f"查找“{text.strip()}”" if text.strip() else ""


def _year(year: int | None) -> str:
    return f"{year}年" if year else ""


def _fetched(ids: Sequence[int], rows: Callable[[list[int]], list[R]]) -> Iterator[R]:
    """The rows of a long list, a chunk at a time, while the file is written."""
    for start in range(0, len(ids), CHUNK):
        yield from rows(list(ids[start : start + CHUNK]))


def list_sheet(
    title: str,
    columns: Sequence[ListColumn[R]],
    rows: Iterable[R],
    *,
    total: int,
    note: str = "",
    sheet_name: str = "",
    numbered: bool = False,
    before: Sequence[tuple[str, Callable[[R], Any]]] = (),
) -> Sheet:
    """A list's sheet: the file's columns of `columns`, after 序号 (`numbered`) and any
    columns `before` (header, value) the list leaves to its context."""
    shown = in_file(columns)
    head = [ExportColumn("序号", "number", 6)] if numbered else []
    head += [ExportColumn(header) for header, _ in before]

    def cells() -> Iterator[list[Any]]:
        for n, row in enumerate(rows, start=1):
            first = [n] if numbered else []
            yield [*first, *[get(row) for _, get in before], *[c.get(row) for c in shown]]

    return Sheet(
        title,
        [*head, *[c.export_column() for c in shown]],
        cells(),
        sheet_name=sheet_name,
        note=note,
        total=total,
    )


def save_lists(
    path: Path | str, sheets: Sequence[Sheet], what: str, progress: Progress
) -> Exported:
    """Write the sheets; a list without a row is refused (no empty file)."""
    if not sheets[0].total:
        raise RendaError(f"列表中没有{what}，没有导出")
    return Exported(export_sheets(path, sheets, progress=progress), sheets[0].total)


def _count_note(total: int, unit: str, *filters: str) -> str:
    return _note(*filters, f"共 {total} {unit}", _exported_on())


# ---- meetings -----------------------------------------------------------------------


def export_meetings(
    office: Office,
    path: Path | str,
    query: MeetingQuery | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> Exported:
    """The meeting list (会议), newest first."""
    query = query or MeetingQuery()
    meetings = office.meetings
    ids = meetings.search(query)
    kind = MEETING_KINDS.get(query.kind or "", "")
    note = _count_note(len(ids), "次", _year(query.year), kind, _found(query.text))
    sheet = list_sheet(
        f"{owner_name(office)}会议一览",
        meeting_columns(county=office.mode == "county"),
        _fetched(ids, meetings.rows),
        total=len(ids),
        note=note,
        sheet_name="会议",
    )
    return save_lists(path, [sheet], "会议", progress)


def export_attendance(
    office: Office, path: Path | str, meeting_id: int, *, progress: Progress = NO_PROGRESS
) -> Exported:
    """One meeting's attendance list (出席情况): deputies in 姓氏笔画 order, then the
    non-voting attendees, with the details of each leave."""
    meeting = office.meetings.get(meeting_id)
    rows = office.meetings.attendance.rows(meeting_id)
    counts = office.meetings.attendance.counts(meeting_id)
    when = dates.format_date(meeting.start_date)
    sheet = list_sheet(
        f"{meeting.title}出席情况",
        attendance_columns(),
        rows,
        total=len(rows),
        note=_note(when, meeting.place, counts.summary, _exported_on()),
        sheet_name="出席情况",
        numbered=True,
    )
    return save_lists(path, [sheet], "出席登记", progress)


def export_resolutions(
    office: Office, path: Path | str, meeting_id: int, *, progress: Progress = NO_PROGRESS
) -> Exported:
    """One meeting's resolutions and decisions with their votes."""
    meeting = office.meetings.get(meeting_id)
    rows = office.meetings.resolutions.list(meeting_id)
    counts = office.meetings.attendance.counts(meeting_id)
    sheet = list_sheet(
        f"{meeting.title}决议、决定",
        resolution_columns(),
        rows,
        total=len(rows),
        note=_note(
            dates.format_date(meeting.start_date),
            f"应到 {counts.expected} 人，表决通过须赞成票至少 {counts.majority_needed} 票",
            _exported_on(),
        ),
        sheet_name="决议、决定",
        numbered=True,
    )
    return save_lists(path, [sheet], "决议、决定", progress)


# ---- suggestions --------------------------------------------------------------------


def suggestion_filters(office: Office, query: SuggestionQuery) -> list[str]:
    """The filters of a suggestion query, in words (the file's note)."""
    parts = [_year(query.year)]
    if query.kind:
        parts.append(SUGGESTION_KINDS[query.kind])
    if query.status:
        parts.append(STATUS_FILTERS.get(query.status, query.status))
    if query.due:
        parts.append(DUE_FILTERS[query.due])
    if query.unit_id is not None:
        parts.append(f"承办单位：{office.handling_units.get(query.unit_id).name}")
    if query.category:
        parts.append(f"类别：{query.category}")
    if query.deputy_id is not None:
        parts.append(f"代表：{office.deputies.get(query.deputy_id).name}")
    if query.meeting_id is not None:
        parts.append(office.meetings.get(query.meeting_id).title)
    if query.key_only:
        parts.append("重点建议")
    parts.append(_found(query.text))
    return [p for p in parts if p]


def export_suggestions(
    office: Office,
    path: Path | str,
    query: SuggestionQuery | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> Exported:
    """The suggestion list in its order, with what the screen marks in colour (overdue,
    due soon) in a column of its own. A county's 100,000 are written as they are read."""
    query = query or SuggestionQuery()
    suggestions = office.suggestions
    progress.report(0, 0, "正在查找…")
    ids = suggestions.search(query)
    due = suggestions.due_bounds(None)
    note = _count_note(len(ids), "件", *suggestion_filters(office, query))
    sheet = list_sheet(
        f"{owner_name(office)}代表建议、议案办理情况",
        suggestion_columns(county=office.mode == "county", due=due),
        _fetched(ids, suggestions.rows),
        total=len(ids),
        note=note,
        sheet_name="建议",
    )
    return save_lists(path, [sheet], "建议", progress)


def export_units(office: Office, path: Path | str, *, progress: Progress = NO_PROGRESS) -> Exported:
    """承办单位 with contact, phone and what each owes."""
    lines = unit_lines(office)
    sheet = list_sheet(
        f"{owner_name(office)}建议承办单位",
        unit_columns(county=office.mode == "county"),
        lines,
        total=len(lines),
        note=_count_note(len(lines), "个", "待答复、逾期、已答复为各年度合计"),
        sheet_name="承办单位",
    )
    return save_lists(path, [sheet], "承办单位", progress)


def export_suggestion_stats(
    office: Office, path: Path | str, year: int, *, progress: Progress = NO_PROGRESS
) -> Exported:
    """办理统计 of a year: a line per lead unit (per township in a county), the total last."""
    from app.suggestions.stats import RATES_NOTE, yearly_rates

    report = yearly_rates(office, year)
    rows = [*report.groups, report.total]
    sheet = list_sheet(
        f"{owner_name(office)}{year}年代表建议办理情况统计",
        rate_columns(report),
        rows,
        total=len(rows),
        note=_note(RATES_NOTE, _exported_on()),
        sheet_name="办理统计",
    )
    return save_lists(path, [sheet], "统计数字", progress)


# ---- between sessions ---------------------------------------------------------------


def export_activities(
    office: Office,
    path: Path | str,
    query: ActivityQuery | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> Exported:
    """代表活动, latest first."""
    query = query or ActivityQuery()
    ids = office.activities.search(query)
    note = _count_note(len(ids), "次", _year(query.year), query.kind or "", _found(query.text))
    sheet = list_sheet(
        f"{owner_name(office)}代表活动",
        activity_columns(county=office.mode == "county"),
        _fetched(ids, office.activities.rows),
        total=len(ids),
        note=note,
        sheet_name="代表活动",
    )
    return save_lists(path, [sheet], "代表活动", progress)


def export_receptions(
    office: Office,
    path: Path | str,
    query: ReceptionQuery | None = None,
    *,
    reveal: bool | None = None,
    progress: Progress = NO_PROGRESS,
) -> Exported:
    """联络站接待: the receptions as listed, and a second sheet with every visitor of
    them and what they raised. Contacts are masked unless `reveal` (default: the
    setting `mask_sensitive`)."""
    query = query or ReceptionQuery()
    receptions = office.receptions
    ids = receptions.search(query)
    show = office.access.export_reveal(reveal, what="选民接待（Excel）", target=str(path))
    station = office.stations.get(query.station_id).name if query.station_id else ""
    filters = (_year(query.year), station, _found(query.text))
    rows = receptions.rows(ids)
    items = receptions.items_of(ids)
    visitors = [
        VisitorLine(r.date, r.station_name, item, r.township_name)
        for r in rows
        for item in items[r.id]
    ]
    county = office.mode == "county"
    owner = owner_name(office)
    hidden = "" if show else "联系方式已部分隐藏"
    sheets = [
        list_sheet(
            f"{owner}联络站接待选民登记",
            reception_columns(county=county),
            rows,
            total=len(rows),
            note=_count_note(len(rows), "次接待", *filters),
            sheet_name="接待记录",
        ),
        list_sheet(
            f"{owner}联络站来访选民及反映的问题",
            visitor_columns(reveal=show, county=county),
            visitors,
            total=len(visitors),
            note=_count_note(len(visitors), "人次", *filters, hidden),
            sheet_name="来访选民",
        ),
    ]
    return save_lists(path, sheets, "接待记录", progress)


def export_reports(
    office: Office, path: Path | str, year: int | None = None, *, progress: Progress = NO_PROGRESS
) -> Exported:
    """代表述职 with the voters' rating, latest first."""
    reports = office.voter_reports.list(year=year)
    sheet = list_sheet(
        f"{owner_name(office)}代表向选民述职情况",
        report_columns(),
        reports,
        total=len(reports),
        note=_count_note(len(reports), "次述职", _year(year)),
        sheet_name="代表述职",
    )
    return save_lists(path, [sheet], "述职记录", progress)


def export_appraisals(
    office: Office, path: Path | str, year: int | None = None, *, progress: Progress = NO_PROGRESS
) -> Exported:
    """工作评议、述职评议 of a year (or all) with the 测评 figures and the closing verdict."""
    rows = office.appraisals.rows(year=year)
    sheet = list_sheet(
        f"{owner_name(office)}工作评议和述职评议结果",
        appraisal_columns(),
        rows,
        total=len(rows),
        note=_count_note(len(rows), "项评议", _year(year)),
        sheet_name="评议结果",
    )
    return save_lists(path, [sheet], "评议", progress)


def export_opinions(
    office: Office, path: Path | str, open_only: bool = False, *, progress: Progress = NO_PROGRESS
) -> Exported:
    """审议意见、视察意见和整改意见 with their feedback, overdue first."""
    found = office.opinions.list(open_only=open_only)
    sheet = list_sheet(
        f"{owner_name(office)}审议意见跟踪落实情况",
        opinion_columns(),
        found,
        total=len(found),
        note=_count_note(len(found), "项意见", "未办结" if open_only else ""),
        sheet_name="审议意见",
    )
    return save_lists(path, [sheet], "意见", progress)


def export_scores(
    office: Office,
    path: Path | str,
    year: int,
    township_id: int | None = None,
    grade: str | None = None,
    *,
    progress: Progress = NO_PROGRESS,
) -> Exported:
    """履职积分 of a year (of one grade if given, as the page shows it), ranked, and a
    second sheet with every point and where it came from (the lines the page shows for the
    chosen deputy, for all)."""
    scores = office.scores.year(year, township_id)
    township = office.townships.get(township_id).name if township_id else owner_name(office)
    shown = [s for s in scores.scores if grade is None or s.grade == grade]
    lines = [(s.name, line) for s in shown for line in s.lines]
    of_grade = f"（{grade}）" if grade else ""
    sheets = [
        list_sheet(
            f"{township}{year}年代表履职积分{of_grade}",
            score_columns(),
            shown,
            total=len(shown),
            note=_note(scores.summary, _exported_on()),
            sheet_name="履职积分",
        ),
        list_sheet(
            f"{township}{year}年代表履职积分明细",
            [_on_line(c) for c in score_line_columns()],
            lines,
            total=len(lines),
            note=_count_note(len(lines), "项"),
            sheet_name="积分明细",
            before=[("姓名", lambda pair: pair[0])],
        ),
    ]
    return save_lists(path, sheets, "代表", progress)


def _on_line(column: ListColumn[Any]) -> ListColumn[Any]:
    """A score line's column, read from a (name, line) pair."""
    return replace(column, get=lambda pair, get=column.get: get(pair[1]))


# ---- basic data (a township's own) -------------------------------------------------


def _basic_list(
    path: Path | str,
    what: str,
    title: str,
    columns: Sequence[ListColumn[R]],
    rows: Sequence[R],
    unit: str,
    progress: Progress,
    *notes: str,
) -> Exported:
    note = _count_note(len(rows), unit, *notes)
    sheet = list_sheet(title, columns, rows, total=len(rows), note=note, sheet_name=what)
    return save_lists(path, [sheet], what, progress)


def _of_term(office: Office, what: str) -> str:
    term = office.current_term
    return f"{owner_name(office)}{term.name if term else ''}{what}"


def export_terms(office: Office, path: Path | str, *, progress: Progress = NO_PROGRESS) -> Exported:
    title = f"{owner_name(office)}人民代表大会届次"
    return _basic_list(path, "届次", title, term_columns(), office.terms.list(), "届", progress)


def export_constituencies(
    office: Office, path: Path | str, *, progress: Progress = NO_PROGRESS
) -> Exported:
    lines = constituency_lines(office)
    title = _of_term(office, "选区")
    rule = "每个选区应选代表 1 至 3 名"
    return _basic_list(path, "选区", title, constituency_columns(), lines, "个", progress, rule)


def export_groups(
    office: Office, path: Path | str, *, progress: Progress = NO_PROGRESS
) -> Exported:
    title = _of_term(office, "代表小组")
    return _basic_list(
        path, "代表小组", title, group_columns(), group_lines(office), "个", progress
    )


def export_stations(
    office: Office, path: Path | str, *, progress: Progress = NO_PROGRESS
) -> Exported:
    title = f"{owner_name(office)}人大代表联络站（点）"
    stations = office.stations.list()
    return _basic_list(path, "联络站（点）", title, station_columns(), stations, "个", progress)
