"""The command line: every core operation of the GUI, for scripts and tests.

    python -m app --db PATH <command> [options]

Errors are printed in Chinese on stderr; the exit status is 0 on success, 1 when the
office refused the request (bad input, not found), 2 on a usage error."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.core import dates
from app.core.errors import RendaError, ValidationError
from app.core.paths import default_db_path
from app.core.validate import mask_id_number, mask_phone
from app.deputies.deputies import Deputy, DeputyQuery, DeputyRow
from app.deputies.fields import DEPUTY_FIELDS, PRESIDIUM_ROLES, STATUS_LABELS
from app.office import Office

Handler = Callable[[Office, argparse.Namespace], int]
# Commands register here with @command: (name, help, add_arguments, handler).
COMMANDS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]] = []
# command name -> Chinese names of the fields its refusals name (app.core.errors.ValidationError
# keys); the deputy fields are known to every command.
FIELD_LABELS: dict[str, dict[str, str]] = {}
# Modules of later areas that define their commands with @command (e.g. "app.meetings.cli").
AREA_COMMAND_MODULES: list[str] = [
    "app.deputies.cli",
    "app.exchange.cli",
    "app.meetings.cli",
    "app.suggestions.cli",
    "app.duties.cli",
    "app.elections.cli",
    "app.exchange.cli_exports",
]
# Commands that work on a database not set up yet.
SETUP_FREE_COMMANDS = {"init", "demo", "info"}


def command(
    name: str,
    help_text: str,
    arguments: Callable[[argparse.ArgumentParser], None],
    *,
    labels: dict[str, str] | None = None,
) -> Callable[[Handler], Handler]:
    """Register a command; `labels` name its refused fields in Chinese."""

    def register(handler: Handler) -> Handler:
        COMMANDS.append((name, help_text, arguments, handler))
        FIELD_LABELS[name] = labels or {}
        return handler

    return register


def refusal_lines(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    """`字段：说明` for each refused field. A key already in Chinese names itself; the
    message stands alone where no name is known."""
    known = {f.key: f.label for f in DEPUTY_FIELDS} | labels
    lines = []
    for key, message in exc.fields.items():
        label = known.get(key) or (key if not key.isascii() else "")
        lines.append(f"{label}：{message}" if label else message)
    return lines


def with_labels(labels: dict[str, str]) -> Callable[[Handler], Handler]:
    """For a handler run under another command (a form of `print`): its refusals name
    their fields with these labels."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def run(office: Office, args: argparse.Namespace) -> int:
            try:
                return handler(office, args)
            except ValidationError as exc:
                raise RendaError("\n".join(refusal_lines(exc, labels))) from exc

        return run

    return wrap


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def print_json(value: Any) -> None:
    out(json.dumps(value, ensure_ascii=False, indent=2))


# ---- setup ----------------------------------------------------------------------------


def _init_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--township", help="本乡镇名称，如 清溪镇")
    p.add_argument("--county", required=True, help="所属县（市、区）")
    p.add_argument("--code", default="", help="行政区划代码（可不填）")
    p.add_argument("--term", type=int, help="现任届次，如 17")
    p.add_argument("--term-start", help="本届开始日期，如 2021-12-28")
    p.add_argument("--county-mode", action="store_true", help="建立县级汇总数据库")


@command("init", "初始设置：本乡镇、所属县和现任届次", _init_args)
def cmd_init(office: Office, args: argparse.Namespace) -> int:
    if args.county_mode:
        office.setup_county(county=args.county)
        out(f"已建立县级汇总数据库：{office.title}")
        return 0
    if not (args.township and args.term and args.term_start):
        raise ValidationError({"township": "请同时给出 --township、--term 和 --term-start"})
    office.setup(
        township=args.township,
        county=args.county,
        code=args.code,
        term_number=args.term,
        term_start=args.term_start,
    )
    out(f"已设置：{office.title}")
    return 0


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", choices=["township", "county"], default="township")
    p.add_argument("--seed", type=int, default=2026)


@command("demo", "在空数据库中生成演示数据", _demo_args)
def cmd_demo(office: Office, args: argparse.Namespace) -> int:
    from app.demo import build_demo

    result = build_demo(office, scale=args.scale, seed=args.seed)
    out(f"已生成演示数据：{result.townships} 个乡镇，{result.deputies} 名代表（{office.path}）")
    return 0


@command("info", "显示数据库概况", lambda p: p.add_argument("--json", action="store_true"))
def cmd_info(office: Office, args: argparse.Namespace) -> int:
    term = office.current_term if office.mode == "township" else None
    info = {
        "database": str(office.path),
        "mode": office.mode,
        "title": office.title,
        "townships": [t.name for t in office.townships.list()],
        "term": term.name if term else "",
        "deputies": office.db.execute("SELECT count(*) FROM deputies").fetchone()[0],
    }
    if args.json:
        print_json(info)
    else:
        for key, value in info.items():
            out(f"{key}: {value}")
    return 0


# ---- deputies -------------------------------------------------------------------------


def _deputies_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--search", default="", help="按姓名、拼音首字母、全拼或单位查找")
    p.add_argument("--status", choices=["serving", "suspended", "ended", "active"])
    p.add_argument("--level", choices=["township", "county"])
    p.add_argument("--group", help="代表小组名称")
    p.add_argument("--all-terms", action="store_true", help="包括往届代表")
    p.add_argument("--sort", default="strokes", help="排序：strokes（姓氏笔画）、name（拼音）等")
    p.add_argument("--json", action="store_true")
    p.add_argument("--show-sensitive", action="store_true", help="显示完整的身份证号码和电话")


def _row_json(row: DeputyRow, *, reveal: bool) -> dict[str, Any]:
    level = (
        "both"
        if row.is_township_deputy and row.is_county_deputy
        else "county"
        if row.is_county_deputy
        else "township"
    )
    return {
        "id": row.id,
        "name": row.name,
        "gender": row.gender_label,
        "birth": row.birth_date[:7],
        "ethnicity": row.ethnicity,
        "political_status": row.political_status,
        "education": row.education,
        "unit": row.unit,
        "category": row.category,
        "group": row.group_name,
        "constituency": row.constituency_name,
        "station": row.station_name,
        "level": row.level_label,
        "level_code": level,
        "presidium_role": PRESIDIUM_ROLES.get(row.presidium_role, ""),
        "status": STATUS_LABELS[row.status],
        "status_code": row.status,
        "card_number": row.card_number,
        "phone": row.phone if reveal else mask_phone(row.phone),
        "id_number": row.id_number if reveal else mask_id_number(row.id_number),
        "township": row.township_name,
        "term": row.term_number,
    }


@command("deputies", "列出代表（默认本届，按姓氏笔画排序）", _deputies_args)
def cmd_deputies(office: Office, args: argparse.Namespace) -> int:
    group_id = None
    if args.group:
        matches = [g for g in office.groups.list() if g.name == args.group]
        if not matches:
            raise RendaError(f"找不到代表小组“{args.group}”")
        group_id = matches[0].id
    term_id = None
    if office.mode == "township" and not args.all_terms:
        term_id = office.current_term_id()
    query = DeputyQuery(
        text=args.search,
        term_id=term_id,
        group_id=group_id,
        status=args.status,
        level=args.level,
        sort=args.sort,
    )
    rows = office.deputies.rows(office.deputies.search(query))
    reveal = args.show_sensitive or not office.settings.get("mask_sensitive")
    if args.json:
        print_json([_row_json(r, reveal=reveal) for r in rows])
        return 0
    for r in rows:
        out(
            "\t".join(
                [
                    str(r.id),
                    r.name,
                    r.gender_label,
                    dates.format_date(r.birth_date[:7]),
                    r.unit,
                    r.group_name,
                    r.level_label,
                    STATUS_LABELS[r.status],
                ]
            )
        )
    out(f"共 {len(rows)} 名")
    return 0


def _deputy_json(office: Office, d: Deputy, *, reveal: bool) -> dict[str, Any]:
    values = {f.key: getattr(d, f.key) for f in DEPUTY_FIELDS}
    values["gender"] = d.gender_label
    values["presidium_role"] = d.presidium_role_label
    for key, table in (
        ("constituency_id", office.constituencies),
        ("group_id", office.groups),
        ("station_id", office.stations),
    ):
        linked = values.pop(key)
        values[key.removesuffix("_id")] = table.get(linked).name if linked else ""
    if not reveal:
        values["phone"] = mask_phone(d.phone)
        values["id_number"] = mask_id_number(d.id_number)
    history = [
        {"status": c.status_label, "date": c.date, "reason": c.reason, "note": c.note}
        for c in office.deputies.status_history(d.id)
    ]
    return {
        "id": d.id,
        "uuid": d.uuid,
        **values,
        "level": d.level_label,
        "term": office.terms.get(d.term_id).name,
        "status": d.status_label,
        "status_code": d.status,
        "status_date": d.status_date,
        "status_reason": d.status_reason,
        "status_history": history,
        "has_photo": d.has_photo,
    }


def _one_deputy(office: Office, key: str) -> Deputy:
    found = office.deputies.find(key)
    if not found:
        raise RendaError(f"找不到代表“{key}”")
    if len(found) > 1:
        ids = "、".join(f"{d.id}（{d.unit}）" for d in found)
        raise RendaError(f"有 {len(found)} 名代表叫“{key}”，请用编号指定：{ids}")
    return found[0]


_LABEL_TO_KEY = {f.label: f.key for f in DEPUTY_FIELDS} | {
    "选区": "constituency",
    "代表小组": "group",
    "联络站": "station",
    "出生日期": "birth_date",
}


def _parse_assignments(office: Office, pairs: Sequence[str]) -> dict[str, Any]:
    """`姓名=张三 性别=男 group=东片代表小组` -> field values."""
    values: dict[str, Any] = {}
    keys = {f.key for f in DEPUTY_FIELDS}
    for pair in pairs:
        if "=" not in pair:
            raise ValidationError({pair: f"“{pair}”应写成“字段=值”，如 姓名=张三"})
        key, value = pair.split("=", 1)
        key = _LABEL_TO_KEY.get(key.strip(), key.strip())
        if key in ("constituency", "group", "station"):
            table = {
                "constituency": office.constituencies,
                "group": office.groups,
                "station": office.stations,
            }[key]
            matches = [r for r in table.list() if r.name == value.strip()]
            if value.strip() and not matches:
                raise ValidationError({key: f"找不到“{value}”"})
            values[f"{key}_id"] = matches[0].id if matches else None
            continue
        if key not in keys:
            raise ValidationError({key: f"没有“{key}”这个字段"})
        values[key] = value
    return values


def _show_checked_warnings(warnings: dict[str, str]) -> None:
    for message in warnings.values():
        sys.stderr.write(f"提醒：{message}\n")


def _deputy_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    show = sub.add_parser("show", help="显示一名代表的档案")
    show.add_argument("who", help="编号、姓名或身份证号码")
    show.add_argument("--json", action="store_true")
    show.add_argument("--show-sensitive", action="store_true")
    add = sub.add_parser("add", help="登记代表：字段=值 …（如 姓名=张三 性别=男）")
    add.add_argument("fields", nargs="+")
    edit = sub.add_parser("edit", help="修改代表信息：编号 字段=值 …")
    edit.add_argument("who")
    edit.add_argument("fields", nargs="+")
    status = sub.add_parser("status", help="暂停、恢复或终止代表资格")
    status.add_argument("who")
    status.add_argument("--to", required=True, choices=["serving", "suspended", "ended"])
    status.add_argument("--date", required=True)
    status.add_argument("--reason", default="")
    status.add_argument("--note", default="")
    photo = sub.add_parser("photo", help="设置代表照片")
    photo.add_argument("who")
    photo.add_argument("file", type=Path)


@command("deputy", "一名代表：show / add / edit / status / photo", _deputy_args)
def cmd_deputy(office: Office, args: argparse.Namespace) -> int:
    if args.action == "show":
        d = _one_deputy(office, args.who)
        reveal = args.show_sensitive or not office.settings.get("mask_sensitive")
        data = _deputy_json(office, d, reveal=reveal)
        if args.json:
            print_json(data)
        else:
            for key, value in data.items():
                if key not in ("uuid", "status_history"):
                    out(f"{key}: {value}")
        return 0
    if args.action == "add":
        values = _parse_assignments(office, args.fields)
        _show_checked_warnings(office.deputies.check(values).warnings)
        d = office.deputies.add(**values)
        out(f"已登记：{d.name}（编号 {d.id}）")
        return 0
    d = _one_deputy(office, args.who)
    if args.action == "edit":
        values = _parse_assignments(office, args.fields)
        _show_checked_warnings(office.deputies.check(values, deputy_id=d.id).warnings)
        d = office.deputies.update(d.id, **values)
        out(f"已保存：{d.name}")
    elif args.action == "status":
        d = office.deputies.set_status(
            d.id, status=args.to, date=args.date, reason=args.reason, note=args.note
        )
        out(f"{d.name}：{d.status_label}")
    elif args.action == "photo":
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            raise RendaError(f"无法读取照片文件“{args.file}”：{exc.strerror}") from exc
        office.deputies.set_photo(d.id, data)
        out(f"已设置{d.name}的照片")
    return 0


# ---- entry ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    _load_area_commands()
    parser = argparse.ArgumentParser(prog="python -m app", description="乡镇人大工作台 命令行")
    parser.add_argument("--db", type=Path, help="数据库文件（默认在用户数据文件夹中）")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text, arguments, handler in COMMANDS:
        p = sub.add_parser(name, help=help_text)
        arguments(p)
        p.set_defaults(handler=handler)
    return parser


def _load_area_commands() -> None:
    """Import the modules that register further commands (added by later areas)."""
    import importlib

    for module in AREA_COMMAND_MODULES:
        importlib.import_module(module)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    path = args.db or default_db_path()
    try:
        office = Office.open(path)
    except RendaError as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    try:
        if args.command not in SETUP_FREE_COMMANDS and not office.is_set_up:
            sys.stderr.write(f"数据库“{path}”还没有设置乡镇，请先运行 init 或 demo 命令\n")
            return 1
        return args.handler(office, args)
    except ValidationError as exc:
        for line in refusal_lines(exc, FIELD_LABELS.get(args.command, {})):
            sys.stderr.write(line + "\n")
        return 1
    except RendaError as exc:
        sys.stderr.write(exc.message + "\n")
        return 1
    finally:
        office.close()
