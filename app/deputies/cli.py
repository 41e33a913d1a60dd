"""The deputies' commands: `deputies` (the roster), `deputy show|add|edit|status|photo`, and
their printed forms `print registration` and `print roster`.

    python -m app --db PATH deputies [--search zs] [--json]
    python -m app --db PATH print registration --deputy 王𠮷 --out 登记表.pdf
    python -m app --db PATH print registration --all --out 登记表.pdf   (or --out-dir DIR)
    python -m app --db PATH print roster --out 名册.pdf
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.core import dates, faults
from app.core.commands import (
    KNOWN_LABELS,
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
from app.core.validate import mask_id_number, mask_phone
from app.deputies.deputies import Deputy, DeputyQuery, DeputyRow
from app.deputies.fields import DEPUTY_FIELDS, PRESIDIUM_ROLES, STATUS_LABELS
from app.office import Office

# A refused deputy field is named in Chinese by every command.
KNOWN_LABELS.update({f.key: f.label for f in DEPUTY_FIELDS})

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
    reveal = office.access.reveal(args.show_sensitive or None, what="代表名单")
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
        values["address"] = "（已隐藏）" if d.address else ""
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


def one_deputy(office: Office, key: str) -> Deputy:
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
        d = one_deputy(office, args.who)
        reveal = office.access.reveal(
            args.show_sensitive or None, what="代表信息", record=f"deputies:{d.id}"
        )
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
    d = one_deputy(office, args.who)
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
            raise RendaError(f"无法读取照片文件“{args.file}”：{faults.reason(exc)}") from exc
        office.deputies.set_photo(d.id, data)
        out(f"已设置{d.name}的照片")
    return 0


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
        ids = [one_deputy(office, key).id for key in args.deputy]
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


RESUME_KEYS = {"起始": "start_date", "截止": "end_date", "经历": "text"}
AWARD_KEYS = {"时间": "date", "名称": "title", "授予单位": "issuer", "备注": "note"}


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
        values = parse_pairs(args.fields, RESUME_KEYS)
        labelled(RESUME_KEYS, lambda: office.careers.add_resume(deputy.id, **values))
    elif args.action == "add-award":
        values = parse_pairs(args.fields, AWARD_KEYS)
        labelled(AWARD_KEYS, lambda: office.careers.add_award(deputy.id, **values))
    elif args.action in ("edit-resume", "edit-award"):
        resume_kind = args.action == "edit-resume"
        keys = RESUME_KEYS if resume_kind else AWARD_KEYS
        current = (office.careers.resume if resume_kind else office.careers.awards)(deputy.id)
        if not 1 <= args.number <= len(current):
            raise RendaError(f"没有第 {args.number} 条，请用 career show 查看序号")
        entry = current[args.number - 1]
        values = {key: getattr(entry, key) for key in keys.values()} | parse_pairs(
            args.fields, keys
        )
        update = office.careers.update_resume if resume_kind else office.careers.update_award
        labelled(keys, lambda: update(deputy.id, args.number - 1, **values))
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
