"""Command line: any list to Excel, with the filters its page has.

    python -m app --db F export meetings --out 会议.xlsx [--year 2026] [--kind session]
    python -m app --db F export attendance 33 --out 出席.xlsx       # also: resolutions ID
    python -m app --db F export suggestions --out 建议.xlsx [--status open] [--year 2026] …
    python -m app --db F export units|suggestion-stats --year 2026 --out F.xlsx
    python -m app --db F export activities|receptions|reports|scores --year 2026 --out F.xlsx
    python -m app --db F export terms|constituencies|groups|stations --out F.xlsx

The roster has its own command (`roster export`). Each list is written by the function
of app/exchange/list_exports.py that the GUI's “导出 Excel…” runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.core import dates
from app.core.commands import command, out
from app.core.errors import RendaError
from app.duties.cli import activity_filters, activity_query, reception_filters, reception_query
from app.exchange import list_exports as le
from app.meetings.cli import meeting_filters, meeting_query, one_meeting
from app.office import Office
from app.suggestions.cli import suggestion_filters, suggestion_query

Export = Callable[[Office, Path, argparse.Namespace], le.Exported]


def _year(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    p.add_argument("--year", type=int, required=required, help="年度，如 2026")


def _this_year(args: argparse.Namespace) -> int:
    return args.year or dates.today().year


def _meeting_id(p: argparse.ArgumentParser) -> None:
    p.add_argument("meeting", help="会议编号（用 meetings 命令可查到）")


def _township(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="年度，默认今年")
    p.add_argument("--township", help="乡镇名称（县级汇总数据库须指定）")


def _township_id(office: Office, name: str | None) -> int | None:
    if office.mode != "county":
        return None
    names = {t.name: t.id for t in office.townships.list()}
    if not name or name not in names:
        raise RendaError("请用 --township 指定乡镇：" + ("、".join(names) or "（还没有汇入乡镇）"))
    return names[name]


def _township_only(export: Export) -> Export:
    """The basic data are the township's own: a county database has none to export."""

    def run(office: Office, path: Path, args: argparse.Namespace) -> le.Exported:
        if office.mode == "county":
            raise RendaError("县级汇总数据库没有本乡镇的基础数据，请在乡镇的数据库中导出")
        return export(office, path, args)

    return run


# name: (what, its filters, the export)
LISTS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Export]] = {
    "meetings": (
        "会议列表",
        meeting_filters,
        lambda o, path, a: le.export_meetings(o, path, meeting_query(a)),
    ),
    "attendance": (
        "一次会议的出席情况（含请假说明）",
        _meeting_id,
        lambda o, path, a: le.export_attendance(o, path, one_meeting(o, a.meeting).id),
    ),
    "resolutions": (
        "一次会议的决议、决定",
        _meeting_id,
        lambda o, path, a: le.export_resolutions(o, path, one_meeting(o, a.meeting).id),
    ),
    "suggestions": (
        "建议和议案列表",
        suggestion_filters,
        lambda o, path, a: le.export_suggestions(o, path, suggestion_query(o, a)),
    ),
    "units": ("承办单位", lambda _p: None, lambda o, path, _a: le.export_units(o, path)),
    "suggestion-stats": (
        "一年的建议办理统计",
        _year,
        lambda o, path, a: le.export_suggestion_stats(o, path, _this_year(a)),
    ),
    "activities": (
        "代表活动",
        activity_filters,
        lambda o, path, a: le.export_activities(o, path, activity_query(o, a)),
    ),
    "receptions": (
        "联络站接待记录和来访选民",
        reception_filters,
        lambda o, path, a: le.export_receptions(
            o, path, reception_query(o, a), reveal=True if a.show_sensitive else None
        ),
    ),
    "reports": ("代表述职", _year, lambda o, path, a: le.export_reports(o, path, a.year)),
    "appraisals": (
        "工作评议和述职评议结果",
        _year,
        lambda o, path, a: le.export_appraisals(o, path, a.year),
    ),
    "opinions": (
        "审议意见跟踪落实情况",
        lambda p: p.add_argument("--open", action="store_true", help="只导出未办结的"),
        lambda o, path, a: le.export_opinions(o, path, a.open),
    ),
    "scores": (
        "一年的履职积分和积分明细",
        _township,
        lambda o, path, a: le.export_scores(o, path, _this_year(a), _township_id(o, a.township)),
    ),
    "terms": ("届次", lambda _p: None, _township_only(lambda o, p, _a: le.export_terms(o, p))),
    "constituencies": (
        "选区",
        lambda _p: None,
        _township_only(lambda o, p, _a: le.export_constituencies(o, p)),
    ),
    "groups": (
        "代表小组（组长、成员数）",
        lambda _p: None,
        _township_only(lambda o, p, _a: le.export_groups(o, p)),
    ),
    "stations": (
        "联络站（点）",
        lambda _p: None,
        _township_only(lambda o, p, _a: le.export_stations(o, p)),
    ),
}


def _export_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="list", required=True, metavar="LIST")
    for name, (what, filters, _export) in LISTS.items():
        q = sub.add_parser(name, help=f"导出{what}")
        q.add_argument("--out", type=Path, required=True, help="保存为 .xlsx 文件")
        filters(q)


@command("export", "把一个列表导出为 Excel（按列表的筛选条件）：" + "、".join(LISTS), _export_args)
def cmd_export(office: Office, args: argparse.Namespace) -> int:
    _what, _filters, export = LISTS[args.list]
    result = export(office, args.out, args)
    out(f"已导出 {result.rows} 行到“{result.path}”")
    return 0
