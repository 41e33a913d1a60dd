"""Commands of data exchange: the roster in and out of Excel, backups (the county package
and the comparison are in app/county/cli.py).

roster import FILE [--dry-run] [--skip-invalid] [--on-duplicate skip|update|fill]
                   [--create-missing] [--problems OUT.xlsx]
roster export OUT.xlsx [--show-sensitive] [--with-ended]
roster template OUT.xlsx
backup [--out DIR] [--encrypt | --plain] [--list] [--show-key]
       [--second-folder DIR | --no-second-folder]
restore FILE [--preview] [--key KEY | --key-file FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.core.commands import SETUP_FREE_COMMANDS, command, out
from app.office import Office

SETUP_FREE_COMMANDS.add("restore")


# ---- roster -----------------------------------------------------------------------------


def _roster_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import", help="从 Excel 导入名册（先检查，无误才写入）")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="只检查并列出问题，不写入")
    imp.add_argument("--skip-invalid", action="store_true", help="只导入没有错误的行")
    imp.add_argument("--on-duplicate", choices=["skip", "update", "fill"], default="skip")
    imp.add_argument("--create-missing", action="store_true", help="新建表格中出现的小组、选区等")
    imp.add_argument("--problems", type=Path, help="把问题清单保存为 .xlsx")
    exp = sub.add_parser("export", help="把本届名册导出为 Excel")
    exp.add_argument("out", type=Path)
    exp.add_argument("--show-sensitive", action="store_true", help="导出完整的身份证号码和电话")
    exp.add_argument("--with-ended", action="store_true", help="包括代表资格已终止的代表")
    tpl = sub.add_parser("template", help="保存空白的名册导入模板")
    tpl.add_argument("out", type=Path)


@command("roster", "代表名册与 Excel：import / export / template", _roster_args)
def cmd_roster(office: Office, args: argparse.Namespace) -> int:
    from app.exchange.roster_export import copy_template, export_roster
    from app.exchange.roster_import import apply_import, plan_import, save_problems

    if args.action == "export":
        path = export_roster(
            office,
            args.out,
            reveal=True if args.show_sensitive else None,
            with_ended=args.with_ended,
        )
        out(f"已导出：{path}")
        return 0
    if args.action == "template":
        out(f"已保存模板：{copy_template(args.out)}")
        return 0
    plan = plan_import(
        office, args.file, policy=args.on_duplicate, create_missing=args.create_missing
    )
    for problem in plan.problems():
        stream = sys.stderr if problem.level == "error" else sys.stdout
        stream.write(f"{problem.level_label}：{problem.where} {problem.message}\n")
    if args.problems:
        out(f"问题清单已保存：{save_problems(plan, args.problems)}")
    out(plan.summary)
    refused = len(plan.invalid_rows)
    if args.dry_run:
        out("（只检查，没有写入）")
        return 1 if refused else 0
    if refused and not args.skip_invalid:
        sys.stderr.write(
            f"有 {refused} 行有错误，没有导入任何记录。改正后重新导入，"
            "或加 --skip-invalid 只导入没有错误的行。\n"
        )
        return 1
    result = apply_import(office, plan, only_valid=args.skip_invalid)
    out(f"导入完成：{result.text}")
    return 1 if refused else 0


# ---- package ----------------------------------------------------------------------------


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="备份到这个文件夹（如 U 盘）；默认在数据文件夹旁")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--encrypt", action="store_true", help="用本办公室的备份密钥加密")
    how.add_argument("--plain", action="store_true", help="不加密（写到 U 盘时默认加密）")
    p.add_argument("--list", action="store_true", help="列出已有的自动和手动备份")
    p.add_argument("--show-key", action="store_true", help="显示本办公室的备份密钥（请抄下保管）")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--second-folder", type=Path, help="设置第二备份位置（每次备份也复制到这里）"
    )
    where.add_argument("--no-second-folder", action="store_true", help="不再使用第二备份位置")


@command("backup", "备份数据库", _backup_args)
def cmd_backup(office: Office, args: argparse.Namespace) -> int:
    from app.exchange.backup import (
        backup_folder,
        backup_key,
        list_backups,
        make_backup,
        second_folder,
    )

    if args.show_key:
        out(f"备份密钥：{backup_key(office)}")
        out("请抄下或打印后与 U 盘分开保管；在另一台电脑上恢复加密的备份时需要输入它。")
        return 0
    if args.second_folder or args.no_second_folder:
        from app.exchange.backup import set_second_folder

        set_second_folder(office, args.second_folder)
        folder = second_folder(office)
        out(f"第二备份位置：{folder}" if folder else "已不再使用第二备份位置")
        return 0
    if args.list:
        folders = [backup_folder(office.path)]
        if second_folder(office) is not None:
            folders.append(second_folder(office))  # type: ignore[arg-type]
        for folder in folders:
            for b in list_backups(folder, office.path.stem):
                out(f"{b.label}\t{b.path}")
        return 0
    encrypt = True if args.encrypt else False if args.plain else None
    info = make_backup(office, args.out, encrypt=encrypt)
    out(f"已备份到：{info.path}{'（已加密）' if info.encrypted else ''}")
    for copy in info.copies:
        out(f"已复制到第二备份位置：{copy}")
    if info.note:
        sys.stderr.write(f"提醒：{info.note}\n")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="备份文件（.sqlite 或加密的 .rdbak）")
    p.add_argument("--preview", action="store_true", help="只显示备份中的内容，不恢复")
    p.add_argument("--key", help="加密备份的备份密钥（本机做的备份不必给）")
    p.add_argument("--key-file", type=Path, help="从文件读备份密钥")


@command("restore", "从备份恢复数据库（先自动备份当前数据库）", _restore_args)
def cmd_restore(office: Office, args: argparse.Namespace) -> int:
    from app.core.errors import RendaError
    from app.exchange.backup import BackupKeyNeeded, inspect_backup, normal_key, restore_backup

    key = args.key
    if args.key_file:
        key = args.key_file.read_text(encoding="utf-8").strip()
    key = normal_key(key) if key else office.settings.get("backup_key") or None
    try:
        preview = inspect_backup(args.file, key)
    except BackupKeyNeeded as exc:
        raise RendaError(f"{exc.message}（命令行：加 --key 备份密钥 或 --key-file 文件）") from exc
    for line in preview.lines:
        out(line)
    if args.preview:
        return 0
    path = office.path
    office.close()
    safety = restore_backup(path, args.file, key=key)
    if safety is not None:
        out(f"恢复前的数据库已备份到：{safety.path}")
    Office.open(path).close()  # brings an older backup's schema up to date now
    out(f"已从“{args.file.name}”恢复")
    return 0
