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
from collections.abc import Sequence
from typing import Any

from app.core import dates
from app.core.commands import command, labelled, out, parse_pairs, print_json
from app.core.errors import RendaError
from app.core.validate import mask_phone
from app.deputies.cli import one_deputy
from app.duties.activities import ActivityQuery
from app.duties.receptions import HANDLINGS, ReceptionQuery
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
    values: dict[str, Any] = parse_pairs(pairs, ACTIVITY_KEYS)
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
        activity = labelled(ACTIVITY_KEYS, lambda: office.activities.add(**values))
        out(f"已登记：{activity.kind}“{activity.topic}”（编号 {activity.id}）")
    else:
        activity = labelled(ACTIVITY_KEYS, lambda: office.activities.update(args.id, **values))
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

    values: dict[str, Any] = parse_pairs(args.fields, SUGGEST_KEYS)
    if "lead_deputy_id" in values:
        values["lead_deputy_id"] = one_deputy(office, values["lead_deputy_id"]).id
    if "co_signer_ids" in values:
        values["co_signer_ids"] = _deputy_ids(office, values["co_signer_ids"])
    values.setdefault("lead_deputy_id", None)
    values.setdefault("title", "")
    values.setdefault("category", "")
    suggestion = labelled(
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
    values: dict[str, Any] = parse_pairs(args.fields, RECEPTION_KEYS)
    if "station_id" in values or args.action == "add":
        values["station_id"] = _station_id(office, values.get("station_id", ""))
    if "deputy_ids" in values:
        values["deputy_ids"] = _deputy_ids(office, values["deputy_ids"])
    if "time" in values or args.action == "add":
        start, _, end = values.pop("time", "").replace("—", "-").replace("～", "-").partition("-")
        values.update(start_time=start, end_time=end)
    items = [parse_pairs([v], VISITOR_KEYS, sep=";") for v in args.visitor]
    for item in items:
        if "within_powers" in item:
            item["within_powers"] = item["within_powers"] in ("是", "1", "yes", "true")
    if items or args.action == "add":
        values["items"] = items
    labels = {**RECEPTION_KEYS, "来访人": "items"}
    if args.action == "edit":
        reception = labelled(labels, lambda: office.receptions.update(args.id, **values))
        out(f"已保存：{dates.format_date(reception.date)} {reception.station_name}接待选民")
        return 0
    reception = labelled(labels, lambda: office.receptions.add(**values))
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
