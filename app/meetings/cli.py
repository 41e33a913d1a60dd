"""Meetings on the command line: every operation of the 会议 page.

python -m app --db PATH meetings [--year Y] [--kind K] [--json]
python -m app --db PATH meeting show ID [--json]
python -m app --db PATH meeting add --kind session --date 2026-03-12 --time 08:30 …
python -m app --db PATH meeting attend ID --all present
python -m app --db PATH meeting attend ID --deputy 王𠮷 --status leave --leave-kind 病假 …
python -m app --db PATH vote candidate MEETING --name … / vote results MEETING 名称=票数 …
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core import dates
from app.core.commands import command, out, print_form, print_json, save_result, with_labels
from app.core.errors import RendaError
from app.deputies.cli import one_deputy
from app.meetings.meetings import Meeting, MeetingQuery
from app.meetings.projects import PROGRESS_STATUS
from app.meetings.rules import KIND_SHORT, KINDS
from app.office import Office

Handler = Callable[[Office, argparse.Namespace], int]

FIELD_LABELS = {
    "kind": "会议类别",
    "number": "第几次会议",
    "group_id": "代表小组",
    "title": "会议名称",
    "start_date": "开始日期",
    "start_time": "开始时间",
    "end_date": "结束日期",
    "end_time": "结束时间",
    "place": "地点",
    "chair": "主持人",
    "recorder": "记录人",
    "minutes": "会议记录",
    "agenda": "议程",
    "status": "出席情况",
    "quorum_note": "不足法定人数的原因",
    "expected": "应到名单",
    "leave_kind": "请假类别",
    "leave_reason": "请假事由",
    "leave_approved_by": "批准人",
    "leave_date": "请假日期",
    "name": "名称",
    "unit": "单位",
    "votes_for": "赞成票",
    "votes_against": "反对票",
    "votes_abstain": "弃权票",
    "passed": "表决结果",
    "places": "项目数",
    "votes": "得票",
    "investment": "总投资",
    "planned_completion": "计划完成时间",
    "percent": "完成百分比",
    "date": "日期",
    "rating_satisfied": "满意度测评",
    "rating_date": "测评日期",
}
STATUS_CODES = {"present": "present", "leave": "leave", "absent": "absent", "none": ""}


# Refusals of a print form (run under the `print` command) name their fields too.
in_chinese = with_labels(FIELD_LABELS)


def one_meeting(office: Office, key: str) -> Meeting:
    try:
        return office.meetings.get(int(key))
    except ValueError:
        raise RendaError(f"会议编号应是数字（用 meetings 命令可查到编号），不是“{key}”") from None


# ---- listing and showing ----------------------------------------------------------------


def meeting_filters(p: argparse.ArgumentParser) -> None:
    """The filters of the meeting list (also of `export meetings`)."""
    p.add_argument("--year", type=int, help="年份，如 2026")
    p.add_argument("--kind", choices=list(KINDS), help="session、presidium、group 或 other")
    p.add_argument("--search", default="", help="按会议名称或地点查找")


def meeting_query(args: argparse.Namespace) -> MeetingQuery:
    return MeetingQuery(kind=args.kind, year=args.year, text=args.search)


def _meetings_args(p: argparse.ArgumentParser) -> None:
    meeting_filters(p)
    p.add_argument("--json", action="store_true")


@command("meetings", "列出会议（新的在前）", _meetings_args, labels=FIELD_LABELS)
def cmd_meetings(office: Office, args: argparse.Namespace) -> int:
    rows = office.meetings.list(meeting_query(args))
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "township": r.township_name,
                    "kind": r.kind,
                    "kind_label": KINDS[r.kind],
                    "title": r.title,
                    "date": r.start_date,
                    "time": r.start_time,
                    "place": r.place,
                    "status": r.status_label,
                    "expected": r.expected,
                    "present": r.present,
                    "leave": r.leave,
                    "absent": r.absent,
                    "observers": r.observers,
                    "resolutions": r.resolutions,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        figures = f"应到{r.expected} 实到{r.present} 请假{r.leave} 缺席{r.absent}"
        out(
            "\t".join(
                [
                    str(r.id),
                    dates.format_date(r.start_date),
                    KIND_SHORT[r.kind],
                    r.title,
                    figures,
                    r.status_label,
                ]
            )
        )
    out(f"共 {len(rows)} 次会议")
    return 0


def meeting_json(office: Office, meeting: Meeting) -> dict[str, Any]:
    meetings = office.meetings
    counts = meetings.attendance.counts(meeting.id)
    vote = meetings.projects.vote_of_meeting(meeting.id)
    data: dict[str, Any] = {
        "id": meeting.id,
        "uuid": meeting.uuid,
        "kind": meeting.kind,
        "kind_label": meeting.kind_label,
        "number": meeting.number,
        "group": office.groups.get(meeting.group_id).name if meeting.group_id else "",
        "title": meeting.title,
        "start_date": meeting.start_date,
        "start_time": meeting.start_time,
        "end_date": meeting.end_date,
        "end_time": meeting.end_time,
        "when": meeting.when_label,
        "place": meeting.place,
        "chair": meeting.chair,
        "recorder": meeting.recorder,
        "status": meeting.status_label,
        "quorum_note": meeting.quorum_note,
        "agenda": [
            {"title": a.title, "presenter": a.presenter} for a in meetings.agenda(meeting.id)
        ],
        "counts": {
            "expected": counts.expected,
            "present": counts.present,
            "leave": counts.leave,
            "absent": counts.absent,
            "observers": counts.observers,
            "unmarked": counts.unmarked,
            "quorum_needed": counts.quorum_needed if counts.applies_quorum else None,
            "has_quorum": counts.has_quorum if counts.applies_quorum else None,
        },
        "attendance": [
            {
                "name": r.name,
                "unit": r.unit,
                "deputy_id": r.deputy_id,
                "status": r.status_label,
                "leave": r.leave_label,
                "leave_date": r.leave_date,
            }
            for r in meetings.attendance.rows(meeting.id)
        ],
        "minutes": meeting.minutes,
        "resolutions": [
            {
                "kind": r.kind,
                "title": r.title,
                "votes_for": r.votes_for,
                "votes_against": r.votes_against,
                "votes_abstain": r.votes_abstain,
                "result": r.result_label,
            }
            for r in meetings.resolutions.list(meeting.id)
        ],
        "attachments": [a.file_name for a in office.attachments.list("meeting", meeting.uuid)],
    }
    if vote is not None:
        data["project_vote"] = {
            "places": vote.places,
            "voted": vote.voted,
            "voters": vote.voters,
            "candidates": [
                {
                    "id": p.id,
                    "name": p.name,
                    "investment": p.investment,
                    "planned_completion": p.planned_completion,
                    "lead_unit": p.lead_unit,
                    "votes": p.votes,
                    "rank": p.rank,
                    "elected": p.elected,
                    "progress": p.progress_label,
                    "satisfaction": p.satisfaction_label,
                }
                for p in meetings.projects.ranking(vote.id)
            ],
        }
    return data


def _show(office: Office, meeting: Meeting, as_json: bool) -> None:
    data = meeting_json(office, meeting)
    if as_json:
        print_json(data)
        return
    out(meeting.title)
    out(f"类别：{meeting.kind_label}　时间：{meeting.when_label}　地点：{meeting.place}")
    out(f"主持：{meeting.chair}　状态：{meeting.status_label}")
    counts = office.meetings.attendance.counts(meeting.id)
    out(counts.summary)
    if counts.quorum_text:
        out(counts.quorum_text)
    for i, item in enumerate(data["agenda"], 1):
        out(f"议程{i}：{item['title']}" + (f"（{item['presenter']}）" if item["presenter"] else ""))
    for r in office.meetings.resolutions.list(meeting.id):
        out(f"{r.kind}：{r.title}　{r.votes_label}　{r.result_label}")
    if "project_vote" in data:
        vote = data["project_vote"]
        out(f"民生实事项目票决：候选 {len(vote['candidates'])} 个，确定 {vote['places']} 个")
        for p in vote["candidates"]:
            mark = "当选" if p["elected"] else ""
            votes = "" if p["votes"] is None else p["votes"]
            out(f"  {p['rank'] or ''}\t{p['name']}\t{votes}\t{mark}")


def _meeting_fields(p: argparse.ArgumentParser, *, adding: bool) -> None:
    if adding:
        p.add_argument("--kind", required=True, choices=list(KINDS))
        p.add_argument("--date", required=True, help="开始日期，如 2026-03-12")
    else:
        p.add_argument("--date", help="开始日期")
    p.add_argument("--time", help="开始时间，如 08:30")
    p.add_argument("--end-date", help="结束日期（当天结束可不填）")
    p.add_argument("--end-time", help="结束时间")
    p.add_argument("--number", type=int, help="第几次会议（人代会、主席团会议；默认下一次）")
    p.add_argument("--group", help="代表小组名称（小组活动）")
    p.add_argument("--title", help="会议名称（其他会议必填；人代会、主席团会议自动生成）")
    p.add_argument("--place")
    p.add_argument("--chair", help="主持人")
    p.add_argument("--recorder", help="记录人")


def _field_values(office: Office, args: argparse.Namespace) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for arg, key in (
        ("date", "start_date"),
        ("time", "start_time"),
        ("end_date", "end_date"),
        ("end_time", "end_time"),
        ("number", "number"),
        ("title", "title"),
        ("place", "place"),
        ("chair", "chair"),
        ("recorder", "recorder"),
    ):
        value = getattr(args, arg, None)
        if value is not None:
            values[key] = value
    if getattr(args, "group", None):
        matches = [g for g in office.groups.list() if g.name == args.group]
        if not matches:
            raise RendaError(f"找不到代表小组“{args.group}”")
        values["group_id"] = matches[0].id
    return values


def _meeting_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一次会议")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    add = sub.add_parser("add", help="新建会议")
    _meeting_fields(add, adding=True)
    edit = sub.add_parser("edit", help="修改会议的时间、地点等")
    edit.add_argument("id")
    _meeting_fields(edit, adding=False)
    delete = sub.add_parser("delete", help="删除误录的会议及其全部记录")
    delete.add_argument("id")
    delete.add_argument(
        "--yes", action="store_true", help="确认删除（会议有出席登记、决议等时必须）"
    )
    agenda = sub.add_parser("agenda", help="设置议程（按顺序，替换原有议程）")
    agenda.add_argument("id")
    agenda.add_argument("--item", action="append", default=[], help="“议程|报告人”，可重复")
    minutes = sub.add_parser("minutes", help="保存会议记录")
    minutes.add_argument("id")
    minutes.add_argument("--text")
    minutes.add_argument("--file", type=Path, help="从 UTF-8 文本文件读入")
    minutes.add_argument("--recorder")
    attend = sub.add_parser("attend", help="登记出席情况")
    attend.add_argument("id")
    attend.add_argument("--all", choices=list(STATUS_CODES), help="全体应到人员设为该状态")
    attend.add_argument("--deputy", action="append", default=[], help="代表姓名或编号，可重复")
    attend.add_argument("--status", choices=list(STATUS_CODES))
    attend.add_argument("--leave-kind", choices=["事假", "病假"])
    attend.add_argument("--reason", default="", help="请假事由")
    attend.add_argument("--approved-by", default="", help="批准人")
    attend.add_argument("--leave-date", default="", help="请假日期")
    attend.add_argument("--observer", action="append", default=[], help="列席人员“姓名|单位”")
    attend.add_argument(
        "--record-end",
        action="store_true",
        help="代表第二次未经批准缺席人代会时，同时登记其代表资格终止（代表法第六十二条）",
    )
    resolution = sub.add_parser("resolution", help="登记决议、决定及表决票数")
    resolution.add_argument("id")
    resolution.add_argument("--title", required=True)
    resolution.add_argument("--kind", default="决议", choices=["决议", "决定"])
    resolution.add_argument("--text", default="")
    resolution.add_argument("--for", dest="votes_for", required=True)
    resolution.add_argument("--against", required=True)
    resolution.add_argument("--abstain", required=True)
    resolution.add_argument("--passed", choices=["yes", "no"], help="表决结果（不填按票数判断）")
    held = sub.add_parser("held", help="记为已召开")
    held.add_argument("id")
    held.add_argument("--reason", default="", help="出席不足三分之二仍召开的原因")


@command(
    "meeting",
    "一次会议：show / add / edit / delete / agenda / minutes / attend / …",
    _meeting_args,
    labels=FIELD_LABELS,
)
def cmd_meeting(office: Office, args: argparse.Namespace) -> int:
    meetings = office.meetings
    if args.action == "add":
        meeting = meetings.add(kind=args.kind, **_field_values(office, args))
        counts = meetings.attendance.counts(meeting.id)
        out(f"已新建：{meeting.title}（编号 {meeting.id}），应到 {counts.expected} 人")
        return 0
    meeting = one_meeting(office, args.id)
    if args.action == "show":
        _show(office, meeting, args.json)
    elif args.action == "edit":
        meeting = meetings.update(meeting.id, **_field_values(office, args))
        out(f"已保存：{meeting.title}")
    elif args.action == "delete":
        office.audit.confirm_delete("meetings", meeting.id, meeting.title, yes=args.yes)
        meetings.delete(meeting.id)
        out(f"已删除：{meeting.title}（可用 trash restore 从回收站恢复）")
    elif args.action == "agenda":
        items = []
        for item in args.item:
            title, _sep, presenter = item.partition("|")
            items.append((None, title, presenter))
        meetings.set_agenda(meeting.id, items)
        out(f"已保存议程 {len(items)} 项")
    elif args.action == "minutes":
        text = args.text
        if args.file is not None:
            try:
                text = args.file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise RendaError(
                    f"无法读取“{args.file}”：请确认它是 UTF-8 文本文件（{exc}）"
                ) from exc
        meetings.set_minutes(meeting.id, minutes=text or "", recorder=args.recorder)
        out("已保存会议记录")
    elif args.action == "attend":
        _attend(office, meeting, args)
    elif args.action == "resolution":
        passed = None if args.passed is None else args.passed == "yes"
        r = meetings.resolutions.add(
            meeting.id,
            kind=args.kind,
            title=args.title,
            text=args.text,
            votes_for=args.votes_for,
            votes_against=args.against,
            votes_abstain=args.abstain,
            passed=passed,
        )
        out(f"已登记：{r.title}　{r.votes_label}　{r.result_label}")
    elif args.action == "held":
        meeting = meetings.mark_held(meeting.id, quorum_note=args.reason)
        out(f"{meeting.title}：{meeting.status_label}")
    return 0


def _attend(office: Office, meeting: Meeting, args: argparse.Namespace) -> None:
    attendance = office.meetings.attendance
    warnings: list = []
    if args.all is not None:
        change = attendance.set_status(
            meeting.id, attendance.expected_ids(meeting.id), STATUS_CODES[args.all]
        )
        warnings.extend(change.warnings)
    deputies = [one_deputy(office, who) for who in args.deputy]
    if deputies and args.status is None:
        raise RendaError("请用 --status 指明这些代表的出席情况（present、leave、absent、none）")
    for deputy in deputies:
        if args.status == "leave" and args.leave_kind:
            change = attendance.set_leave(
                meeting.id,
                deputy.id,
                kind=args.leave_kind,
                reason=args.reason,
                approved_by=args.approved_by,
                date=args.leave_date,
            )
        else:
            change = attendance.set_status(meeting.id, [deputy.id], STATUS_CODES[args.status])
        warnings.extend(change.warnings)
    for observer in args.observer:
        name, _sep, unit = observer.partition("|")
        attendance.add_observer(meeting.id, name=name, unit=unit)
    for warning in warnings:
        out(f"提醒：{warning.message}")
        if warning.ends_status and args.record_end:
            attendance.end_for_absences(warning)
            out(f"已登记{warning.name}的代表资格终止")
    out(attendance.counts(meeting.id).summary)


# ---- the livelihood-project vote -------------------------------------------------------


def _vote_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一次人代会的民生实事项目票决")
    show.add_argument("meeting")
    show.add_argument("--json", action="store_true")
    open_ = sub.add_parser("open", help="在人代会中设立民生实事项目票决")
    open_.add_argument("meeting")
    open_.add_argument("--places", required=True, help="拟确定的项目数，如 10")
    cand = sub.add_parser("candidate", help="增加候选项目")
    cand.add_argument("meeting")
    cand.add_argument("--name", required=True)
    cand.add_argument("--investment", default="0", help="总投资（万元）")
    cand.add_argument("--completion", default="", help="计划完成时间，如 2026-12")
    cand.add_argument("--unit", default="", help="责任单位")
    cand.add_argument("--description", default="")
    results = sub.add_parser("results", help="登记各候选项目的得票：名称=票数 …")
    results.add_argument("meeting")
    results.add_argument("votes", nargs="+")


def _vote_of(office: Office, key: str) -> Any:
    meeting = one_meeting(office, key)
    vote = office.meetings.projects.vote_of_meeting(meeting.id)
    if vote is None:
        raise RendaError(f"{meeting.title}还没有设立民生实事项目票决（vote open）")
    return vote


@command(
    "vote", "民生实事项目票决：show / open / candidate / results", _vote_args, labels=FIELD_LABELS
)
def cmd_vote(office: Office, args: argparse.Namespace) -> int:
    projects = office.meetings.projects
    if args.action == "open":
        vote = projects.open_vote(one_meeting(office, args.meeting).id, places=args.places)
        out(f"已设立票决：拟确定 {vote.places} 个项目")
        return 0
    vote = _vote_of(office, args.meeting)
    if args.action == "show":
        data = meeting_json(office, office.meetings.get(vote.meeting_id))["project_vote"]
        if args.json:
            print_json(data)
        else:
            for p in data["candidates"]:
                mark = "当选" if p["elected"] else ""
                votes = "" if p["votes"] is None else p["votes"]
                out(f"{p['rank'] or ''}\t{p['name']}\t{p['investment']:g}万元\t{votes}\t{mark}")
    elif args.action == "candidate":
        p = projects.add_candidate(
            vote.id,
            name=args.name,
            investment=args.investment,
            planned_completion=args.completion,
            lead_unit=args.unit,
            description=args.description,
        )
        out(f"已增加候选项目：{p.name}（编号 {p.id}）")
    elif args.action == "results":
        by_name = {p.name: p.id for p in projects.candidates(vote.id)}
        votes: dict[int, str] = {}
        for pair in args.votes:
            name, sep, number = pair.rpartition("=")
            if not sep or name not in by_name:
                raise RendaError(f"“{pair}”应写成“候选项目名称=票数”，且名称与候选项目一致")
            votes[by_name[name]] = number
        outcome = projects.record_results(vote.id, votes)
        out(f"已登记票决结果：当选 {outcome.elected} 个项目")
        if outcome.tied:
            out("提醒：有候选项目在最后名次得票相同，均未当选，请就这些项目再次投票")
    return 0


def _project_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    lst = sub.add_parser("list", help="列出票决当选的民生实事项目及进展")
    lst.add_argument("--year", type=int)
    lst.add_argument("--json", action="store_true")
    prog = sub.add_parser("progress", help="登记项目进展")
    prog.add_argument("id", type=int)
    prog.add_argument("--date", required=True)
    prog.add_argument(
        "--status", required=True, choices=[*PROGRESS_STATUS, *PROGRESS_STATUS.values()]
    )
    prog.add_argument("--percent", required=True)
    prog.add_argument("--note", default="")
    rate = sub.add_parser("rate", help="登记年终满意度测评")
    rate.add_argument("id", type=int)
    rate.add_argument("--satisfied", required=True)
    rate.add_argument("--basic", required=True)
    rate.add_argument("--unsatisfied", required=True)
    rate.add_argument("--date", required=True)


@command("project", "民生实事项目：list / progress / rate", _project_args, labels=FIELD_LABELS)
def cmd_project(office: Office, args: argparse.Namespace) -> int:
    projects = office.meetings.projects
    if args.action == "list":
        rows = projects.elected(year=args.year)
        if args.json:
            print_json(
                [
                    {
                        "id": p.id,
                        "name": p.name,
                        "investment": p.investment,
                        "lead_unit": p.lead_unit,
                        "votes": p.votes,
                        "rank": p.rank,
                        "status": PROGRESS_STATUS.get(p.progress_status, "未开工"),
                        "percent_done": p.percent_done,
                        "completed_date": p.completed_date,
                        "satisfaction": p.satisfaction_label,
                    }
                    for p in rows
                ]
            )
        else:
            for p in rows:
                out(f"{p.id}\t{p.name}\t{p.progress_label}\t{p.satisfaction_label}")
            out(f"共 {len(rows)} 个项目")
    elif args.action == "progress":
        note = projects.add_progress(
            args.id, date=args.date, status=args.status, percent=args.percent, note=args.note
        )
        out(f"已登记进展：{note.status_label} {note.percent}%")
    elif args.action == "rate":
        p = projects.rate(
            args.id,
            satisfied=args.satisfied,
            basic=args.basic,
            unsatisfied=args.unsatisfied,
            date=args.date,
        )
        out(f"已登记测评：{p.satisfaction_label}")
    return 0


# ---- printed forms ---------------------------------------------------------------------


def _meeting_form_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--meeting", required=True, help="会议编号（用 meetings 命令可查到）")


def _leave_args(p: argparse.ArgumentParser) -> None:
    _meeting_form_args(p)
    p.add_argument("--deputy", action="append", help="只打印这些代表的请假单（姓名或编号，可重复）")


def _print_meeting_form(form: str) -> Handler:
    @in_chinese
    def handler(office: Office, args: argparse.Namespace) -> int:
        from app.documents.meeting_forms import FORM_BUILDERS

        meeting = one_meeting(office, args.meeting)
        if form == "leave":
            ids = [one_deputy(office, who).id for who in args.deputy] if args.deputy else None
            return save_result(FORM_BUILDERS[form](office, meeting.id, ids), args.out)
        return save_result(FORM_BUILDERS[form](office, meeting.id), args.out)

    return handler


for _name, _help, _args, _form in (
    ("signin", "会议签到表", _meeting_form_args, "signin"),
    ("leave", "代表请假单（默认为本次会议全部请假代表）", _leave_args, "leave"),
    ("minutes", "会议记录（含决议、决定）", _meeting_form_args, "minutes"),
    ("ballot", "民生实事项目票决票", _meeting_form_args, "ballot"),
    ("vote-result", "民生实事项目票决结果", _meeting_form_args, "vote_result"),
    (
        "session-pack",
        "人代会全套会议材料（通知、日程、分组名单、签到表、选票、计票单……）",
        _meeting_form_args,
        "pack",
    ),
):
    print_form(_name, _help, _args)(_print_meeting_form(_form))
