"""Commands of oversight: work appraisals and officials' duty appraisals through their
stages, the 测评 tally, the rectification to its closing verdict, and review opinions.

    python -m app --db F appraisals [--year 2026] [--json]
    python -m app --db F appraisal vote --meeting 3 --places 2 镇农业综合服务中心=52 镇财政所=31
    python -m app --db F appraisal add --subject 镇文化站 [--kind duty --post 副镇长] [--year 2026]
    python -m app --db F appraisal show 1 [--json]
    python -m app --db F appraisal stage 1 调查 --done 2026-04-15 --record "走访农户 30 户"
    python -m app --db F appraisal plan 1 测评=2026-05-10 整改=2026-08-31
    python -m app --db F appraisal link 1 --activity 12 --activity 15 --reception 7
    python -m app --db F appraisal ballot 1 --date 2026-05-10 --issued 60 --returned 58 \\
        --satisfied 40 --basic 12 --unsatisfied 5
    python -m app --db F appraisal rectify 1 --sent 2026-05-15 --content "一、……" [--deadline …]
    python -m app --db F appraisal feedback 1 --date 2026-08-10 --text "已整改……"
    python -m app --db F appraisal check 1 --date 2026-09-01 --note "回访属实"
    python -m app --db F appraisal close 1 --date 2026-09-05 --verdict 已落实
    python -m app --db F opinions [--open] [--json]
    python -m app --db F opinion add --meeting 3 --topic 镇人民政府工作报告 --content … --sent …
    python -m app --db F opinion feedback 4 --date … --text …   (check, close likewise)
    python -m app --db F print appraisal-ballot --appraisal 1 --out 测评票.pdf
    python -m app --db F print appraisal-result --appraisal 1 --out 测评结果.pdf
    python -m app --db F print opinion-letter --opinion 4 --out 审议意见书.pdf
    python -m app --db F print opinion-feedback --opinion 4 --out 整改情况反馈表.pdf
    python -m app --db F print appraisal-plan --appraisal 1 --out 评议方案.pdf
    python -m app --db F print opinions [--open] --out 审议意见办理情况一览表.pdf
"""

from __future__ import annotations

import argparse
from typing import Any

from app.core import dates
from app.core.commands import command, out, print_form, print_json, save_result
from app.core.errors import ValidationError
from app.office import Office
from app.oversight.appraisals import Appraisal
from app.oversight.opinions import Opinion
from app.oversight.rules import KINDS
from app.oversight.steps import (
    appraisal_step,
    delete_opinion,
    edit_opinion,
    opinion_step,
)

LABELS = {
    "subject": "评议对象",
    "post": "职务",
    "year": "年度",
    "kind": "评议类型",
    "stage": "环节",
    "planned_date": "计划日期",
    "done_date": "完成日期",
    "record": "环节记录",
    "meeting_id": "会议",
    "activity_ids": "代表活动",
    "reception_ids": "接待选民记录",
    "date": "日期",
    "issued": "发出票数",
    "returned": "收回票数",
    "satisfied": "满意票数",
    "basic": "基本满意票数",
    "unsatisfied": "不满意票数",
    "counted": "计票数",
    "votes": "得票数",
    "total": "应投票人数",
    "places": "确定个数",
    "sent_date": "送交日期",
    "deadline": "反馈期限",
    "content": "意见",
    "topic": "审议事项",
    "recipient": "送交单位",
    "feedback_date": "反馈日期",
    "feedback": "反馈情况",
    "check_date": "回头看日期",
    "check_note": "回头看情况",
    "closed_date": "办结（结束）日期",
    "verdict": "落实情况",
    "reported_meeting_id": "报告的会议",
    "source": "意见来源",
}


# ---- appraisals -----------------------------------------------------------------------


def appraisal_json(a: Appraisal) -> dict[str, Any]:
    rating = a.rating
    rect = a.rectification
    return {
        "id": a.id,
        "kind": a.kind_label,
        "year": a.year,
        "title": a.title,
        "subject": a.subject,
        "post": a.post,
        "chosen": a.chosen_text,
        "votes_for": a.votes_for,
        "votes_total": a.votes_total,
        "status": a.status(),
        "stages": [
            {
                "stage": s.label,
                "planned_date": s.planned_date,
                "done_date": s.done_date,
                "record": s.record,
                "meeting": s.meeting_title,
            }
            for s in a.stages
        ],
        "activity_ids": list(a.activity_ids),
        "reception_ids": list(a.reception_ids),
        "rating": None
        if rating is None
        else {
            "date": rating.date,
            "place": rating.place,
            "issued": rating.tally.issued,
            "returned": rating.tally.returned,
            "satisfied": rating.tally.satisfied,
            "basic": rating.tally.basic,
            "unsatisfied": rating.tally.unsatisfied,
            "invalid": rating.tally.invalid,
            "approval": round(rating.tally.approval, 4)
            if rating.tally.approval is not None
            else None,
            "result": rating.result,
        },
        "rectification": None if rect is None else opinion_json(rect),
        "closed_date": a.closed_date,
        "verdict": a.verdict_label,
        "closing_note": a.closing_note,
    }


def _appraisals_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="年度，如 2026")
    p.add_argument("--kind", choices=list(KINDS), help="work 工作评议，duty 述职评议")
    p.add_argument("--json", action="store_true")


@command("appraisals", "列出工作评议和述职评议及其结果（按年度）", _appraisals_args, labels=LABELS)
def cmd_appraisals(office: Office, args: argparse.Namespace) -> int:
    if args.json:
        print_json(
            [appraisal_json(a) for a in office.appraisals.list(year=args.year, kind=args.kind)]
        )
        return 0
    rows = office.appraisals.rows(year=args.year, kind=args.kind)
    for r in rows:
        out(
            "\t".join(
                [
                    str(r.id),
                    f"{r.year}年",
                    r.title,
                    r.status,
                    r.rating or "未测评",
                    f"满意率 {r.approval}" if r.approval else "",
                    r.verdict,
                ]
            )
        )
    out(f"共 {len(rows)} 项评议")
    return 0


def _appraisal_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一项评议的全过程")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")

    add = sub.add_parser("add", help="登记主席团确定的评议对象")
    add.add_argument("--subject", required=True, help="被评议单位，或述职人姓名")
    add.add_argument("--kind", choices=list(KINDS), default="work")
    add.add_argument("--post", default="", help="述职人的职务，如 副镇长")
    add.add_argument("--year", type=int)
    add.add_argument("--plan", default="", help="评议方案")

    vote = sub.add_parser("vote", help="人代会票决评议对象：单位=得票数 …")
    vote.add_argument("--meeting", type=int, required=True, help="人代会的会议编号")
    vote.add_argument("--places", type=int, required=True, help="确定几个评议对象")
    vote.add_argument("--total", type=int, help="应参加表决的代表人数（默认按出席名单）")
    vote.add_argument("votes", nargs="+", help="候选单位=得票数")

    stage = sub.add_parser("stage", help="计划或登记一个环节：动员、调查、评议、测评、整改")
    stage.add_argument("id", type=int)
    stage.add_argument("stage", help="环节名称，如 调查")
    stage.add_argument("--planned", help="计划日期")
    stage.add_argument("--done", help="完成日期")
    stage.add_argument("--record", help="环节记录")
    stage.add_argument("--meeting", type=int, help="这一环节的会议编号（如评议会）")

    plan = sub.add_parser("plan", help="各环节的计划日期：环节=日期 …（日期留空则取消）")
    plan.add_argument("id", type=int)
    plan.add_argument("dates", nargs="+", help="如 测评=2026-05-10")

    link = sub.add_parser(
        "link",
        help="调查环节关联的代表活动（视察、走访、座谈）、接待选民记录（各自替换原有关联）",
    )
    link.add_argument("id", type=int)
    link.add_argument("--activity", type=int, action="append", default=[])
    link.add_argument("--reception", type=int, action="append", default=[])

    ballot = sub.add_parser("ballot", help="登记测评结果")
    ballot.add_argument("id", type=int)
    ballot.add_argument("--date", required=True)
    ballot.add_argument("--place", default="")
    for name, help_text in (
        ("issued", "发出票数"),
        ("returned", "收回票数"),
        ("satisfied", "满意票数"),
        ("basic", "基本满意票数"),
        ("unsatisfied", "不满意票数"),
    ):
        ballot.add_argument(f"--{name}", default="0", help=help_text)
    ballot.add_argument("--note", default="")

    rectify = sub.add_parser("rectify", help="送交评议（整改）意见")
    rectify.add_argument("id", type=int)
    rectify.add_argument("--sent", required=True, help="送交日期")
    rectify.add_argument("--content", required=True, help="评议意见")
    rectify.add_argument("--deadline", default="", help="整改期限（默认按设置）")
    rectify.add_argument("--recipient", default="")

    close = _follow_up_args(sub, "评议", "整改情况", "结束评议")
    close.add_argument("--note", default="", help="评议结论")


def _follow_up_args(sub: Any, record: str, handling: str, closing: str) -> Any:
    """The actions every follow-up shares (feedback, check, close) and delete; returns
    the close parser for the options of its own."""
    feedback = sub.add_parser("feedback", help=f"登记{handling}书面反馈")
    feedback.add_argument("id", type=int)
    feedback.add_argument("--date", required=True)
    feedback.add_argument("--text", required=True)
    check = sub.add_parser("check", help="登记回头看")
    check.add_argument("id", type=int)
    check.add_argument("--date", required=True)
    check.add_argument("--note", required=True)
    close = sub.add_parser("close", help=f"{closing}：已落实 / 部分落实 / 未落实")
    close.add_argument("id", type=int)
    close.add_argument("--date", required=True)
    close.add_argument("--verdict", required=True)
    delete = sub.add_parser("delete", help=f"删除误录的{record}")
    delete.add_argument("id", type=int)
    return close


def _show_appraisal(a: Appraisal) -> None:
    out(f"{a.title}（{a.year}年，编号 {a.id}）")
    out(f"评议对象产生：{a.chosen_text}")
    out(f"当前状态：{a.status()}")
    for s in a.stages:
        when = dates.format_date(s.done_date) if s.done_date else "未完成"
        plan = f"（计划{dates.format_date(s.planned_date)}）" if s.planned_date else ""
        meeting = f"，会议：{s.meeting_title}" if s.meeting_title else ""
        out(f"  {s.label}：{when}{plan}{meeting}{('，' + s.record) if s.record else ''}")
    if a.activity_ids:
        out(f"  调查活动：编号 {'、'.join(map(str, a.activity_ids))}")
    if a.reception_ids:
        out(f"  接待选民记录：编号 {'、'.join(map(str, a.reception_ids))}")
    if a.rating:
        out(f"测评：{a.rating.text}")
    if a.rectification:
        r = a.rectification
        out(
            f"整改：{r.state_label()}，送交{dates.format_date(r.sent_date)}，"
            f"期限{dates.format_date(r.deadline)}"
        )
        if r.feedback_date:
            out(f"  反馈（{dates.format_date(r.feedback_date)}）：{r.feedback}")
        if r.check_date:
            out(f"  回头看（{dates.format_date(r.check_date)}）：{r.check_note}")
    if a.closed_date:
        out(f"结束：{dates.format_date(a.closed_date)}，{a.verdict_label}　{a.closing_note}")


@command(
    "appraisal",
    "一项评议：show/add/vote/stage/plan/link/ballot/rectify/feedback/check/close",
    _appraisal_args,
    labels=LABELS,
)
def cmd_appraisal(office: Office, args: argparse.Namespace) -> int:
    appraisals = office.appraisals
    action = args.action
    if action == "show":
        a = appraisals.get(args.id)
        if args.json:
            print_json(appraisal_json(a))
        else:
            _show_appraisal(a)
        return 0
    if action == "add":
        a = appraisals.add(
            kind=args.kind, subject=args.subject, post=args.post, year=args.year, plan=args.plan
        )
        out(f"已登记：{a.title}（编号 {a.id}）")
        return 0
    if action == "vote":
        votes = _pairs(args.votes, "votes", "单位=得票数")
        chosen = appraisals.choose_by_vote(
            args.meeting, votes, places=args.places, total=args.total
        )
        for a in chosen:
            out(f"已确定：{a.title}（得 {a.votes_for} 票，编号 {a.id}）")
        if not chosen:
            out("没有候选单位得票超过全体代表的半数（或得票相同），请重新表决")
        return 0
    if action == "delete":
        a = appraisals.get(args.id)
        appraisals.delete(args.id)
        out(f"已删除：{a.title}")
        return 0
    done = appraisal_step(office, args.id, *_appraisal_step_values(args))
    out(done.message)
    return 0


def _pairs(texts: list[str], field: str, example: str) -> dict[str, str]:
    """'名称=值' arguments as a dict; a malformed one is refused in Chinese."""
    found: dict[str, str] = {}
    for pair in texts:
        if "=" not in pair:
            raise ValidationError({field: f"“{pair}”应写成“{example}”"})
        name, value = pair.rsplit("=", 1)
        found[name.strip()] = value.strip()
    return found


# What each `appraisal` action runs: the step (app.oversight.steps) and the field each
# option fills. plan and link read their arguments their own way (below).
APPRAISAL_ACTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "stage": (
        "stage",
        {
            "stage": "stage",
            "planned": "planned_date",
            "done": "done_date",
            "record": "record",
            "meeting": "meeting_id",
        },
    ),
    "ballot": (
        "rating",
        {k: k for k in ("date", "place", "note", "issued", "returned", "satisfied", "basic")}
        | {"unsatisfied": "unsatisfied"},
    ),
    "rectify": (
        "rectify",
        {
            "sent": "sent_date",
            "content": "content",
            "deadline": "deadline",
            "recipient": "recipient",
        },
    ),
    "feedback": ("feedback", {"date": "feedback_date", "text": "feedback"}),
    "check": ("check", {"date": "check_date", "note": "check_note"}),
    "close": ("close", {"date": "closed_date", "verdict": "verdict", "note": "closing_note"}),
}


def _step_values(
    actions: dict[str, tuple[str, dict[str, str]]], args: argparse.Namespace
) -> tuple[str, dict[str, Any]]:
    step, fields = actions[args.action]
    return step, {field: getattr(args, option) for option, field in fields.items()}


def _appraisal_step_values(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The step (app.oversight.steps) an `appraisal` action runs, with its values."""
    if args.action == "plan":
        return "plan", _pairs(args.dates, "stage", "环节=日期")
    if args.action == "link":
        # Each option replaces its own links; with neither, both are cleared.
        values = {"activity_ids": args.activity, "reception_ids": args.reception}
        given = {k: v for k, v in values.items() if v}
        return "link", given or values
    return _step_values(APPRAISAL_ACTIONS, args)


# ---- opinions -------------------------------------------------------------------------


def opinion_json(o: Opinion) -> dict[str, Any]:
    return {
        "id": o.id,
        "source": o.source_label,
        "from": o.source_title,
        "topic": o.topic,
        "content": o.content,
        "recipient": o.recipient,
        "sent_date": o.sent_date,
        "deadline": o.deadline,
        "state": o.state_label(),
        "overdue": o.state() == "overdue",
        "feedback_date": o.feedback_date,
        "feedback": o.feedback,
        "check_date": o.check_date,
        "check_note": o.check_note,
        "closed_date": o.closed_date,
        "verdict": o.verdict_label,
        "reported_to": o.reported_meeting_title,
    }


def _opinions_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--open", action="store_true", help="只列出未办结的（逾期的在前）")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")


@command(
    "opinions", "列出审议意见、视察意见和整改意见的跟踪落实情况", _opinions_args, labels=LABELS
)
def cmd_opinions(office: Office, args: argparse.Namespace) -> int:
    found = office.opinions.list(open_only=args.open, year=args.year)
    if args.json:
        print_json([opinion_json(o) for o in found])
        return 0
    for o in found:
        mark = "【逾期】" if o.state() == "overdue" else ""
        out(
            "\t".join(
                [
                    str(o.id),
                    mark + o.state_label(),
                    o.source_label,
                    o.topic,
                    o.recipient,
                    f"期限{dates.format_date(o.deadline)}" if o.deadline else "未送交",
                ]
            )
        )
    overdue = sum(o.state() == "overdue" for o in found)
    out(f"共 {len(found)} 项意见，其中逾期未反馈 {overdue} 项")
    return 0


def _opinion_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一项意见")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    add = sub.add_parser("add", help="登记审议意见（会议）或视察、调研意见（活动）")
    add.add_argument("--meeting", type=int, help="提出意见的会议编号")
    add.add_argument("--activity", type=int, help="提出意见的视察、执法检查、调研活动编号")
    add.add_argument("--project", type=int, help="督办的民生实事项目编号")
    add.add_argument("--topic", required=True, help="审议事项，如 镇人民政府工作报告")
    add.add_argument("--content", required=True)
    add.add_argument("--recipient", default="")
    add.add_argument("--sent", default="", help="送交日期")
    add.add_argument("--deadline", default="", help="反馈期限（默认按设置）")
    send = sub.add_parser("send", help="登记送交")
    send.add_argument("id", type=int)
    send.add_argument("--date", required=True)
    send.add_argument("--deadline", default="")
    close = _follow_up_args(sub, "意见", "办理情况", "办结")
    close.add_argument("--reported-at", type=int, help="向哪次会议报告了办理情况（会议编号）")
    reopen = sub.add_parser("reopen", help="取消误登记的办结")
    reopen.add_argument("id", type=int)


@command(
    "opinion",
    "一项意见：show/add/send/feedback/check/close/reopen/delete",
    _opinion_args,
    labels=LABELS,
)
def cmd_opinion(office: Office, args: argparse.Namespace) -> int:
    opinions = office.opinions
    action = args.action
    if action == "show":
        o = opinions.get(args.id)
        data = opinion_json(o)
        if args.json:
            print_json(data)
        else:
            for key, value in data.items():
                out(f"{LABELS.get(key, key)}: {value}")
        return 0
    if action == "add":
        values = {
            "meeting_id": args.meeting,
            "activity_id": args.activity,
            "project_id": args.project,
            "topic": args.topic,
            "content": args.content,
            "recipient": args.recipient,
            "sent_date": args.sent,
            "deadline": args.deadline,
        }
        out(edit_opinion(office, None, values).message)
    elif action == "delete":
        out(delete_opinion(office, args.id).message)
    else:
        out(opinion_step(office, args.id, *_step_values(OPINION_ACTIONS, args)).message)
    return 0


OPINION_ACTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "send": ("send", {"date": "sent_date", "deadline": "deadline"}),
    "reopen": ("reopen", {}),
    "feedback": APPRAISAL_ACTIONS["feedback"],
    "check": APPRAISAL_ACTIONS["check"],
    "close": (
        "close",
        {"date": "closed_date", "verdict": "verdict", "reported_at": "reported_meeting_id"},
    ),
}


# ---- forms ----------------------------------------------------------------------------


def _appraisal_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--appraisal", type=int, required=True, help="评议编号（appraisals 可查）")


def _opinion_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--opinion", type=int, required=True, help="意见编号（opinions 可查）")


# The forms of one record: `print NAME --appraisal ID` or `--opinion ID`, each built by a
# function of app.documents.oversight_forms from the office and the record's id.
RECORD_FORMS = (
    (
        "appraisal-ballot",
        "工作评议、述职评议测评票（每页三张）",
        "appraisal",
        "appraisal_ballot_pdf",
    ),
    ("appraisal-result", "工作评议、述职评议测评结果统计表", "appraisal", "appraisal_result_pdf"),
    ("appraisal-plan", "工作评议（述职评议）方案", "appraisal", "appraisal_plan_pdf"),
    ("opinion-letter", "审议意见书（送交镇人民政府或被评议单位）", "opinion", "opinion_letter_pdf"),
    ("opinion-feedback", "整改（办理）情况反馈表", "opinion", "feedback_form_pdf"),
)
RECORD_ARGS = {"appraisal": _appraisal_arg, "opinion": _opinion_arg}


def _register_record_form(name: str, help_text: str, record: str, builder: str) -> None:
    def handler(office: Office, args: argparse.Namespace) -> int:
        from app.documents import oversight_forms

        build = getattr(oversight_forms, builder)
        return save_result(build(office, getattr(args, record)), args.out)

    print_form(name, help_text, RECORD_ARGS[record])(handler)


for _form in RECORD_FORMS:
    _register_record_form(*_form)


def _opinions_list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--open", action="store_true", help="只列出未办结的")


@print_form("opinions", "审议意见办理情况一览表（逾期的在前）", _opinions_list_args)
def print_opinions(office: Office, args: argparse.Namespace) -> int:
    from app.documents.oversight_forms import opinions_list_pdf

    return save_result(opinions_list_pdf(office, open_only=args.open), args.out)
