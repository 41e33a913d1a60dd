"""Commands of the office's year: the work plan, its items and the calendar.

python -m app --db F plan --year 2026 [--json]
python -m app --db F plan --year 2026 --adopt 12          (the presidium meeting's id)
python -m app --db F plan-item add --year 2026 月份=3 类型=视察 内容=视察饮水安全 牵头=人大主席
python -m app --db F plan-item edit 5 月份=4
python -m app --db F plan-item done 5 --date 2026-04-10 [--note …]
python -m app --db F plan-item carry 5 日期=2026-04-10 代表=王𠮷,李䶮   (becomes the activity)
python -m app --db F calendar --month 2026-03 [--json]
python -m app --db F print plan --year 2026 --out 工作要点.pdf
"""

from __future__ import annotations

import argparse
from typing import Any

from app.core import dates
from app.core.commands import (
    command,
    labelled,
    out,
    parse_pairs,
    print_form,
    print_json,
    save_result,
    with_labels,
)
from app.core.errors import RendaError, ValidationError
from app.deputies.cli import one_deputy
from app.office import Office
from app.plans.calendar import parse_year_month
from app.plans.plans import PlanItem

ITEM_KEYS = {
    "月份": "month",
    "日期": "date",
    "类型": "kind",
    "内容": "subject",
    "牵头": "lead",
    "备注": "note",
}
# What `plan-item carry` passes on to the meeting or the activity it creates.
CARRY_KEYS = {
    "日期": "date",
    "时间": "start_time",
    "地点": "place",
    "主题": "topic",
    "名称": "title",
    "代表": "deputy_ids",
    "小组": "group_id",
    "主持人": "chair",
    "总结": "summary",
}
PLAN_LABELS = {"year": "年份", "meeting_id": "通过会议", "item": "工作要点事项"}


def _item_json(item: PlanItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "month": item.month,
        "date": item.date,
        "kind": item.kind_label,
        "subject": item.subject,
        "lead": item.lead,
        "status": item.status_label,
        "meeting_id": item.meeting_id,
        "activity_id": item.activity_id,
        "done_date": item.done_date,
        "outcome": item.record_label,
        "note": item.note,
    }


def _plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="年份，默认今年")
    p.add_argument("--adopt", type=int, metavar="会议编号", help="记录通过工作要点的主席团会议")
    p.add_argument("--json", action="store_true")


@command(
    "plan", "年度工作要点：事项、完成情况；--adopt 记录通过它的会议", _plan_args, labels=PLAN_LABELS
)
def cmd_plan(office: Office, args: argparse.Namespace) -> int:
    year = args.year or dates.today().year
    plan = office.plans.for_year(year)
    if args.adopt is not None:
        plan = office.plans.adopt(office.plans.ensure(year).id, meeting_id=args.adopt)
        out(f"已记录：{plan.title}{plan.adopted_label}")
        return 0
    if plan is None:
        if args.json:
            print_json(None)
            return 0
        raise RendaError(f"{year}年还没有工作要点，可用 plan-item add --year {year} … 添加事项")
    items = office.plans.items(plan.id)
    summary = office.plans.summary(year)
    if args.json:
        print_json(
            {
                "year": plan.year,
                "title": plan.title,
                "adopted": plan.adopted_label,
                "adopted_meeting_id": plan.adopted_meeting_id,
                "items": [_item_json(i) for i in items],
                "total": summary.total,
                "done": summary.done,
                "not_done": summary.not_done,
                "overdue": summary.overdue,
            }
        )
        return 0
    out(f"{plan.title}（{plan.adopted_label}）")
    for item in items:
        out(
            "\t".join(
                [
                    str(item.id),
                    item.when_label,
                    item.kind_label,
                    item.subject,
                    item.lead,
                    item.status_label,
                    item.record_label,
                ]
            ).rstrip()
        )
    out(summary.text)
    return 0


def _item_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="添加事项：" + " ".join(f"{k}=…" for k in ITEM_KEYS))
    add.add_argument("--year", type=int, required=True)
    add.add_argument("fields", nargs="+")
    edit = sub.add_parser("edit", help="修改事项：编号 字段=值 …")
    edit.add_argument("id", type=int)
    edit.add_argument("fields", nargs="+")
    done = sub.add_parser("done", help="标记完成（述职、其他工作）")
    done.add_argument("id", type=int)
    done.add_argument("--date", required=True)
    done.add_argument("--note", default="")
    undo = sub.add_parser("undo", help="取消完成标记或与会议、活动的关联")
    undo.add_argument("id", type=int)
    carry = sub.add_parser(
        "carry",
        help="办理：由事项生成会议或代表活动并关联，" + " ".join(f"{k}=…" for k in CARRY_KEYS),
    )
    carry.add_argument("id", type=int)
    carry.add_argument("fields", nargs="*")
    delete = sub.add_parser("delete", help="删除事项")
    delete.add_argument("id", type=int)


def _carry_values(office: Office, item: PlanItem, pairs: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = parse_pairs(pairs, CARRY_KEYS)
    if item.becomes == "meeting":
        if "date" in values:
            values["start_date"] = values.pop("date")
        for key in ("topic", "summary", "deputy_ids"):
            if key in values:
                raise ValidationError({key: "会议不填此项；参加人员按会议类别自动列出"})
        if "group_id" in values:
            groups = {g.name: g.id for g in office.groups.list()}
            if values["group_id"] not in groups:
                raise RendaError(f"找不到代表小组“{values['group_id']}”")
            values["group_id"] = groups[values["group_id"]]
    else:
        for key in ("start_time", "title", "group_id", "chair"):
            if key in values:
                raise ValidationError({key: "代表活动不填此项"})
        if "deputy_ids" in values:
            names = values["deputy_ids"].replace("，", ",").replace("、", ",").split(",")
            values["deputy_ids"] = [one_deputy(office, n.strip()).id for n in names if n.strip()]
    return values


@command("plan-item", "工作要点事项：add / edit / done / undo / carry / delete", _item_args)
def cmd_plan_item(office: Office, args: argparse.Namespace) -> int:
    plans = office.plans
    if args.action == "add":
        values = parse_pairs(args.fields, ITEM_KEYS)
        item = labelled(ITEM_KEYS, lambda: plans.add_item(year=args.year, **values))
        out(f"已添加：{item.when_label} {item.kind_label}“{item.subject}”（编号 {item.id}）")
    elif args.action == "edit":
        values = parse_pairs(args.fields, ITEM_KEYS)
        item = labelled(ITEM_KEYS, lambda: plans.update_item(args.id, **values))
        out(f"已保存：{item.when_label} {item.kind_label}“{item.subject}”")
    elif args.action == "done":
        item = labelled(
            {"完成日期": "date", "完成情况": "note"},
            lambda: plans.mark_done(args.id, date=args.date, note=args.note),
        )
        out(f"已标记完成：“{item.subject}”（{item.record_label}）")
    elif args.action == "undo":
        item = plans.item(args.id)
        item = (
            plans.unlink(args.id)
            if item.meeting_id or item.activity_id
            else (plans.mark_not_done(args.id))
        )
        out(f"已取消：“{item.subject}”现为{item.status_label}")
    elif args.action == "carry":
        item = plans.item(args.id)
        values = _carry_values(office, item, args.fields)
        keys = {**CARRY_KEYS, "日期": "start_date" if item.becomes == "meeting" else "date"}
        item = labelled(
            {**keys, "工作要点事项": "item"}, lambda: plans.carry_out(args.id, **values)
        )
        out(f"已办理：“{item.subject}”→ {item.record_label}")
    else:
        item = plans.item(args.id)
        plans.delete_item(args.id)
        out(f"已删除：“{item.subject}”")
    return 0


def _calendar_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--month", help="月份，如 2026-03；默认本月")
    p.add_argument("--json", action="store_true")


@command("calendar", "工作日历：一个月的会议、活动、工作要点、建议答复期限和届期", _calendar_args)
def cmd_calendar(office: Office, args: argparse.Namespace) -> int:
    if args.month:
        try:
            year, month = parse_year_month(args.month)
        except dates.DateError as exc:
            raise ValidationError({"月份": str(exc)}) from None
    else:
        today = dates.today()
        year, month = today.year, today.month
    entries = office.calendar.month(year, month)
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    out(f"{year}年{month}月")
    for e in entries:
        out("\t".join([e.when_label, e.kind_label, e.title, e.status_label]).rstrip())
    out(f"共 {len(entries)} 项")
    return 0


def _print_plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="年份，默认今年")
    p.add_argument("--draft", action="store_true", help="不印完成情况（提交主席团会议的草案）")


@print_form("plan", "年度工作要点（含完成情况）", _print_plan_args)
@with_labels(PLAN_LABELS)
def print_plan(office: Office, args: argparse.Namespace) -> int:
    from app.documents.work_plan import work_plan_pdf

    year = args.year or dates.today().year
    return save_result(work_plan_pdf(office, year, with_outcome=not args.draft), args.out)


# ---- the liaison stations' duty roster ------------------------------------------------


def _station(office: Office, name: str) -> int:
    for station in office.stations.list():
        if name in (station.name, str(station.id)):
            return station.id
    raise RendaError(f"找不到联络站（点）“{name}”，可用 stations 查看名称")


def _month(text: str) -> tuple[int, int]:
    try:
        return parse_year_month(text)
    except dates.DateError as exc:
        raise ValidationError({"月份": str(exc)}) from None


def _duty_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="一个联络站一个月的坐班安排")
    show.add_argument("--station", required=True)
    show.add_argument("--month", required=True, help="如 2026-03")
    show.add_argument("--json", action="store_true")
    cycle = sub.add_parser(
        "cycle", help="设置联络站的坐班日：逢三六九（369）、农历逢一四七或每周几"
    )
    cycle.add_argument("--station", required=True)
    cycle.add_argument(
        "--market", help="赶集日，如 369、逢三六九、农历逢一四七（写“农历”按农历计算）"
    )
    cycle.add_argument("--lunar", action="store_true", help="赶集日按农历计算")
    cycle.add_argument("--weekdays", help="每周固定日，如 135（周一、三、五）")
    cycle.add_argument("--weekends-too", action="store_true", help="赶集日遇周末也坐班")
    cycle.add_argument("--per-day", default="2", help="每次坐班代表人数")
    cycle.add_argument("--time", default="", help="坐班时间，如 9:00-12:00")
    make = sub.add_parser("make", help="按坐班日规则排一个月的班（代表轮流）")
    make.add_argument("--station", required=True)
    make.add_argument("--month", required=True)
    make.add_argument("--replace", action="store_true", help="已排班的月份重新排")
    add = sub.add_parser("add", help="安排或修改某一天的坐班代表")
    add.add_argument("--station", required=True)
    add.add_argument("--date", required=True)
    add.add_argument("--deputies", required=True, help="代表姓名，用逗号或顿号分隔")
    add.add_argument("--note", default="")


DUTY_LABELS = {
    "station_id": "联络站",
    "kind": "坐班方式",
    "days": "坐班日",
    "per_day": "每次人数",
    "start_time": "开始时间",
    "end_time": "结束时间",
    "date": "坐班日期",
    "deputy_ids": "坐班代表",
    "month": "月份",
    "note": "备注",
}


@command(
    "duty-roster",
    "联络站坐班安排（排班）：show / cycle / make / add",
    _duty_args,
    labels=DUTY_LABELS,
)
def cmd_duty_roster(office: Office, args: argparse.Namespace) -> int:
    roster = office.duty_roster
    station_id = _station(office, args.station)
    if args.action == "cycle":
        if bool(args.market) == bool(args.weekdays):
            raise ValidationError({"days": "请用 --market 或 --weekdays 给出坐班日（二选一）"})
        start, _sep, end = args.time.replace("—", "-").replace("至", "-").partition("-")
        cycle = roster.set_cycle(
            station_id,
            kind="market" if args.market else "weekday",
            days=args.market or args.weekdays,
            calendar="lunar" if args.lunar else "solar",
            workdays_only=not args.weekends_too,
            per_day=args.per_day,
            start_time=start,
            end_time=end,
        )
        out(f"已设置：{cycle.label}，即{cycle.understood}；每次 {cycle.per_day} 名代表")
        return 0
    if args.action == "add":
        names = args.deputies.replace("，", ",").replace("、", ",").split(",")
        ids = [one_deputy(office, n.strip()).id for n in names if n.strip()]
        day = roster.set_day(station_id, date=args.date, deputy_ids=ids, note=args.note)
        out(f"已安排：{dates.format_date(day.date)}（农历{day.lunar_label}）{'、'.join(day.names)}")
        return 0
    year, month = _month(args.month)
    if args.action == "make":
        days = roster.make_month(station_id, year, month, replace=args.replace)
        out(f"已排班：{year}年{month}月 {len(days)} 天")
    else:
        days = roster.month(station_id, year, month)
    if getattr(args, "json", False):
        print_json(
            {
                "cycle": roster.cycle(station_id).label,
                "calendar": roster.cycle(station_id).calendar,
                "days": [
                    {"date": d.date, "lunar": d.lunar_label, "deputies": list(d.names)}
                    for d in days
                ],
            }
        )
        return 0
    for d in days:
        out(
            f"{dates.format_date(d.date)}\t{d.lunar_label}\t{d.weekday_label}\t{'、'.join(d.names)}"
        )
    out(f"{roster.cycle(station_id).label}，共 {len(days)} 天")
    return 0


def _print_duty_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--station", required=True)
    p.add_argument("--month", required=True, help="如 2026-03")
    p.add_argument("--show-sensitive", action="store_true", help="印出完整的联系电话")


@print_form(
    "duty-roster", "联络站代表坐班安排表（张贴公示，电话默认隐藏中间四位）", _print_duty_args
)
def print_duty_roster(office: Office, args: argparse.Namespace) -> int:
    from app.documents.duty_roster import duty_roster_pdf

    year, month = _month(args.month)
    station_id = _station(office, args.station)
    reveal = True if args.show_sensitive else None
    return save_result(duty_roster_pdf(office, station_id, year, month, reveal=reveal), args.out)


# ---- deputy groups' yearly plan and summary --------------------------------------------


def _group_plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="年份，默认今年")
    p.add_argument("--group", help="代表小组名称（写入计划或总结时必填）")
    p.add_argument("--plan", help="活动计划全文")
    p.add_argument("--summary", help="工作总结全文")
    p.add_argument("--json", action="store_true")


@command(
    "group-plan",
    "代表小组年度活动计划和工作总结：列出各小组情况；--group 与 --plan/--summary 写入",
    _group_plan_args,
    labels={"plan": "活动计划", "summary": "工作总结", "plan_date": "计划日期"},
)
def cmd_group_plan(office: Office, args: argparse.Namespace) -> int:
    year = args.year or dates.today().year
    if args.plan is not None or args.summary is not None:
        if not args.group:
            raise ValidationError({"group": "请用 --group 指定代表小组"})
        groups = {g.name: g.id for g in office.groups.list()}
        if args.group not in groups:
            raise RendaError(f"找不到代表小组“{args.group}”，可用：{'、'.join(groups)}")
        saved = office.group_plans.save(
            groups[args.group], year, plan=args.plan, summary=args.summary
        )
        out(f"已保存：{saved.group_name}{year}年（{saved.state_label}）")
        return 0
    rows = office.group_plans.year(year)
    if args.json:
        print_json(
            [
                {
                    "group": g.group_name,
                    "year": g.year,
                    "plan": g.plan,
                    "plan_date": g.plan_date,
                    "summary": g.summary,
                    "summary_date": g.summary_date,
                }
                for g in rows
            ]
        )
        return 0
    for g in rows:
        out(f"{g.group_name}\t{g.state_label}")
    with_plan = sum(g.has_plan for g in rows)
    out(f"{year}年：{len(rows)} 个代表小组，{with_plan} 个有活动计划")
    return 0


# ---- a new term (换届) -----------------------------------------------------------------


def _term_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    new = sub.add_parser("new", help="开始新一届：连任代表转入，代表小组和选区延续，上一届记录保留")
    new.add_argument("--number", help="新一届届次，默认本届加一")
    new.add_argument("--start", required=True, help="新一届开始日期（第一次会议的日期）")
    new.add_argument("--end", default="", help="届满日期，默认按设置的任期计算")
    new.add_argument(
        "--reelect", nargs="*", default=[], metavar="姓名[=代表证号]", help="连任的代表"
    )
    new.add_argument(
        "--number-cards",
        nargs="?",
        const="",
        metavar="前缀",
        help="没写证号的连任代表按顺序自动编号（默认前缀为新届次，如 18001、18002）",
    )
    new.add_argument("--no-groups", action="store_true", help="不延续代表小组")
    new.add_argument("--no-constituencies", action="store_true", help="不延续选区")
    history = sub.add_parser("history", help="一名代表的历届记录")
    history.add_argument("deputy")
    sub.add_parser("presidium", help="本届主席团（来自人代会的选举结果）")
    sub.add_parser("end-posts", help="新一届已开始：上一届仍在任的职务按届满结束")


@command(
    "term",
    "换届：term new 开始新一届；term history 代表的历届记录",
    _term_args,
    labels={"number": "届次", "start_date": "开始日期", "reelected": "连任代表"},
)
def cmd_term(office: Office, args: argparse.Namespace) -> int:
    from app.plans.new_term import Reelected, numbered_cards

    if args.action == "presidium":
        out(office.new_term.presidium().text)
        return 0
    if args.action == "end-posts":
        out(f"上一届仍在任的 {office.new_term.end_old_posts()} 项职务已按届满结束")
        return 0
    if args.action == "history":
        deputy = one_deputy(office, args.deputy)
        records = [
            *reversed(office.new_term.earlier(deputy.id)),
            office.new_term.record(deputy.id),
            *office.new_term.later(deputy.id),
        ]
        for r in records:
            out(f"{r.term_name}\t{r.deputy_id}\t{r.card_number}\t{r.start_date}")
        return 0
    reelected = []
    for pair in args.reelect:
        name, _sep, card = pair.partition("=")
        reelected.append(Reelected(one_deputy(office, name.strip()).id, card.strip()))
    if args.number_cards is not None:
        blank = [r for r in reelected if not r.card_number]
        used = {r.card_number for r in reelected}
        current = office.current_term
        prefix = args.number_cards or str(args.number or (current.number + 1 if current else ""))
        pool = iter(c for c in numbered_cards(prefix, len(reelected) * 2) if c not in used)
        given = {id(r): next(pool) for r in blank}
        reelected = [
            Reelected(r.deputy_id, given.get(id(r), r.card_number), r.constituency_number)
            for r in reelected
        ]
    result = office.new_term.start(
        number=args.number,
        start_date=args.start,
        end_date=args.end,
        reelected=reelected,
        carry_groups=not args.no_groups,
        carry_constituencies=not args.no_constituencies,
    )
    out(result.text)
    return 0


# ---- training --------------------------------------------------------------------------


def _training_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="一年的学习培训及学时")
    listing.add_argument("--year", type=int)
    listing.add_argument("--json", action="store_true")
    setting = sub.add_parser("set", help="登记一次培训的方式、学时和组织单位")
    setting.add_argument("id", type=int, help="培训（代表活动）的编号")
    setting.add_argument(
        "--mode", required=True, help="集中培训、分散学习、线上自学、外出考察学习、其他"
    )
    setting.add_argument("--hours", required=True)
    setting.add_argument("--level", default="township", choices=["county", "township", "other"])
    hours = sub.add_parser("hours", help="每名代表一年的培训次数和学时")
    hours.add_argument("--year", type=int)
    hours.add_argument("--json", action="store_true")


@command(
    "training",
    "代表学习培训：list 培训及学时；set 登记学时；hours 每名代表的年度学时",
    _training_args,
    labels={"mode": "培训方式", "hours": "学时", "organiser_level": "组织单位"},
)
def cmd_training(office: Office, args: argparse.Namespace) -> int:
    from app.plans.training import format_hours

    trainings = office.trainings
    if args.action == "set":
        t = trainings.set(args.id, mode=args.mode, hours=args.hours, organiser_level=args.level)
        out(f"已登记：{t.topic}（{t.mode}，{format_hours(t.hours)} 学时，{t.level_label}）")
        return 0
    year = args.year or dates.today().year
    if args.action == "list":
        rows = trainings.year(year)
        if args.json:
            print_json(
                [
                    {"id": t.activity_id, "date": t.date, "topic": t.topic, "mode": t.mode,
                     "hours": t.hours if t.recorded else None, "organiser": t.level_label,
                     "participants": t.participants}
                    for t in rows
                ]
            )  # fmt: skip
            return 0
        for t in rows:
            out(f"{t.activity_id}\t{dates.format_date(t.date)}\t{t.topic}\t{t.mode}"
                f"\t{t.hours_label}\t{t.participants} 名代表")  # fmt: skip
        out(f"{year}年共 {len(rows)} 次学习培训")
        return 0
    hours = trainings.hours_by_deputy(year)
    names = {r.id: r.name for r in office.deputies.rows(list(hours))}
    if args.json:
        print_json(
            [{"deputy": names.get(d, ""), "trainings": n, "hours": h}
             for d, (n, h) in sorted(hours.items(), key=lambda x: -x[1][1])]
        )  # fmt: skip
        return 0
    for d, (n, h) in sorted(hours.items(), key=lambda x: -x[1][1]):
        out(f"{names.get(d, d)}\t{n} 次\t{format_hours(h)} 学时")
    return 0
