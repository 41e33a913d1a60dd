"""The `print` command: one sub-command per printed form.

    python -m app --db PATH print registration --deputy 王𠮷 --out 登记表.pdf
    python -m app --db PATH print registration --all --out 登记表.pdf   (or --out-dir DIR)
    python -m app --db PATH print roster --out 名册.pdf

Another area adds its form with `@print_form` in its own cli module (listed in
AREA_COMMAND_MODULES), e.g. `print signin --meeting 3 --out F.pdf`:

    from app.deputies.cli import print_form, save_result

    def _signin_args(p): p.add_argument("--meeting", type=int, required=True); ...
    @print_form("signin", "会议签到表", _signin_args)
    def print_signin(office, args): return save_result(signin_pdf(office, args.meeting), args.out)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import Handler, _one_deputy, command, out
from app.core.errors import RendaError
from app.deputies.deputies import DeputyQuery
from app.office import Office

if TYPE_CHECKING:
    from app.documents.base import PdfResult

# (name, help, add_arguments, handler) of each form; filled by @print_form.
PRINT_FORMS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]] = []


def print_form(
    name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None]
) -> Callable[[Handler], Handler]:
    """Register `print NAME`: `arguments` adds its options (`--out` is added for you)."""

    def register(handler: Handler) -> Handler:
        PRINT_FORMS.append((name, help_text, arguments, handler))
        return handler

    return register


def tell_notes(notes: tuple[str, ...] | list[str]) -> None:
    for note in notes:
        sys.stderr.write(f"提醒：{note}\n")


def save_result(result: PdfResult, path: Path | None) -> int:
    """Write the PDF (whole or not at all), say where, and pass on the notes."""
    if path is None:
        raise RendaError("请用 --out 指定要保存的 PDF 文件，如 --out 登记表.pdf")
    saved = result.save(path)
    tell_notes(result.notes)
    out(f"已保存：{saved}（{result.pages} 页）")
    return 0


def _print_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="form", required=True, metavar="表格")
    for name, help_text, arguments, handler in PRINT_FORMS:
        form = sub.add_parser(name, help=help_text)
        form.add_argument("--out", type=Path, help="保存为此 PDF 文件")
        arguments(form)
        form.set_defaults(print_handler=handler)


@command("print", "打印表格（生成 PDF）：registration 登记表、roster 名册 …", _print_args)
def cmd_print(office: Office, args: argparse.Namespace) -> int:
    return args.print_handler(office, args)


# ---- the deputies' forms ---------------------------------------------------------------


def _registration_args(p: argparse.ArgumentParser) -> None:
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--deputy", action="append", help="编号、姓名或身份证号码（可重复）")
    who.add_argument("--all", action="store_true", help="本届全部代表（不含资格已终止的）")
    p.add_argument("--out-dir", type=Path, help="每名代表一个 PDF，保存到此文件夹")


@print_form("registration", "代表基本情况登记表", _registration_args)
def print_registration(office: Office, args: argparse.Namespace) -> int:
    from app.documents.registration import registration_files, registration_pdf

    if args.all:
        query = DeputyQuery(term_id=office.current_term_id(), status="active")
        ids = office.deputies.search(query)
    else:
        ids = [_one_deputy(office, key).id for key in args.deputy]
    if args.out_dir is not None:
        if args.out is not None:
            raise RendaError("--out 与 --out-dir 只能选一个")
        result = registration_files(office, ids, args.out_dir)
        tell_notes(result.notes)
        out(f"已保存 {len(result.paths)} 份登记表到：{args.out_dir}")
        return 0
    return save_result(registration_pdf(office, ids), args.out)


def _roster_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group", help="只打印此代表小组")
    p.add_argument("--level", choices=["township", "county"], help="只打印乡镇或县人大代表")
    p.add_argument("--with-ended", action="store_true", help="包括代表资格已终止的")
    p.add_argument("--show-sensitive", action="store_true", help="打印完整的电话号码")


@print_form("roster", "代表名册（以姓氏笔画为序）", _roster_args)
def print_roster(office: Office, args: argparse.Namespace) -> int:
    from app.documents.roster import roster_pdf

    group_id = None
    if args.group:
        matches = [g for g in office.groups.list() if g.name == args.group]
        if not matches:
            raise RendaError(f"找不到代表小组“{args.group}”")
        group_id = matches[0].id
    query = DeputyQuery(
        term_id=office.current_term_id(),
        group_id=group_id,
        level=args.level,
        status=None if args.with_ended else "active",
    )
    reveal = True if args.show_sensitive else None
    return save_result(roster_pdf(office, query, reveal=reveal), args.out)
