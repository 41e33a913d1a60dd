"""Commands of data exchange: roster in and out of Excel, the county package, backups.

roster import FILE [--dry-run] [--skip-invalid] [--on-duplicate skip|update|fill]
                   [--create-missing] [--problems OUT.xlsx] [--map 项目:表中值=列表值 ...]
roster export OUT.xlsx [--show-sensitive] [--with-ended]
roster template OUT.xlsx
package export --out DIR --password-file F
package import FILE... --password-file F        (county database)
package forget 乡镇名                             (county database)
compare [--json] [--out OUT.xlsx]               (county database)
backup [--out DIR] [--list]
restore FILE [--preview]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import SETUP_FREE_COMMANDS, command, out, print_json
from app.core import dates
from app.core.errors import RendaError
from app.office import Office

SETUP_FREE_COMMANDS.add("restore")


def _password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise RendaError(f"无法读取密码文件“{path}”：{exc.strerror or exc}") from exc


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
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="项目:表格中的值=列表中的值",
        help="指定列表中没有的值对应哪一项，如 --map 文化程度:研究生=硕士研究生"
        "（值留空则不导入这一项；导入后记住，下次自动使用）",
    )
    exp = sub.add_parser("export", help="把本届名册导出为 Excel")
    exp.add_argument("out", type=Path)
    exp.add_argument("--show-sensitive", action="store_true", help="导出完整的身份证号码和电话")
    exp.add_argument("--with-ended", action="store_true", help="包括代表资格已终止的")
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
        office,
        args.file,
        policy=args.on_duplicate,
        create_missing=args.create_missing,
        mappings=_mappings(args.map),
    )
    for problem in plan.problems():
        stream = sys.stderr if problem.level in ("error", "choice") else sys.stdout
        stream.write(f"{problem.level_label}：{problem.where} {problem.message}\n")
    if args.problems:
        out(f"问题清单已保存：{save_problems(plan, args.problems)}")
    for note in plan.understood:
        out(f"已识别：{note.text}")
    if plan.unknown:
        sys.stderr.write("以下值不在列表中，请用 --map 指定各对应列表中的哪一项：\n")
        for value in plan.unknown:
            rows = "、".join(str(r) for r in value.rows[:5])
            more = " 等" if value.count > 5 else ""
            hint = value.suggested[0] if value.suggested else value.choices[0]
            sys.stderr.write(
                f"  {value.label}“{value.source}”（{value.count} 行：第 {rows} 行{more}）"
                f"  --map {value.label}:{value.source}={hint}\n"
            )
    out(plan.summary)
    refused = len(plan.invalid_rows)
    conflicts = len(plan.conflict_rows)
    if args.dry_run:
        out("（只检查，没有写入）")
        return 1 if refused or conflicts else 0
    if (refused or conflicts) and not args.skip_invalid:
        what = f"有 {refused} 行有错误或待指定的值" if refused else ""
        if conflicts:
            what += ("，" if what else "有 ") + f"{conflicts} 行的姓名与名册不一致"
        sys.stderr.write(
            f"{what}，没有导入任何记录。改正后重新导入，或加 --skip-invalid 只导入没有问题的行。\n"
        )
        return 1
    result = apply_import(office, plan, only_valid=args.skip_invalid)
    out(f"导入完成：{result.text}")
    if conflicts:
        sys.stderr.write(
            f"身份证号码与名册中另一姓名的代表相同的 {conflicts} 行没有导入（不会自动改名）。"
            "确是同一人改了姓名的，请在程序的“导入名册”窗口中逐行确认，或用 deputy edit 修改。\n"
        )
    return 1 if refused or conflicts else 0


def _mappings(given: list[str]) -> dict[tuple[str, str], str]:
    """--map 民族:穿青人=其他 -> {("ethnic_groups", "穿青人"): "其他"}."""
    from app.deputies.fields import FIELDS_BY_KEY
    from app.exchange.roster_values import LIST_FIELDS

    by_label = {FIELDS_BY_KEY[key].label: ref for key, ref in LIST_FIELDS.items()}
    found: dict[tuple[str, str], str] = {}
    for text in given:
        label, colon, rest = text.replace("：", ":").partition(":")
        source, equals, value = rest.partition("=")
        if not colon or not equals or label.strip() not in by_label or not source.strip():
            raise RendaError(
                f"--map {text} 的写法不对：应为 项目:表格中的值=列表中的值，"
                f"项目是{'、'.join(by_label)}之一，如 --map 文化程度:研究生=硕士研究生"
            )
        found[(by_label[label.strip()], source.strip())] = value.strip()
    return found


# ---- package ----------------------------------------------------------------------------


def _package_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    exp = sub.add_parser("export", help="生成报送包（加密）到文件夹或 U 盘")
    exp.add_argument("--out", type=Path, required=True, help="文件夹，如 U 盘 E:\\")
    exp.add_argument("--password-file", type=Path, required=True, help="存放密码的文本文件")
    imp = sub.add_parser("import", help="县级汇总数据库导入乡镇的报送包")
    imp.add_argument("files", type=Path, nargs="+")
    imp.add_argument("--password-file", type=Path, required=True)
    forget = sub.add_parser("forget", help="删除某乡镇已导入的全部汇总数据")
    forget.add_argument("township")


@command("package", "报送包：export（乡镇）/ import、forget（县）", _package_args)
def cmd_package(office: Office, args: argparse.Namespace) -> int:
    from app.county.merge import import_package, remove_township
    from app.exchange.package import export_package

    if args.action == "export":
        result = export_package(office, args.out, _password(args.password_file))
        out(result.text)
        return 0
    if args.action == "forget":
        found = [t for t in office.townships.list() if t.name == args.township]
        if not found:
            raise RendaError(f"找不到乡镇“{args.township}”")
        report = remove_township(office, found[0].id)
        out(f"已删除{report.township}的汇总数据")
        return 0
    password = _password(args.password_file)
    failed = 0
    for path in args.files:
        try:
            report = import_package(office, path, password)
        except RendaError as exc:
            sys.stderr.write(f"{path.name}：{exc.message}\n")
            failed += 1
            continue
        out(report.text)
    return 1 if failed else 0


def _compare_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", type=Path, help="保存为 .xlsx")


@command("compare", "县级汇总：各乡镇对比", _compare_args)
def cmd_compare(office: Office, args: argparse.Namespace) -> int:
    from app.county.figures import compare_townships, export_comparison, format_value

    if office.mode != "county":
        raise RendaError("乡镇对比只在县级汇总数据库中提供")
    comparison = compare_townships(office)
    if args.out:
        out(f"已导出：{export_comparison(office, args.out)}")
        return 0
    rows = [
        {
            "township": name,
            **{f.label: comparison.value(f.key, tid) for f in comparison.figures},
            "last_package": comparison.last_package.get(tid, ""),
        }
        for tid, name in comparison.townships
    ]
    if args.json:
        print_json(rows)
        return 0
    out("\t".join(["乡镇", *[f.label for f in comparison.figures], "最近报送"]))
    for tid, name in comparison.townships:
        values = [format_value(f, comparison.value(f.key, tid)) for f in comparison.figures]
        last = dates.format_date(comparison.last_package.get(tid, "")[:10])
        out("\t".join([name, *values, last]))
    return 0


# ---- backups ----------------------------------------------------------------------------


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="备份到这个文件夹（如 U 盘）；默认在数据文件夹旁")
    p.add_argument("--list", action="store_true", help="列出已有的自动和手动备份")


@command("backup", "备份数据库", _backup_args)
def cmd_backup(office: Office, args: argparse.Namespace) -> int:
    from app.exchange.backup import backup_folder, list_backups, make_backup

    if args.list:
        for b in list_backups(backup_folder(office.path), office.path.stem):
            out(f"{b.label}\t{b.path}")
        return 0
    info = make_backup(office, args.out)
    out(f"已备份到：{info.path}")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="备份文件（.sqlite）")
    p.add_argument("--preview", action="store_true", help="只显示备份中的内容，不恢复")


@command("restore", "从备份恢复数据库（先自动备份当前数据库）", _restore_args)
def cmd_restore(office: Office, args: argparse.Namespace) -> int:
    from app.exchange.backup import inspect_backup, restore_backup

    preview = inspect_backup(args.file)
    for line in preview.lines:
        out(line)
    if args.preview:
        return 0
    path = office.path
    office.close()
    safety = restore_backup(path, args.file)
    if safety is not None:
        out(f"恢复前的数据库已备份到：{safety.path}")
    Office.open(path).close()  # brings an older backup's schema up to date now
    out(f"已从“{args.file.name}”恢复")
    return 0
