"""Command line of suggestion handling: the list, one suggestion, every step of handling,
handling units and the yearly rates.

    python -m app --db F suggestions [--status S] [--overdue] [--search TEXT] [--json]
    python -m app --db F suggestion show 2026-015 [--json]
    python -m app --db F suggestion assign 2026-015 2026-016 --unit 镇水利站
    python -m app --db F suggestion reply 2026-015 --class A --date 2026-05-20
"""

from __future__ import annotations

import argparse
from typing import Any

from app.core import dates
from app.core.commands import command, out, print_form, print_json, save_result
from app.core.errors import RendaError
from app.deputies.cli import one_deputy
from app.office import Office
from app.suggestions.records import Suggestion, SuggestionQuery
from app.suggestions.rules import (
    RATING_CODES,
    RATINGS,
    SOURCES,
    STATUSES,
    SUPERVISION_REASONS,
)

FIELD_LABELS = {
    "action": "操作",
    "date": "日期",
    "operator": "经办人",
    "note": "说明",
    "reason": "理由",
    "title": "标题",
    "content": "内容",
    "proposal": "方案",
    "category": "类别",
    "source": "来源",
    "received_date": "收到日期",
    "lead_deputy_id": "领衔代表",
    "co_signer_ids": "附议代表",
    "kind": "类型",
    "lead_unit_id": "主办单位",
    "assist_unit_ids": "协办单位",
    "method": "督办方式",
    "new_deadline": "新的答复期限",
    "result_class": "办理结果",
    "summary": "答复内容",
    "letters": "答复函",
    "ratings": "满意度",
    "name": "名称",
    "contact": "联系人",
    "phone": "联系电话",
}


def _unit_id(office: Office, name: str) -> int:
    unit = office.handling_units.find(name)
    if unit is None:
        names = "、".join(u.name for u in office.handling_units.list(include_inactive=False))
        raise RendaError(
            f"找不到承办单位“{name}”。现有：{names or '（还没有，请先用 unit add 添加）'}"
        )
    return unit.id


def _row_json(office: Office, row: Any, today: str, soon: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "kind": "议案" if row.kind == "motion" else "建议",
        "title": row.title,
        "lead": row.lead_name,
        "co_signers": row.co_count,
        "category": row.category,
        "status": row.status_label,
        "status_code": row.status,
        "unit": row.lead_unit_name,
        "received": row.received_date,
        "deadline": row.deadline,
        "due": {"overdue": "逾期", "due_soon": "即将到期"}.get(row.due_state(today, soon), ""),
        "result_class": row.result_class,
        "satisfaction": row.satisfaction_label,
        "township": row.township_name,
    }


# ---- the list ---------------------------------------------------------------------------


def suggestion_filters(p: argparse.ArgumentParser) -> None:
    """The filters of the suggestion list (also of `export suggestions`)."""
    p.add_argument("--status", help="状态：" + "、".join(STATUSES) + "；open（未办结）、followed")
    p.add_argument("--overdue", action="store_true", help="只列逾期未答复的")
    p.add_argument("--due-soon", action="store_true", help="只列即将到答复期限的")
    p.add_argument("--search", default="", help="全文查找：标题、内容、编号、代表或承办单位名称")
    p.add_argument("--year", type=int)
    p.add_argument("--unit", help="承办单位（主办或协办）")
    p.add_argument("--category")
    p.add_argument("--deputy", help="领衔或附议的代表")
    p.add_argument("--meeting", type=int, help="在这次人代会（会议编号）期间提出的")


def suggestion_query(office: Office, args: argparse.Namespace) -> SuggestionQuery:
    if args.status and args.status not in (*STATUSES, "open", "followed"):
        raise RendaError(f"没有“{args.status}”这种状态，可用：" + "、".join(STATUSES))
    due = "overdue" if args.overdue else "due_soon" if args.due_soon else None
    return SuggestionQuery(
        text=args.search,
        status=args.status,
        due=due,
        year=args.year,
        unit_id=_unit_id(office, args.unit) if args.unit else None,
        category=args.category,
        deputy_id=one_deputy(office, args.deputy).id if args.deputy else None,
        meeting_id=args.meeting,
    )


def _list_args(p: argparse.ArgumentParser) -> None:
    suggestion_filters(p)
    p.add_argument("--json", action="store_true")


@command("suggestions", "列出建议和议案（新登记的在前）", _list_args)
def cmd_suggestions(office: Office, args: argparse.Namespace) -> int:
    query = suggestion_query(office, args)
    rows = office.suggestions.rows(office.suggestions.search(query))
    today, soon = office.suggestions.due_bounds(None)
    data = [_row_json(office, r, today, soon) for r in rows]
    if args.json:
        print_json(data)
        return 0
    for d in data:
        out(
            "\t".join(
                [
                    d["number"],
                    d["title"],
                    d["lead"] + (f"等{d['co_signers'] + 1}人" if d["co_signers"] else ""),
                    d["status"],
                    d["unit"],
                    dates.format_date(d["deadline"]) + (f"（{d['due']}）" if d["due"] else ""),
                    d["result_class"],
                ]
            )
        )
    out(f"共 {len(rows)} 件")
    return 0


# ---- one suggestion -----------------------------------------------------------------------


def _session_of(office: Office, source: str, received: str) -> int | None:
    """A suggestion made during a session belongs to the session under way that day."""
    if source != "session":
        return None
    try:
        day = dates.parse_date(received) or dates.today().isoformat()
    except dates.DateError:
        return None  # registering reports the date at its field
    return office.suggestions.session_for(day)


def _show_json(office: Office, s: Suggestion) -> dict[str, Any]:
    suggestions = office.suggestions
    return {
        "id": s.id,
        "number": s.number,
        "motion_number": s.motion_number,
        "kind": s.kind_label,
        "title": s.title,
        "content": s.content,
        "proposal": s.proposal,
        "category": s.category,
        "source": s.source_label,
        "source_note": s.source_note,
        "meeting": office.meetings.get(s.meeting_id).title if s.meeting_id else "",
        "received": s.received_date,
        "lead": s.lead_name,
        "co_signers": [x.name for x in s.co_signers],
        "status": s.status_label,
        "status_code": s.status,
        "round": s.round,
        "complex": s.is_complex,
        "key": s.is_key,
        "lead_unit": s.lead_unit_name,
        "assist_units": s.assist_unit_names,
        "assigned": s.assigned_date,
        "deadline": s.deadline,
        "replied": s.replied_date,
        "replied_on_time": None if s.replied_on_time is None else bool(s.replied_on_time),
        "result_class": s.result_class,
        "result": suggestions.class_label(s.result_class) if s.result_class else "",
        "closed": s.closed_date,
        "next_actions": [a.label for a in suggestions.allowed_actions(s)],
        "timeline": [
            {
                "date": e.date,
                "action": e.label,
                "status": e.status_label,
                "operator": e.operator,
                "details": e.description,
                "note": e.note,
            }
            for e in suggestions.events(s.id)
        ],
        "replies": [
            {
                "round": r.round,
                "kind": "跟踪答复" if r.kind == "follow_up" else "答复",
                "deputy": r.deputy_name,
                "unit": r.unit_name,
                "date": r.date,
                "class": r.result_class,
                "summary": r.summary,
            }
            for r in suggestions.replies(s.id)
        ],
        "ratings": [
            {
                "round": r.round,
                "deputy": r.deputy_name,
                "process": r.process_label,
                "result": r.result_label,
                "comment": r.comment,
                "date": r.date,
            }
            for r in suggestions.ratings(s.id)
        ],
    }


def _step_args(p: argparse.ArgumentParser, *, many: bool = False) -> None:
    p.add_argument("numbers" if many else "number", nargs="+" if many else None, help="编号")
    p.add_argument("--date", default="", help="日期，默认今天")
    p.add_argument("--operator", default="", help="经办人，默认取设置")
    p.add_argument("--note", default="", help="说明")


def _suggestion_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="一件建议的全部信息和办理过程")
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    nxt = sub.add_parser("actions", help="现在可以进行的办理步骤")
    nxt.add_argument("number")

    add = sub.add_parser("add", help="登记建议或议案")
    add.add_argument("--lead", required=True, help="领衔代表（姓名或编号）")
    add.add_argument("--co", nargs="*", default=[], help="附议代表")
    add.add_argument("--title", required=True)
    add.add_argument("--category", required=True)
    add.add_argument("--content", default="")
    add.add_argument("--proposal", default="", help="方案（议案必填）")
    add.add_argument("--source", default="between", choices=list(SOURCES))
    add.add_argument("--source-note", default="")
    add.add_argument(
        "--meeting", type=int, help="大会期间提出的：那次人代会的会议编号（默认按收到日期）"
    )
    add.add_argument("--motion", action="store_true", help="登记为议案（须五名以上代表联名）")
    add.add_argument("--complex", action="store_true", help="复杂建议（答复期限六个月）")
    add.add_argument("--date", default="", help="收到日期，默认今天")
    add.add_argument("--operator", default="")
    add.add_argument("--note", default="")

    edit = sub.add_parser("edit", help="更正登记信息（交办前）")
    _step_args(edit)
    for name in ("title", "content", "proposal", "category", "source-note"):
        edit.add_argument(f"--{name}")
    edit.add_argument("--lead")
    edit.add_argument("--co", nargs="*")

    for name, text in (
        ("accept", "立案"),
        ("agenda", "议案列入大会议程"),
        ("convert", "议案作为建议办理"),
        ("start", "承办单位签收，开始办理"),
        ("consult", "发出征询意见表"),
        ("rehandle", "代表不满意，重新办理"),
        ("close", "办结"),
        ("withdraw", "撤回（说明写明理由）"),
    ):
        _step_args(sub.add_parser(name, help=text))
    refuse = sub.add_parser("refuse", help="不予受理")
    _step_args(refuse)
    refuse.add_argument("--reason", required=True)
    for name, text in (("assign", "交办（可一次交办多件）"), ("reassign", "重新交办")):
        p_assign = sub.add_parser(name, help=text)
        _step_args(p_assign, many=name == "assign")
        p_assign.add_argument("--unit", required=True, help="主办单位")
        p_assign.add_argument("--assist", nargs="*", default=[], help="协办单位")
        p_assign.add_argument("--complex", action="store_true", help="复杂建议，六个月内答复")
    back = sub.add_parser("return", help="承办单位退回")
    _step_args(back)
    back.add_argument("--reason", required=True)
    urge = sub.add_parser("supervise", help="督办")
    _step_args(urge)
    urge.add_argument("--reason", required=True, choices=list(SUPERVISION_REASONS))
    urge.add_argument("--method", required=True, help="书面督办、电话督办、现场督办 …")
    urge.add_argument("--deadline", default="", help="新的答复期限")
    key = sub.add_parser("key", help="列为重点督办（--off 取消）")
    _step_args(key)
    key.add_argument("--off", action="store_true")
    for name, text in (("reply", "答复"), ("follow-up", "B、C 类跟踪答复")):
        p_reply = sub.add_parser(name, help=text)
        _step_args(p_reply)
        p_reply.add_argument("--class", dest="result_class", required=True, help="办理结果：A/B/C")
        p_reply.add_argument("--summary", default="", help="答复内容摘要")
        p_reply.add_argument(
            "--letter", nargs="*", default=[], help="某位代表的答复日期：姓名=2026-05-20"
        )
    rate = sub.add_parser("rate", help="录入满意度（每位领衔、附议代表）")
    _step_args(rate)
    rate.add_argument(
        "--rating",
        nargs="*",
        default=[],
        help="姓名=过程,结果[,意见]，如 王𠮷=满意,基本满意",
    )
    rate.add_argument("--all", help="所有代表相同：过程,结果，如 满意,满意")


def _ratings(office: Office, s: Suggestion, args: argparse.Namespace) -> dict[int, tuple]:
    given: dict[int, tuple] = {}
    if args.all:
        parts = args.all.replace("，", ",").split(",")
        for signer in s.signers:
            given[signer.deputy_id] = tuple(parts[:2])
    names = {x.name: x.deputy_id for x in s.signers}
    for item in args.rating:
        if "=" not in item:
            raise RendaError(f"“{item}”应写成 姓名=过程,结果，如 王𠮷=满意,基本满意")
        name, value = item.split("=", 1)
        if name not in names:
            raise RendaError(f"{name}不是这件建议的领衔或附议代表")
        parts = value.replace("，", ",").split(",", 2)
        if len(parts) < 2 or any(p not in RATING_CODES for p in parts[:2]):
            raise RendaError(f"{name}的满意度应写成 过程,结果，各为{'、'.join(RATINGS.values())}")
        given[names[name]] = tuple(parts)
    return given


def _letters(s: Suggestion, items: list[str]) -> dict[int, str]:
    names = {x.name: x.deputy_id for x in s.signers}
    letters = {}
    for item in items:
        name, _, day = item.partition("=")
        if name not in names:
            raise RendaError(f"{name}不是这件建议的领衔或附议代表")
        letters[names[name]] = day
    return letters


@command("suggestion", "一件建议：show / add / 办理的每一步", _suggestion_args, labels=FIELD_LABELS)
def cmd_suggestion(office: Office, args: argparse.Namespace) -> int:
    suggestions = office.suggestions
    if args.action == "add":
        s = suggestions.register(
            kind="motion" if args.motion else "suggestion",
            lead_deputy_id=one_deputy(office, args.lead).id,
            co_signer_ids=[one_deputy(office, n).id for n in args.co],
            title=args.title,
            content=args.content,
            proposal=args.proposal,
            category=args.category,
            source=args.source,
            source_note=args.source_note,
            meeting_id=args.meeting or _session_of(office, args.source, args.date),
            received_date=args.date,
            is_complex=args.complex,
            operator=args.operator,
            note=args.note,
        )
        out(f"已登记：{s.number}《{s.title}》")
        return 0
    if args.action == "assign":
        step = {"date": args.date, "operator": args.operator}
        entries = [
            {
                "suggestion_id": suggestions.find(n).id,
                "lead_unit_id": _unit_id(office, args.unit),
                "assist_unit_ids": [_unit_id(office, u) for u in args.assist],
                "is_complex": True if args.complex else None,
                "note": args.note,
            }
            for n in args.numbers
        ]
        done = suggestions.assign_many(entries, **step)
        for s in done:
            out(f"{s.number}：已交办{s.lead_unit_name}，{dates.format_date(s.deadline)}前答复")
        return 0
    s = suggestions.find(args.number)
    if args.action == "show":
        data = _show_json(office, s)
        if args.json:
            print_json(data)
            return 0
        for key, value in data.items():
            if key in ("timeline", "replies", "ratings"):
                continue
            out(f"{key}: {value}")
        out("办理过程：")
        for e in data["timeline"]:
            note = f"　{e['note']}" if e["note"] else ""
            out(f"  {e['date']}　{e['action']}　{e['details']}　（{e['operator']}）{note}")
        return 0
    if args.action == "actions":
        for action in suggestions.allowed_actions(s):
            out(f"{action.key}\t{action.label}")
        return 0
    step = {"date": args.date, "operator": args.operator, "note": args.note}
    if args.action == "edit":
        values: dict[str, Any] = {
            k: getattr(args, k)
            for k in ("title", "content", "proposal", "category", "source_note")
            if getattr(args, k) is not None
        }
        if args.lead:
            values["lead_deputy_id"] = one_deputy(office, args.lead).id
        if args.co is not None:
            values["co_signer_ids"] = [one_deputy(office, n).id for n in args.co]
        step.pop("date")
        s = suggestions.edit(s.id, **step, **values)
    elif args.action in ("accept", "convert", "start", "consult", "rehandle", "close", "withdraw"):
        s = suggestions.act(s.id, args.action, **step)
    elif args.action == "agenda":
        s = suggestions.to_agenda(s.id, **step)
    elif args.action == "refuse":
        s = suggestions.refuse(s.id, reason=args.reason, **step)
    elif args.action == "reassign":
        s = suggestions.reassign(
            s.id,
            lead_unit_id=_unit_id(office, args.unit),
            assist_unit_ids=[_unit_id(office, u) for u in args.assist],
            is_complex=True if args.complex else None,
            **step,
        )
    elif args.action == "return":
        s = suggestions.give_back(s.id, reason=args.reason, **step)
    elif args.action == "supervise":
        s = suggestions.supervise(
            s.id, reason=args.reason, method=args.method, new_deadline=args.deadline, **step
        )
    elif args.action == "key":
        s = suggestions.set_key(s.id, not args.off, **step)
    elif args.action in ("reply", "follow-up"):
        fn = suggestions.reply if args.action == "reply" else suggestions.follow_up
        s = fn(
            s.id,
            result_class=args.result_class,
            summary=args.summary,
            letters=_letters(s, args.letter),
            **step,
        )
    elif args.action == "rate":
        s = suggestions.rate(s.id, ratings=_ratings(office, s, args), **step)
    out(f"{s.number}：{s.status_label}")
    return 0


# ---- handling units and rates ---------------------------------------------------------------


def _units_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


@command("units", "列出承办单位", _units_args)
def cmd_units(office: Office, args: argparse.Namespace) -> int:
    units = office.handling_units.list()
    if args.json:
        print_json(
            [
                {"name": u.name, "contact": u.contact, "phone": u.phone, "active": u.active}
                for u in units
            ]
        )
        return 0
    for u in units:
        out("\t".join([u.name, u.contact, u.phone, "" if u.active else "已停用"]))
    out(f"共 {len(units)} 个")
    return 0


def _unit_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    for name, text in (("add", "新增承办单位"), ("edit", "修改承办单位")):
        q = sub.add_parser(name, help=text)
        q.add_argument("name")
        q.add_argument("--new-name")
        q.add_argument("--contact")
        q.add_argument("--phone")
        q.add_argument("--note")
    for name, text in (("retire", "停用"), ("restore", "恢复使用"), ("delete", "删除（仅限误录）")):
        sub.add_parser(name, help=text).add_argument("name")


@command(
    "unit", "承办单位：add / edit / retire / restore / delete", _unit_args, labels=FIELD_LABELS
)
def cmd_unit(office: Office, args: argparse.Namespace) -> int:
    units = office.handling_units
    if args.action == "add":
        u = units.add(
            name=args.name,
            contact=args.contact or "",
            phone=args.phone or "",
            note=args.note or "",
        )
        out(f"已添加：{u.name}")
        return 0
    unit_id = _unit_id(office, args.name)
    if args.action == "edit":
        values = {
            k: v
            for k, v in (
                ("name", args.new_name),
                ("contact", args.contact),
                ("phone", args.phone),
                ("note", args.note),
            )
            if v is not None
        }
        out(f"已保存：{units.update(unit_id, **values).name}")
    elif args.action in ("retire", "restore"):
        units.set_active(unit_id, args.action == "restore")
        out(f"{args.name}：{'已停用' if args.action == 'retire' else '已恢复使用'}")
    else:
        units.delete(unit_id)
        out(f"已删除：{args.name}")
    return 0


def _stats_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, default=dates.today().year)
    p.add_argument("--json", action="store_true")


@command("suggestion-stats", "建议办理情况统计（按年度，分承办单位）", _stats_args)
def cmd_suggestion_stats(office: Office, args: argparse.Namespace) -> int:
    from app.suggestions.stats import Rates, percent, yearly_rates

    report = yearly_rates(office, args.year)
    codes = [c for c, _ in report.classes]

    def line(r: Rates) -> dict[str, Any]:
        return {
            report.group_title if r.label != "合计" else "合计": r.label,
            "收到": r.received,
            "不予受理": r.refused,
            "撤回": r.withdrawn,
            "交办": r.assigned,
            "退回": r.returned,
            "已答复": r.replied,
            "按期答复": r.on_time,
            "逾期未答复": r.overdue,
            "按期答复率": percent(r.on_time_share),
            **{f"{c}类": dict(r.classes).get(c, 0) for c in codes},
            **{f"{c}类占比": percent(r.class_share(c)) for c in codes},
            "过程满意率": percent(r.process_satisfaction),
            "结果满意率": percent(r.result_satisfaction),
            "办成率": percent(r.solved_share),
            "已办结": r.closed,
        }

    data = {
        "year": report.year,
        "total": line(report.total),
        "groups": [line(g) for g in report.groups],
    }
    if args.json:
        print_json(data)
        return 0
    out(f"{report.year}年建议办理情况")
    for key, value in data["total"].items():
        out(f"  {key}：{value}")
    out(f"分{report.group_title}：")
    for g in data["groups"]:
        out("  " + "，".join(f"{k} {v}" for k, v in g.items()))
    return 0


# ---- printed forms ----------------------------------------------------------------------------


def _one_or_more(p: argparse.ArgumentParser) -> None:
    p.add_argument("--suggestion", action="append", required=True, help="编号（可重复）")


def _supervision_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--suggestion", required=True, help="编号")
    p.add_argument("--which", type=int, default=0, help="第几次督办，默认最近一次")


def _print_stats_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, default=dates.today().year)


@print_form("assignment", "建议交办单（可多件，每件一页）", _one_or_more)
def print_assignment(office: Office, args: argparse.Namespace) -> int:
    from app.documents.suggestion_assignment import assignment_pdf

    ids = [office.suggestions.find(n).id for n in args.suggestion]
    return save_result(assignment_pdf(office, ids), args.out)


@print_form("supervision", "建议督办单", _supervision_args)
def print_supervision(office: Office, args: argparse.Namespace) -> int:
    from app.documents.suggestion_supervision import supervision_pdf

    sid = office.suggestions.find(args.suggestion).id
    return save_result(supervision_pdf(office, sid, which=args.which), args.out)


@print_form("feedback", "办理情况征询意见表（每位领衔、附议代表一页）", _one_or_more)
def print_feedback(office: Office, args: argparse.Namespace) -> int:
    from app.documents.suggestion_feedback import feedback_pdf

    ids = [office.suggestions.find(n).id for n in args.suggestion]
    return save_result(feedback_pdf(office, ids), args.out)


@print_form("stats", "建议办理情况统计表（按年度）", _print_stats_args)
def print_stats(office: Office, args: argparse.Namespace) -> int:
    from app.documents.suggestion_statistics import statistics_pdf

    return save_result(statistics_pdf(office, args.year), args.out)
