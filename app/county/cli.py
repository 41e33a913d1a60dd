"""Commands of the county: the package a township sends (export) and the county imports,
and the comparison of townships.

package export --out DIR --password-file F
package import FILE... --password-file F        (county database)
package forget 乡镇名                             (county database)
compare [--json] [--out OUT.xlsx]               (county database)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.core import dates
from app.core.commands import command, out, print_json
from app.core.errors import RendaError
from app.office import Office


def _password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise RendaError(f"无法读取密码文件“{path}”：{exc.strerror or exc}") from exc


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
