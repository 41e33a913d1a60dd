"""Commands of the work between sessions: activities, receptions, reports to voters,
résumé and award entries, the "六有" checklist and the duty score.

    python -m app --db F activities --year 2026 --json
    python -m app --db F activity add 类型=视察 日期=2026-03-02 主题=饮水安全 代表=王𠮷,李䶮
    python -m app --db F reception add 联络站=清溪镇人大代表联络站 日期=2026-03-05 代表=王𠮷 \\
        --visitor "姓名=张三;反映问题=路灯坏了;处理方式=当场解答"
    python -m app --db F report add 代表=王𠮷 日期=2026-03-10 地点=桃源村 到会人数=60 满意=50
    python -m app --db F scores --year 2026 [--deputy 王𠮷] [--json]
    python -m app --db F print file --deputy 王𠮷 --year 2026 --out 王𠮷.pdf
    python -m app --db F print files --year 2026 --out 履职档案/
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from app.core import dates
from app.core.commands import command, out, print_form, print_json, save_result, tell_notes
from app.core.errors import RendaError, ValidationError
from app.core.validate import mask_phone
from app.deputies.cli import one_deputy
from app.duties.activities import ActivityQuery
from app.duties.receptions import HANDLINGS, ReceptionQuery
from app.duties.scoring import format_points
from app.office import Office

ACTIVITY_KEYS = {
    "类型": "kind",
    "日期": "date",
    "主题": "topic",
    "地点": "place",
    "组织": "organiser",
    "代表": "deputy_ids",
    "其他人员": "others",
    "方案": "plan",
    "总结": "summary",
    "被评议单位": "appraised_unit",
    "评议结果": "appraisal_result",
    "整改情况": "follow_up",
}
RECEPTION_KEYS = {
    "联络站": "station_id",
    "日期": "date",
    "时间": "time",
    "代表": "deputy_ids",
    "备注": "note",
}
VISITOR_KEYS = {
    "姓名": "visitor_name",
    "性别": "visitor_gender",
    "年龄": "visitor_age",
    "联系方式": "contact",
    "村": "village",
    "反映问题": "content",
    "职权范围内": "within_powers",
    "处理方式": "handling",
    "转交": "forwarded_to",
    "结果": "result",
    "反馈日期": "feedback_date",
    "反馈方式": "feedback_way",
}
REPORT_KEYS = {
    "代表": "deputy_id",
    "日期": "date",
    "地点": "place",
    "到会人数": "voters_present",
    "满意": "satisfied",
    "基本满意": "basically_satisfied",
    "不满意": "unsatisfied",
    "结果": "result",
    "备注": "note",
}
RESUME_KEYS = {"起始": "start_date", "截止": "end_date", "经历": "text"}
AWARD_KEYS = {"时间": "date", "名称": "title", "授予单位": "issuer", "备注": "note"}


def _pairs(pairs: Sequence[str], keys: dict[str, str], sep: str | None = None) -> dict[str, str]:
    """`类型=视察 日期=…` -> {"kind": "视察", …}; English keys are accepted too."""
    values: dict[str, str] = {}
    items = pairs if sep is None else [p for chunk in pairs for p in chunk.split(sep)]
    for pair in items:
        if not pair.strip():
            continue
        if "=" not in pair:
            raise ValidationError({pair: f"“{pair}”应写成“字段=值”，如 日期=2026-03-02"})
        key, value = pair.split("=", 1)
        key = keys.get(key.strip(), key.strip())
        if key not in keys.values():
            raise ValidationError({key: f"没有“{key}”这个字段，可用：{'、'.join(keys)}"})
        values[key] = value.strip()
    return values


def _labelled(keys: dict[str, str], run: Callable[[], Any]) -> Any:
    """Say which field a message is about in the clerk's words, not the program's."""
    labels = {v: k for k, v in keys.items()}
    try:
        return run()
    except ValidationError as exc:
        raise ValidationError({labels.get(k, k): m for k, m in exc.fields.items()}) from None


def _deputy_ids(office: Office, text: str) -> list[int]:
    names = [n for n in text.replace("，", ",").replace("、", ",").split(",") if n.strip()]
    return [one_deputy(office, n.strip()).id for n in names]


def _station_id(office: Office, name: str) -> int | None:
    if not name:
        return None
    for station in office.stations.list():
        if station.name == name or str(station.id) == name:
            return station.id
    raise RendaError(f"找不到联络站（点）“{name}”")


# ---- activities -----------------------------------------------------------------------


def activity_filters(p: argparse.ArgumentParser) -> None:
    """The filters of the activity list (also of `export activities`)."""
    p.add_argument("--year", type=int)
    p.add_argument("--kind", help="活动类型，如 视察")
    p.add_argument("--search", default="", help="按主题、地点、总结、代表姓名查找")
    p.add_argument("--deputy", help="只列出这名代表参加的活动")


def activity_query(office: Office, args: argparse.Namespace) -> ActivityQuery:
    deputy_id = one_deputy(office, args.deputy).id if args.deputy else None
    return ActivityQuery(year=args.year, kind=args.kind, text=args.search, deputy_id=deputy_id)


def _activities_args(p: argparse.ArgumentParser) -> None:
    activity_filters(p)
    p.add_argument("--json", action="store_true")


def _activity_json(office: Office, activity_id: int) -> dict[str, Any]:
    a = office.activities.get(activity_id)
    names = [r.name for r in office.deputies.rows(list(a.deputy_ids))]
    return {
        "id": a.id,
        "date": a.date,
        "kind": a.kind,
        "topic": a.topic,
        "place": a.place,
        "organiser": a.organiser_label,
        "deputies": names,
        "others": a.others,
        "plan": a.plan,
        "summary": a.summary,
        "appraised_unit": a.appraised_unit,
        "appraisal_result": a.appraisal_result,
        "follow_up": a.follow_up,
        "attachments": [x.file_name for x in office.attachments.list("activity", a.uuid)],
    }


@command("activities", "列出代表活动（最近的在前）", _activities_args)
def cmd_activities(office: Office, args: argparse.Namespace) -> int:
    ids = office.activities.search(activity_query(office, args))
    if args.json:
        print_json([_activity_json(office, i) for i in ids])
        return 0
    for row in office.activities.rows(ids):
        out(
            "\t".join(
                [
                    str(row.id),
                    dates.format_date(row.date),
                    row.kind,
                    row.topic,
                    row.organiser_label,
                    f"{row.participants} 名代表",
                ]
            )
        )
    out(f"共 {len(ids)} 次活动")
    return 0


def _activity_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一次活动")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    add = sub.add_parser("add", help="登记活动：" + " ".join(f"{k}=…" for k in ACTIVITY_KEYS))
    add.add_argument("fields", nargs="+")
    edit = sub.add_parser("edit", help="修改活动：编号 字段=值 …")
    edit.add_argument("id", type=int)
    edit.add_argument("fields", nargs="+")
    delete = sub.add_parser("delete", help="删除误录的活动")
    delete.add_argument("id", type=int)


def _activity_values(office: Office, pairs: Sequence[str]) -> dict[str, Any]:
    values: dict[str, Any] = _pairs(pairs, ACTIVITY_KEYS)
    if "deputy_ids" in values:
        values["deputy_ids"] = _deputy_ids(office, values["deputy_ids"])
    if "organiser" in values:
        organiser = values.pop("organiser")
        groups = {g.name: g.id for g in office.groups.list()}
        if organiser in ("", "主席团", "乡镇人大主席团"):
            values["organiser_kind"] = "presidium"
        elif organiser in groups:
            values.update(organiser_kind="group", group_id=groups[organiser])
        else:
            values.update(organiser_kind="other", organiser=organiser.removeprefix("其他:"))
    return values


@command("activity", "一次代表活动：show / add / edit / delete", _activity_args)
def cmd_activity(office: Office, args: argparse.Namespace) -> int:
    if args.action == "show":
        data = _activity_json(office, args.id)
        if args.json:
            print_json(data)
        else:
            for key, value in data.items():
                out(f"{key}: {'、'.join(value) if isinstance(value, list) else value}")
        return 0
    if args.action == "delete":
        activity = office.activities.get(args.id)
        office.activities.delete(args.id)
        out(f"已删除：{activity.kind}“{activity.topic}”")
        return 0
    values = _activity_values(office, args.fields)
    if args.action == "add":
        activity = _labelled(ACTIVITY_KEYS, lambda: office.activities.add(**values))
        out(f"已登记：{activity.kind}“{activity.topic}”（编号 {activity.id}）")
    else:
        activity = _labelled(ACTIVITY_KEYS, lambda: office.activities.update(args.id, **values))
        out(f"已保存：{activity.kind}“{activity.topic}”")
    return 0


# ---- receptions -----------------------------------------------------------------------


def reception_filters(p: argparse.ArgumentParser) -> None:
    """The filters of the reception list (also of `export receptions`)."""
    p.add_argument("--station", help="联络站（点）名称")
    p.add_argument("--year", type=int)
    p.add_argument("--search", default="", help="按反映的问题、来访人、村、处理结果查找")
    p.add_argument("--show-sensitive", action="store_true", help="显示完整的联系电话")


def reception_query(office: Office, args: argparse.Namespace) -> ReceptionQuery:
    station_id = _station_id(office, args.station or "")
    return ReceptionQuery(station_id=station_id, year=args.year, text=args.search)


def _receptions_args(p: argparse.ArgumentParser) -> None:
    reception_filters(p)
    p.add_argument("--json", action="store_true")


def _reception_json(office: Office, reception_id: int, *, reveal: bool) -> dict[str, Any]:
    r = office.receptions.get(reception_id)
    return {
        "id": r.id,
        "date": r.date,
        "time": r.time_label,
        "station": r.station_name,
        "deputies": [d.name for d in office.deputies.rows(list(r.deputy_ids))],
        "note": r.note,
        "visitors": [
            {
                "item_id": i.id,
                "name": i.visitor_name,
                "gender": i.gender_label,
                "age": i.visitor_age,
                "contact": i.contact if reveal else mask_phone(i.contact),
                "village": i.village,
                "content": i.content,
                "within_powers": i.within_powers,
                "handling": i.handling_label,
                "forwarded_to": i.forwarded_to,
                "result": i.result,
                "feedback_date": i.feedback_date,
                "feedback_way": i.feedback_way,
                "suggestion_uuid": i.suggestion_uuid,
            }
            for i in r.items
        ],
    }


@command("receptions", "列出联络站接待选民记录", _receptions_args)
def cmd_receptions(office: Office, args: argparse.Namespace) -> int:
    ids = office.receptions.search(reception_query(office, args))
    reveal = office.access.reveal(args.show_sensitive or None, what="选民接待记录")
    if args.json:
        print_json([_reception_json(office, i, reveal=reveal) for i in ids])
        return 0
    for row in office.receptions.rows(ids):
        out(
            "\t".join(
                [
                    str(row.id),
                    dates.format_date(row.date),
                    row.time_label,
                    row.station_name,
                    row.deputy_names,
                    f"来访 {row.visitors} 人次",
                ]
            )
        )
    out(f"共 {len(ids)} 次接待")
    return 0


def _reception_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一次接待")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    add = sub.add_parser("add", help="登记接待：" + " ".join(f"{k}=…" for k in RECEPTION_KEYS))
    add.add_argument("fields", nargs="+")
    add.add_argument(
        "--visitor",
        action="append",
        default=[],
        help="来访人，用分号分隔："
        + ";".join(f"{k}=…" for k in VISITOR_KEYS)
        + f"（处理方式：{'、'.join(HANDLINGS.values())}）",
    )
    delete = sub.add_parser("delete", help="删除误录的接待记录")
    delete.add_argument("id", type=int)
    change = sub.add_parser(
        "edit", help="修改接待记录：编号 字段=值 …（给出 --visitor 则替换全部来访人）"
    )
    change.add_argument("id", type=int)
    change.add_argument("fields", nargs="*")
    change.add_argument("--visitor", action="append", default=[])
    suggest = sub.add_parser(
        "suggest",
        help="把来访事项转为代表建议："
        + " ".join(f"{k}=…" for k in SUGGEST_KEYS)
        + "（事项编号见 reception show --json 的 item_id）",
    )
    suggest.add_argument("item", type=int, help="来访事项编号（item_id）")
    suggest.add_argument("fields", nargs="+")


SUGGEST_KEYS = {
    "领衔": "lead_deputy_id",
    "附议": "co_signer_ids",
    "标题": "title",
    "类别": "category",
    "内容": "content",
    "收到日期": "received_date",
}


def _suggest(office: Office, args: argparse.Namespace) -> int:
    from app.duties.reception_suggestions import make_suggestion

    values: dict[str, Any] = _pairs(args.fields, SUGGEST_KEYS)
    if "lead_deputy_id" in values:
        values["lead_deputy_id"] = one_deputy(office, values["lead_deputy_id"]).id
    if "co_signer_ids" in values:
        values["co_signer_ids"] = _deputy_ids(office, values["co_signer_ids"])
    values.setdefault("lead_deputy_id", None)
    values.setdefault("title", "")
    values.setdefault("category", "")
    suggestion = _labelled(
        {**SUGGEST_KEYS, "来访事项": "item"},
        lambda: make_suggestion(office, args.item, **values),
    )
    out(f"已转为{suggestion.kind_label} {suggestion.number}“{suggestion.title}”")
    return 0


@command("reception", "一次接待选民：show / add / edit / delete / suggest", _reception_args)
def cmd_reception(office: Office, args: argparse.Namespace) -> int:
    if args.action == "show":
        reveal = office.access.reveal(None, what="选民接待记录")
        data = _reception_json(office, args.id, reveal=reveal)
        if args.json:
            print_json(data)
        else:
            for key, value in data.items():
                if key != "visitors":
                    out(f"{key}: {'、'.join(value) if isinstance(value, list) else value}")
            for n, v in enumerate(data["visitors"], start=1):
                out(f"来访人{n}: {v['name']} {v['village']}：{v['content']}（{v['handling']}）")
        return 0
    if args.action == "delete":
        office.receptions.delete(args.id)
        out(f"已删除接待记录 {args.id}")
        return 0
    if args.action == "suggest":
        return _suggest(office, args)
    values: dict[str, Any] = _pairs(args.fields, RECEPTION_KEYS)
    if "station_id" in values or args.action == "add":
        values["station_id"] = _station_id(office, values.get("station_id", ""))
    if "deputy_ids" in values:
        values["deputy_ids"] = _deputy_ids(office, values["deputy_ids"])
    if "time" in values or args.action == "add":
        start, _, end = values.pop("time", "").replace("—", "-").replace("～", "-").partition("-")
        values.update(start_time=start, end_time=end)
    items = [_pairs([v], VISITOR_KEYS, sep=";") for v in args.visitor]
    for item in items:
        if "within_powers" in item:
            item["within_powers"] = item["within_powers"] in ("是", "1", "yes", "true")
    if items or args.action == "add":
        values["items"] = items
    labels = {**RECEPTION_KEYS, "来访人": "items"}
    if args.action == "edit":
        reception = _labelled(labels, lambda: office.receptions.update(args.id, **values))
        out(f"已保存：{dates.format_date(reception.date)} {reception.station_name}接待选民")
        return 0
    reception = _labelled(labels, lambda: office.receptions.add(**values))
    out(
        f"已登记：{dates.format_date(reception.date)} {reception.station_name}接待选民，"
        f"来访 {len(reception.items)} 人次（编号 {reception.id}）"
    )
    return 0


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("station", help="联络站（点）名称")
    p.add_argument("marks", nargs="*", help="检查项=是/否[:说明]，如 有固定场所=是:镇政府二楼")
    p.add_argument("--json", action="store_true")


@command("station-check", "联络站（点）“六有”检查：查看或标记", _check_args)
def cmd_station_check(office: Office, args: argparse.Namespace) -> int:
    station_id = _station_id(office, args.station)
    assert station_id is not None
    if args.marks:
        marks = {}
        for pair in args.marks:
            item, _, rest = pair.partition("=")
            done, _, note = rest.partition(":")
            marks[item.strip()] = (done.strip() in ("是", "1", "yes", "√"), note.strip())
        office.receptions.set_checklist(station_id, marks)
    checklist = office.receptions.checklist(station_id)
    if args.json:
        print_json([{"item": c.item, "done": c.done, "note": c.note} for c in checklist])
    else:
        for c in checklist:
            out(f"{'√' if c.done else '×'} {c.item} {c.note}".rstrip())
    return 0


# ---- reports to voters ----------------------------------------------------------------


def _reports_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int)
    p.add_argument("--deputy")
    p.add_argument("--not-reported", action="store_true", help="列出按规定尚未述职的代表")
    p.add_argument("--json", action="store_true")


@command("reports", "列出代表向选民述职及测评结果", _reports_args)
def cmd_reports(office: Office, args: argparse.Namespace) -> int:
    if args.not_reported:
        period = office.settings.get("voter_report_period")
        rows = office.deputies.rows(office.voter_reports.not_reported(period=period))
        if args.json:
            print_json([{"id": r.id, "name": r.name} for r in rows])
        else:
            out("、".join(r.name for r in rows))
            out(f"共 {len(rows)} 名代表{'本年' if period == 'year' else '本届'}尚未述职")
        return 0
    deputy_id = one_deputy(office, args.deputy).id if args.deputy else None
    reports = office.voter_reports.list(year=args.year, deputy_id=deputy_id)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "deputy": r.deputy_name,
                    "date": r.date,
                    "place": r.place,
                    "voters_present": r.voters_present,
                    "satisfied": r.satisfied,
                    "basically_satisfied": r.basically_satisfied,
                    "unsatisfied": r.unsatisfied,
                    "approval": r.approval,
                    "result": r.result,
                }
                for r in reports
            ]
        )
        return 0
    for r in reports:
        out(f"{r.id}\t{dates.format_date(r.date)}\t{r.deputy_name}\t{r.place}\t{r.rating_text}")
    out(f"共 {len(reports)} 次述职")
    return 0


def _report_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="登记述职：" + " ".join(f"{k}=…" for k in REPORT_KEYS))
    add.add_argument("fields", nargs="+")
    change = sub.add_parser("edit", help="修改述职记录：编号 字段=值 …")
    change.add_argument("id", type=int)
    change.add_argument("fields", nargs="+")
    delete = sub.add_parser("delete", help="删除误录的述职记录")
    delete.add_argument("id", type=int)


@command("report", "代表向选民述职：add / edit / delete", _report_args)
def cmd_report(office: Office, args: argparse.Namespace) -> int:
    if args.action == "delete":
        office.voter_reports.delete(args.id)
        out(f"已删除述职记录 {args.id}")
        return 0
    values: dict[str, Any] = _pairs(args.fields, REPORT_KEYS)
    if values.get("deputy_id"):
        values["deputy_id"] = one_deputy(office, values["deputy_id"]).id
    if args.action == "edit":
        report = _labelled(REPORT_KEYS, lambda: office.voter_reports.update(args.id, **values))
        out(f"已保存：{report.deputy_name}向选民述职，{report.rating_text}，结果：{report.result}")
        return 0
    report = _labelled(REPORT_KEYS, lambda: office.voter_reports.add(**values))
    out(f"已登记：{report.deputy_name}向选民述职，{report.rating_text}，结果：{report.result}")
    return 0


# ---- résumé and awards ----------------------------------------------------------------


def _career_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示简历和获奖情况")
    show.add_argument("who")
    show.add_argument("--json", action="store_true")
    resume = sub.add_parser("add-resume", help="增加一条简历：起始=… 截止=… 经历=…")
    resume.add_argument("who")
    resume.add_argument("fields", nargs="+")
    award = sub.add_parser("add-award", help="增加一项奖励：时间=… 名称=… 授予单位=…")
    award.add_argument("who")
    award.add_argument("fields", nargs="+")
    for kind, text in (("resume", "简历"), ("award", "奖励")):
        change = sub.add_parser(f"edit-{kind}", help=f"修改第 N 条{text}（序号见 show）")
        change.add_argument("who")
        change.add_argument("number", type=int)
        change.add_argument("fields", nargs="+")
        remove = sub.add_parser(f"remove-{kind}", help=f"删除第 N 条{text}（序号见 show）")
        remove.add_argument("who")
        remove.add_argument("number", type=int)


@command("career", "代表的简历和获奖情况：show / add- / edit- / remove-resume|award", _career_args)
def cmd_career(office: Office, args: argparse.Namespace) -> int:
    deputy = one_deputy(office, args.who)
    if args.action == "add-resume":
        values = _pairs(args.fields, RESUME_KEYS)
        _labelled(RESUME_KEYS, lambda: office.careers.add_resume(deputy.id, **values))
    elif args.action == "add-award":
        values = _pairs(args.fields, AWARD_KEYS)
        _labelled(AWARD_KEYS, lambda: office.careers.add_award(deputy.id, **values))
    elif args.action in ("edit-resume", "edit-award"):
        resume_kind = args.action == "edit-resume"
        keys = RESUME_KEYS if resume_kind else AWARD_KEYS
        current = (office.careers.resume if resume_kind else office.careers.awards)(deputy.id)
        if not 1 <= args.number <= len(current):
            raise RendaError(f"没有第 {args.number} 条，请用 career show 查看序号")
        entry = current[args.number - 1]
        values = {key: getattr(entry, key) for key in keys.values()} | _pairs(args.fields, keys)
        update = office.careers.update_resume if resume_kind else office.careers.update_award
        _labelled(keys, lambda: update(deputy.id, args.number - 1, **values))
    elif args.action in ("remove-resume", "remove-award"):
        remove = (
            office.careers.remove_resume
            if args.action == "remove-resume"
            else office.careers.remove_award
        )
        remove(deputy.id, args.number - 1)
    resume = office.careers.resume(deputy.id)
    awards = office.careers.awards(deputy.id)
    if getattr(args, "json", False):
        print_json(
            {
                "resume": [
                    {"start": e.start_date, "end": e.end_date, "text": e.text} for e in resume
                ],
                "awards": [{"date": a.date, "title": a.title, "issuer": a.issuer} for a in awards],
            }
        )
        return 0
    out(f"{deputy.name} 简历：")
    for n, e in enumerate(resume, 1):
        out(f"  {n}. {e.line()}")
    out("获奖情况：")
    for n, a in enumerate(awards, 1):
        out(f"  {n}. {a.line()}")
    return 0


# ---- duty score -----------------------------------------------------------------------


def _scores_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--deputy", help="只显示这名代表，并列出每一分的来源")
    p.add_argument("--json", action="store_true")


def _line_json(line: Any) -> dict[str, Any]:
    e = line.event
    return {
        "date": e.date,
        "rule": line.rule_label,
        "points": line.points,
        "raw_points": line.raw_points,
        "note": line.note,
        "record_kind": e.record_kind,
        "record_id": e.record_id,
        "text": e.text,
    }


@command("scores", "代表履职积分：总分、季度分、排名、等次", _scores_args)
def cmd_scores(office: Office, args: argparse.Namespace) -> int:
    if args.deputy:
        deputy = one_deputy(office, args.deputy)
        scores = [office.scores.deputy(deputy.id, args.year)]
    else:
        scores = list(office.scores.year(args.year).scores)
    if args.json:
        print_json(
            [
                {
                    "rank": s.rank,
                    "deputy_id": s.deputy_id,
                    "name": s.name,
                    "group": s.group_name,
                    "base": s.base,
                    "quarters": list(s.quarters),
                    "added": s.added,
                    "deducted": s.deducted,
                    "total": s.total,
                    "grade": s.grade,
                    "lines": [_line_json(line) for line in s.lines],
                }
                for s in scores
            ]
        )
        return 0
    for s in scores:
        quarters = " ".join(format_points(q) for q in s.quarters)
        out(f"{s.rank}\t{s.name}\t{s.group_name}\t{quarters}\t{format_points(s.total)}\t{s.grade}")
        if args.deputy:
            for line in s.lines:
                e = line.event
                out(
                    f"  {dates.format_date(e.date)}\t{format_points(line.points):>4}\t"
                    f"{line.rule_label}\t{e.text}\t[{e.record_kind} {e.record_id}]"
                    + (f"\t{line.note}" if line.note else "")
                )
    out(
        f"共 {len(scores)} 名代表（{args.year}年，基础分 {format_points(scores[0].base)}）"
        if scores
        else "没有参加积分的代表"
    )
    return 0


def _rules_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "changes",
        nargs="*",
        help="项目=分值[/年度上限]，如 activity:视察=3 reception=2/12；base=60 maximum=100 "
        "good_from=80 fair_from=60；reset 恢复默认",
    )
    p.add_argument("--json", action="store_true")


@command("score-rules", "履职积分规则：查看、修改或恢复默认", _rules_args)
def cmd_score_rules(office: Office, args: argparse.Namespace) -> int:
    if args.changes == ["reset"]:
        office.scores.reset_rules()
    elif args.changes:
        rules: dict[str, dict[str, str]] = {}
        policy_keys = ("base", "maximum", "good_from", "fair_from")
        current = office.scores.policy()
        policy = {k: str(getattr(current, k)) for k in policy_keys}
        policy_changed = False
        for change in args.changes:
            key, _, value = change.partition("=")
            if key in policy_keys:
                policy[key] = value
                policy_changed = True
            else:
                points, _, cap = value.partition("/")
                rules[key] = {"points": points, "yearly_cap": cap}
        try:
            office.scores.set_rules(rules, policy if policy_changed else None)
        except ValidationError as exc:
            raise ValidationError({"积分规则": "；".join(exc.fields.values())}) from None
    rules_now = office.scores.rules()
    p = office.scores.policy()
    if args.json:
        print_json(
            {
                "policy": {
                    "base": p.base,
                    "maximum": p.maximum,
                    "good_from": p.good_from,
                    "fair_from": p.fair_from,
                },
                "rules": [
                    {"key": r.key, "label": r.label, "points": r.points, "yearly_cap": r.yearly_cap}
                    for r in rules_now
                ],
            }
        )
        return 0
    out(
        f"基础分 {format_points(p.base)}，满分 {format_points(p.maximum)}；"
        f"{format_points(p.good_from)} 分以上为“好”，{format_points(p.fair_from)} 分以上为“较好”"
    )
    for r in rules_now:
        cap = "不限" if r.yearly_cap is None else format_points(r.yearly_cap)
        out(f"{r.key}\t{r.label}\t{format_points(r.points)}\t年度上限 {cap}")
    return 0


# ---- printed forms --------------------------------------------------------------------


def _file_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--deputy", action="append", required=True, help="编号、姓名或身份证号码（可重复）"
    )
    p.add_argument("--year", type=int, required=True)


@print_form("file", "代表年度履职档案（封面、目录、八个部分、履职积分）", _file_args)
def print_file(office: Office, args: argparse.Namespace) -> int:
    from app.documents.year_file import year_file_pdf

    ids = [one_deputy(office, key).id for key in args.deputy]
    return save_result(year_file_pdf(office, ids, args.year), args.out)


def _files_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--one-pdf", action="store_true", help="全部合为一个 PDF（--out 为文件）")


@print_form("files", "全体代表的年度履职档案（--out 为文件夹，每人一个 PDF）", _files_args)
def print_files(office: Office, args: argparse.Namespace) -> int:
    from app.documents.year_file import scored_deputies, year_file_files, year_file_pdf

    ids = scored_deputies(office, args.year)
    if args.one_pdf:
        return save_result(year_file_pdf(office, ids, args.year), args.out)
    if args.out is None:
        raise RendaError("请用 --out 指定保存履职档案的文件夹")
    result = year_file_files(office, ids, args.year, args.out)
    tell_notes(result.notes)
    out(f"已保存 {len(result.paths)} 份履职档案（共 {result.pages} 页）到：{args.out}")
    return 0


@print_form(
    "reception",
    "选民接待登记表",
    lambda p: p.add_argument("--reception", type=int, required=True, help="接待记录编号"),
)
def print_reception(office: Office, args: argparse.Namespace) -> int:
    from app.documents.reception_form import reception_pdf

    return save_result(reception_pdf(office, args.reception), args.out)


def _ballot_args(p: argparse.ArgumentParser) -> None:
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--deputy", help="述职代表（测评票的时间、地点留空）")
    who.add_argument("--report", type=int, help="述职记录编号（印上时间、地点）")


@print_form("report-ballot", "述职测评票（每页三张）", _ballot_args)
def print_ballot(office: Office, args: argparse.Namespace) -> int:
    from app.documents.voter_report_forms import ballot_pdf

    if args.report:
        report = office.voter_reports.get(args.report)
        return save_result(ballot_pdf(office, report.deputy_id, report_id=report.id), args.out)
    return save_result(ballot_pdf(office, one_deputy(office, args.deputy).id), args.out)


@print_form(
    "report-result",
    "述职测评结果",
    lambda p: p.add_argument("--report", type=int, required=True, help="述职记录编号"),
)
def print_report_result(office: Office, args: argparse.Namespace) -> int:
    from app.documents.voter_report_forms import report_result_pdf

    return save_result(report_result_pdf(office, args.report), args.out)
