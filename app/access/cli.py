"""Commands of access and the audit trail: `user …`, `login`, `audit`, `trash`.

When login is on, every command acts as a named user: `python -m app --user 王芳
[--password-file F] <command>` (app/cli.py signs in before the command runs)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.access import roles
from app.access.audit import AuditQuery, value_text
from app.core import dates, faults
from app.core.commands import command, out, print_json
from app.core.errors import RendaError, ValidationError

if TYPE_CHECKING:
    from app.office import Office


def read_password(path: Path | None, prompt: str = "密码：", *, twice: bool = False) -> str:
    """The first line of `path`, or typed at a prompt (not shown)."""
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
        except OSError as exc:
            raise RendaError(f"无法读取密码文件“{path}”：{faults.reason(exc)}") from exc
    if not sys.stdin.isatty():
        raise RendaError("请用 --password-file 给出密码文件，或在终端中运行以输入密码")
    first = getpass.getpass(prompt)
    if twice and getpass.getpass("再输入一次：") != first:
        raise ValidationError({"password": "两次输入的密码不一致"})
    return first


def sign_in_for_command(office: Office, args: argparse.Namespace) -> None:
    """Sign in as `--user` when login is on (or when a user is named); refused in Chinese."""
    if getattr(args, "login_free", False):
        return
    if not args.user:
        if office.access.enabled:
            raise RendaError(
                "本数据库已启用登录：请用 --user 用户名 指定操作人"
                "（密码在提示时输入，或用 --password-file 给出）"
            )
        return
    password = read_password(args.password_file)
    office.access.sign_in(args.user, password)


def _user_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    sub.add_parser("list", help="列出用户")
    add = sub.add_parser("add", help="新增用户（第一个用户须为管理员）")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="管理员、经办 或 查看")
    add.add_argument("--new-password-file", type=Path, help="新用户的密码（文件第一行）")
    role = sub.add_parser("role", help="改变用户的角色")
    role.add_argument("name")
    role.add_argument("--role", required=True, help="管理员、经办 或 查看")
    for name, text in (("disable", "停用用户（不能再登录）"), ("enable", "重新启用用户")):
        sub.add_parser(name, help=text).add_argument("name")
    pw = sub.add_parser("password", help="设置用户的新密码（管理员）")
    pw.add_argument("name")
    pw.add_argument("--new-password-file", type=Path)
    rec = sub.add_parser("recover", help="管理员忘记密码：用恢复码设置新密码")
    rec.add_argument("name")
    rec.add_argument("--code", required=True, help="初始设置时打印的恢复码")
    rec.add_argument("--new-password-file", type=Path)
    rec.set_defaults(login_free=True)


def _show_code(code: str) -> None:
    if code:
        out(f"恢复码：{code}")
        out("请把恢复码抄写或打印后锁好保存：忘记管理员密码时，用它设置新密码。它只显示这一次。")


@command(
    "user",
    "用户与角色：list / add / role / disable / enable / password / recover",
    _user_args,
    labels={"name": "用户名", "role": "角色", "password": "密码", "old": "原密码"},
)
def cmd_user(office: Office, args: argparse.Namespace) -> int:
    access = office.access
    if args.action == "list":
        if access.has_users():
            access.require(roles.USERS) if access.enabled else None
        for u in access.users():
            out(f"{u.id}\t{u.name}\t{u.role_label}\t{'可登录' if u.active else '已停用'}")
        out(f"共 {len(access.users())} 个用户；登录{'已启用' if access.enabled else '未启用'}")
        return 0
    if args.action == "add":
        password = read_password(args.new_password_file, "新用户的密码：", twice=True)
        made = access.add_user(
            name=args.name, role=roles.role_from_text(args.role), password=password
        )
        out(f"已新增用户：{made.user.name}（{made.user.role_label}）")
        _show_code(made.recovery_code)
        return 0
    if args.action == "recover":
        password = read_password(args.new_password_file, "新密码：", twice=True)
        made = access.recover(args.name, args.code, password)
        out(f"已为管理员“{made.user.name}”设置新密码，原恢复码已作废。")
        _show_code(made.recovery_code)
        return 0
    user = access.by_name(args.name)
    if args.action == "role":
        changed = access.change(user.id, role=roles.role_from_text(args.role))
        out(f"{changed.name} 的角色已改为：{changed.role_label}")
    elif args.action in ("disable", "enable"):
        changed = access.change(user.id, active=args.action == "enable")
        out(f"{changed.name}：{'可以登录' if changed.active else '已停用'}")
    elif args.action == "password":
        access.set_password(user.id, read_password(args.new_password_file, "新密码：", twice=True))
        out(f"已设置 {user.name} 的新密码")
    return 0


def _login_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("state", choices=["on", "off", "status"], help="启用、关闭登录，或查看状态")
    p.add_argument("--idle-minutes", type=int, help="无操作多少分钟后锁定（图形界面）")


@command("login", "启动时是否要求登录，及无操作锁定时间", _login_args)
def cmd_login(office: Office, args: argparse.Namespace) -> int:
    access = office.access
    if args.state != "status":
        if args.state == "on" and not access.has_users():
            raise RendaError("还没有用户：请先用 user add 新增一个管理员")
        access.set_login(required=args.state == "on", idle_minutes=args.idle_minutes)
    out(
        f"登录：{'已启用' if access.enabled else '未启用'}；"
        f"无操作 {office.settings.get('idle_lock_minutes')} 分钟后锁定"
    )
    return 0


def _audit_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--record", default="", help="只看一条记录及其附属记录，如 deputy:12、meeting:3")
    p.add_argument("--user", dest="by_user", default="", help="只看此用户的操作")
    p.add_argument("--since", default="", help="从此日期起，如 2026-11-01")
    p.add_argument("--until", default="", help="到此日期止")
    p.add_argument("--limit", type=int, default=500)
    p.add_argument("--json", action="store_true", help="每项改动一个 JSON 对象")
    p.add_argument("--show-sensitive", action="store_true", help="显示完整的身份证号码、电话、住址")
    p.add_argument("--out", type=Path, help="导出为 .xlsx")


def _date(text: str, field: str) -> str:
    try:
        return dates.parse_date(text)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from exc


@command(
    "audit",
    "操作记录：谁在何时改了哪条记录，原值与新值",
    _audit_args,
    labels={"record": "记录", "since": "起始日期", "until": "截止日期"},
)
def cmd_audit(office: Office, args: argparse.Namespace) -> int:
    query = AuditQuery(
        record=args.record,
        user=args.by_user,
        since=_date(args.since, "since"),
        until=_date(args.until, "until"),
        limit=args.limit,
    )
    reveal = True if args.show_sensitive else None
    if args.out:
        path = office.audit.export(args.out, query, reveal=reveal)
        out(f"已导出：{path}")
        return 0
    changes = office.audit.changes(query, reveal=reveal)
    if args.json:
        print_json([c.as_json() for c in changes])
        return 0
    for c in changes:
        what = (
            f"{c.field_label}：{value_text(c.old)} → {value_text(c.new)}"
            if c.field
            else (value_text(c.new if c.action != "delete" else c.old))
        )
        out(
            "\t".join(
                [
                    c.at.replace("T", " ")[:19],
                    c.user_label,
                    c.action_label,
                    office.audit.describe(c),
                    what,
                ]
            )
        )
    out(f"共 {len(changes)} 项")
    return 0


def _trash_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    sub.add_parser("list", help="列出已删除、可以恢复的记录")
    restore = sub.add_parser("restore", help="恢复一条删除（编号见 trash list）")
    restore.add_argument("number", type=int)


@command("trash", "回收站：list 列出已删除的记录，restore 恢复", _trash_args)
def cmd_trash(office: Office, args: argparse.Namespace) -> int:
    if args.action == "list":
        items = office.audit.deleted()
        for d in items:
            state = "已恢复" if d.restored else "可恢复"
            out(
                f"{d.number}\t{d.at.replace('T', ' ')[:19]}\t{d.user or '（未启用登录）'}\t"
                f"{d.table_label} {d.label}\t连同 {d.rows - 1} 条附属记录\t{state}"
            )
        out(f"共 {len(items)} 项")
        return 0
    item = office.audit.restore_number(args.number)
    out(f"已恢复：{item.table_label} {item.label}（共 {item.rows} 条记录）")
    return 0
