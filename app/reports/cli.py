"""Commands of the report drafts: `draft work --year Y --out F.docx`, `draft handling
(--year Y | --meeting ID) --out F.docx`, `draft structure --out F.docx`. (`report` already
names the deputies' reports to voters.)"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.commands import command, out, print_form, save_result, tell_notes
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
