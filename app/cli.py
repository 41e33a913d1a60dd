"""The command line: every core operation of the GUI, for scripts and tests.

    python -m app --db PATH <command> [options]

This module only assembles: the office-wide commands (init, demo, info) are here, each area's
commands are in `app/<area>/cli.py` (listed in AREA_COMMAND_MODULES) and register with
`app.core.commands.command`. Errors are printed in Chinese on stderr, never as a traceback;
the exit status names the cause (README, 命令行):

    0 done · 1 refused (bad input, not found) · 2 usage error · 3 database locked by another
    operation · 4 disk full · 5 read-only file or folder · 6 drive missing or disk I/O error ·
    7 not a renda database or damaged · 8 another disk or file error · 9 a fault of the
    program (written to the log, without personal data)"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from app.access.cli import sign_in_for_command
from app.core.commands import (
    COMMANDS,
    FIELD_LABELS,
    SETUP_FREE_COMMANDS,
    command,
    out,
    print_json,
    refusal_lines,
)
from app.core.errors import RendaError, StorageError, ValidationError
from app.core.paths import default_db_path
from app.db.connection import LockWait
from app.office import Office

# The areas' command modules: each registers its commands (and printed forms) on import.
AREA_COMMAND_MODULES: list[str] = [
    "app.access.cli",
    "app.deputies.cli",
    "app.exchange.cli",
    "app.county.cli",
    "app.meetings.cli",
    "app.suggestions.cli",
    "app.duties.cli",
    "app.duties.cli_scores",
    "app.elections.cli",
    "app.plans.cli",
    "app.oversight.cli",
    "app.exchange.cli_exports",
    "app.reports.cli",
    "app.documents.cli",
]
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
    p.add_argument("--scale", choices=["township", "county", "prefecture"], default="township")
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


# ---- entry ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    _load_area_commands()
    parser = argparse.ArgumentParser(prog="python -m app", description="乡镇人大工作台 命令行")
    parser.add_argument("--db", type=Path, help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--user", help="以此用户的身份操作（数据库启用登录时必须给出）")
    parser.add_argument(
        "--password-file", type=Path, help="从此文件的第一行读取登录密码（不给时提示输入）"
    )
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
        return _run(args, path)
    except KeyboardInterrupt:
        sys.stderr.write("已中断。没有完成的修改没有保存，之前保存的数据没有受影响。\n")
        return 130
    except Exception as exc:  # the last resort: Chinese, never a traceback
        return _fail(exc, path)


def _run(args: argparse.Namespace, path: Path) -> int:
    office = Office.open(path)
    office.lock_wait = _lock_wait(office)
    try:
        if args.command not in SETUP_FREE_COMMANDS and not office.is_set_up:
            sys.stderr.write(f"数据库“{path}”还没有设置乡镇，请先运行 init 或 demo 命令\n")
            return 1
        sign_in_for_command(office, args)
        return args.handler(office, args)
    except ValidationError as exc:
        for line in refusal_lines(exc, FIELD_LABELS.get(args.command, {})):
            sys.stderr.write(line + "\n")
        return 1
    finally:
        try:
            office.close()
        except sqlite3.Error:
            pass  # the disk went away: the message about it is already on its way


def _fail(exc: BaseException, path: Path) -> int:
    """Print the clerk's message for any failure and return its exit status."""
    from app.core.errors import UnexpectedError
    from app.core.faults import storage_error
    from app.core.log import log_error, log_path

    mapped = storage_error(exc, Path(path).resolve())
    error: RendaError
    if isinstance(exc, RendaError):
        error = exc
    elif mapped is not None:
        error = mapped
    else:
        log_error("cli", exc)
        error = UnexpectedError(
            f"程序出现意外错误（{type(exc).__name__}）。没有完成的修改没有保存，之前保存的数据"
            f"没有受影响。错误的类型和位置已记入日志“{log_path()}”（不含个人信息），"
            "请把它交给技术人员。"
        )
    if isinstance(error, StorageError):
        log_error("cli", exc)
    sys.stderr.write(error.message + "\n")
    return getattr(error, "exit_code", 1)


def _lock_wait(office: Office) -> LockWait:
    """On the command line: say once that it waits, then wait up to the setting."""
    limit = office.settings.get("lock_wait_seconds")
    told = False

    def wait(waited: float | None) -> bool:
        nonlocal told
        if waited is None or waited >= limit:
            return False
        if not told:
            sys.stderr.write(
                f"数据库正被另一项操作占用（如正在导入名册），正在等待（最多 {limit} 秒）…\n"
            )
            told = True
        time.sleep(0.2)
        return True

    return wait
