"""Commands of reports to voters and the duty score: `reports`, `report add|edit|delete`,
`scores`, `score-rules`, and their printed forms (the yearly duty file, the rating ballot and
its result).

    python -m app --db PATH reports [--year 2026] [--json]
    python -m app --db PATH scores [--year 2026] [--json]
    python -m app --db PATH print file --deputy 王𠮷 --year 2026 --out 档案.pdf
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
    tell_notes,
)
from app.core.errors import RendaError, ValidationError
from app.deputies.cli import one_deputy
from app.duties.scoring import format_points
from app.office import Office

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
    values: dict[str, Any] = parse_pairs(args.fields, REPORT_KEYS)
    if values.get("deputy_id"):
        values["deputy_id"] = one_deputy(office, values["deputy_id"]).id
    if args.action == "edit":
        report = labelled(REPORT_KEYS, lambda: office.voter_reports.update(args.id, **values))
        out(f"已保存：{report.deputy_name}向选民述职，{report.rating_text}，结果：{report.result}")
        return 0
    report = labelled(REPORT_KEYS, lambda: office.voter_reports.add(**values))
    out(f"已登记：{report.deputy_name}向选民述职，{report.rating_text}，结果：{report.result}")
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
