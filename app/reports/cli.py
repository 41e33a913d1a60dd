"""Commands of the report drafts: `draft work --year Y --out F.docx`, `draft handling
(--year Y | --meeting ID) --out F.docx`, `draft structure --out F.docx`. (`report` already
names the deputies' reports to voters.)"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.commands import command, out, print_form, print_json, save_result, tell_notes
from app.core.errors import RendaError
from app.reports.docx_layout import DocxResult

if TYPE_CHECKING:
    from app.office import Office

LABELS = {"year": "年度", "meeting": "人代会"}


def _draft_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="draft", required=True, metavar="报告")
    work = sub.add_parser("work", help="主席团工作报告（一个年度）")
    work.add_argument("--year", type=int, required=True, help="年度，如 2026")
    handling = sub.add_parser("handling", help="代表建议办理情况报告（一个年度或一次人代会）")
    which = handling.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, help="年度，如 2026")
    which.add_argument("--meeting", type=int, help="人代会的会议编号（见 meetings 命令）")
    sub.add_parser("structure", help="代表结构情况统计表（本届在任乡镇人大代表）")
    for parser in (work, handling, sub.choices["structure"]):
        parser.add_argument("--out", type=Path, help="保存为此 Word 文件（.docx）")


def save_draft(result: DocxResult, path: Path | None) -> int:
    if path is None:
        raise RendaError("请用 --out 指定要保存的 Word 文件，如 --out 工作报告.docx")
    saved = result.save(path)
    tell_notes(result.notes)
    out(f"已保存：{saved}（{result.title}）")
    return 0


@command("draft", "起草报告稿（Word）：work 主席团工作报告、handling 建议办理情况报告、"
         "structure 代表结构统计表", _draft_args, labels=LABELS)  # fmt: skip
def cmd_draft(office: Office, args: argparse.Namespace) -> int:
    from app.reports.drafts import handling_report, structure_report, work_report

    if args.draft == "work":
        result = work_report(office, args.year)
    elif args.draft == "handling":
        result = handling_report(office, year=args.year, meeting_id=args.meeting)
    else:
        result = structure_report(office)
    return save_draft(result, args.out)


# ---- printed forms: the public notice and the contact cards ------------------------------


def _notice_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help="年度，如 2026")
    p.add_argument("--station", type=int, help="只列某联络站的代表（联络站编号）")


@print_form("public-notice", "代表履职情况公示（不含身份证号码、电话、住址）", _notice_args)
def print_public_notice(office: Office, args: argparse.Namespace) -> int:
    from app.documents.public_notice import public_notice_pdf

    return save_result(public_notice_pdf(office, args.year, station_id=args.station), args.out)


def _cards_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--station", type=int, help="只印某联络站的代表（联络站编号）")
    p.add_argument("--office-phone", default="", help="印人大办电话，代替代表本人的电话")
    p.add_argument("--reveal", action="store_true", help="印代表本人的完整电话（须经代表本人同意）")


@print_form("contact-cards", "代表联系卡（每页 8 张，沿虚线裁开）", _cards_args)
def print_contact_cards(office: Office, args: argparse.Namespace) -> int:
    from app.documents.contact_cards import contact_cards_pdf

    result = contact_cards_pdf(
        office, station_id=args.station, reveal=args.reveal, office_phone=args.office_phone
    )
    return save_result(result, args.out)


# ---- the county's evaluation ------------------------------------------------------------------


def _score_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="考评年度，如 2025（默认今年）")
    p.add_argument(
        "--rubric", type=Path, help="考评细则 JSON 文件（默认用本数据库保存的细则或内置细则）"
    )
    p.add_argument(
        "--manual", type=Path, help="手工评分 JSON 文件：{乡镇: {项目: 分}}（默认用已录入的）"
    )
    p.add_argument("--pdf", type=Path, help="另存为 PDF：县级为考评结果表，乡镇为自评表")
    p.add_argument("--xlsx", type=Path, help="导出为 Excel 文件（考评结果和得分明细）")
    p.add_argument(
        "--show-rubric", action="store_true", help="只打印考评细则（JSON，可修改后用 --rubric）"
    )
    p.add_argument("--json", action="store_true")


@command(
    "county-score",
    "按考评细则给各乡镇打分、排名、定等次、评流动红旗（乡镇数据库中为自评）",
    _score_args,
    labels={
        "points": "分值",
        "grades": "等次",
        "rubric": "考评细则",
        "manual": "手工评分",
        "year": "考评年度",
    },
)
def cmd_county_score(office: Office, args: argparse.Namespace) -> int:
    import json

    from app.core.errors import ValidationError
    from app.reports.rubric import (
        county_scores,
        load_rubric,
        manual_scores,
        office_rubric,
        rubric_json,
    )

    rubric = load_rubric(args.rubric) if args.rubric else office_rubric(office)
    if args.show_rubric:
        out(rubric_json(rubric))
        return 0
    manual = None
    if args.manual:
        try:
            manual = manual_scores(json.loads(args.manual.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise ValidationError({"manual": f"无法读取手工评分文件：{exc}"}) from exc
    scores = county_scores(office, rubric, manual, year=args.year)
    if args.pdf or args.xlsx:
        from app.reports.rubric_files import evaluation_pdf, export_evaluation

        if args.pdf:
            result = evaluation_pdf(office, scores.year, rubric=rubric, manual=manual)
            save_result(result, args.pdf)
        if args.xlsx:
            path = export_evaluation(office, args.xlsx, scores.year, rubric=rubric, manual=manual)
            out(f"已导出：{path}")
        return 0
    if args.json:
        print_json(
            {
                "title": rubric.title,
                "year": scores.year,
                "self_assessment": scores.self_assessment,
                "red_flag": scores.red_flag_holders,
                "townships": [
                    {
                        "rank": r.rank,
                        "township": r.name,
                        "total": r.total,
                        "grade": r.grade,
                        "items": [
                            {"item": i.label, "value": i.value, "score": i.score, "of": i.points}
                            for i in r.items
                        ],
                    }
                    for r in scores.rows
                ],
            }
        )
        return 0
    self_check = scores.self_assessment
    out(f"{scores.year}年度{rubric.title}" + ("（自评）" if self_check else ""))
    for r in scores.rows:
        flag = "  ★流动红旗" if r.red_flag and not self_check else ""
        rank = "" if self_check else f"{r.rank}\t"  # a township does not rank itself
        out(f"{rank}{r.name}\t{r.total:g} 分\t{r.grade}{flag}")
        for i in r.items:
            shown = "手工评分" if i.value is None else f"数据 {i.value:g}"
            out(f"\t\t{i.label}：{i.score:g}/{i.points:g}（{shown}）")
    if not self_check:
        out("流动红旗：" + ("、".join(scores.red_flag_holders) or "无"))
    return 0


def _evaluation_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="考评年度，如 2025（默认今年）")


@print_form("evaluation", "乡镇人大工作绩效考评：县级为结果表，乡镇为自评表", _evaluation_args)
def print_evaluation(office: Office, args: argparse.Namespace) -> int:
    from app.reports.rubric_files import evaluation_pdf

    return save_result(evaluation_pdf(office, args.year), args.out)
