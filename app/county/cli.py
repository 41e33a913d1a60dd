"""Commands of the county: the package a township sends (export) and the county imports,
and the comparison of townships.

package export --out DIR --password-file F
package import FILE... --password-file F        (county database)
package reregister FILE --password-file F [--yes]   (county: a township with a new key)
package key                                     (the township's key fingerprint; at the
                                                 county, every township's registered key)
package forget 乡镇名                             (county database)
compare [--json] [--out OUT.xlsx]               (county database)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.core import dates, faults
from app.core.commands import command, out, print_json
from app.core.errors import RendaError
from app.office import Office


def _password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise RendaError(f"无法读取密码文件“{path}”：{faults.reason(exc)}") from exc


def _package_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    exp = sub.add_parser("export", help="生成报送包（加密）到文件夹或 U 盘")
    exp.add_argument("--out", type=Path, required=True, help="文件夹，如 U 盘 E:\\")
    exp.add_argument("--password-file", type=Path, required=True, help="存放密码的文本文件")
    imp = sub.add_parser("import", help="县级汇总数据库导入乡镇的报送包")
    imp.add_argument("files", type=Path, nargs="+")
    imp.add_argument("--password-file", type=Path, required=True)
    again = sub.add_parser(
        "reregister", help="县：乡镇换了签名密钥（重装、重建数据库）时，核对指纹后重新登记并导入"
    )
    again.add_argument("file", type=Path)
    again.add_argument("--password-file", type=Path, required=True)
    again.add_argument("--yes", action="store_true", help="不再询问（已电话核对指纹）")
    sub.add_parser("key", help="乡镇：显示本乡镇报送包密钥指纹；县：各乡镇已登记的密钥")
    forget = sub.add_parser("forget", help="删除某乡镇已导入的全部汇总数据")
    forget.add_argument("township")


@command("package", "报送包：export（乡镇）/ import、forget（县）", _package_args)
def cmd_package(office: Office, args: argparse.Namespace) -> int:
    from app.county.merge import import_packages, remove_township
    from app.exchange.package import export_package

    if args.action == "export":
        result = export_package(office, args.out, _password(args.password_file))
        out(result.text)
        return 0
    if args.action == "key":
        return _show_keys(office)
    if args.action == "reregister":
        return _reregister(office, args)
    if args.action == "forget":
        found = [t for t in office.townships.list() if t.name == args.township]
        if not found:
            raise RendaError(f"找不到乡镇“{args.township}”")
        report = remove_township(office, found[0].id)
        out(f"已删除{report.township}的汇总数据")
        return 0
    password = _password(args.password_file)
    failed = 0
    for path, outcome in import_packages(office, args.files, password):
        if isinstance(outcome, RendaError):
            sys.stderr.write(f"{path.name}：{outcome.message}\n")
            failed += 1
            continue
        out(outcome.text)
    return 1 if failed else 0


def _show_keys(office: Office) -> int:
    from app.county.merge import registered_keys
    from app.exchange.signing import ensure_key, fingerprint

    if office.mode != "county":
        if office.township is None:
            raise RendaError("还没有设置本乡镇，请先完成初始设置")
        out(f"{office.township.name}报送包密钥指纹：{fingerprint(ensure_key(office))}")
        out("县人大常委会核对乡镇身份时，请读出这串数字。")
        return 0
    keys = registered_keys(office)
    if not keys:
        out("还没有登记任何乡镇的签名密钥（导入乡镇的第一个报送包时自动登记）。")
    for key in keys:
        how = "首次导入时登记" if key.how == "first" else "人工重新登记"
        out(f"{key.township}\t{key.fingerprint}\t{how}\t{key.registered_at.replace('T', ' ')}")
    return 0


def _reregister(office: Office, args: argparse.Namespace) -> int:
    from app.county.merge import import_package, inspect_package

    password = _password(args.password_file)
    seen = inspect_package(office, args.file, password)
    out(f"乡镇：{seen.township}")
    out(f"县里登记的密钥指纹：{seen.pinned or '（未登记）'}")
    out(f"这个报送包的密钥指纹：{seen.offered}")
    if not args.yes:
        out(
            f"请先电话向{seen.township}核对上面“这个报送包的密钥指纹”（乡镇在“生成报送包”中可见）。"
        )
        sys.stdout.write("核对无误并重新登记，请输入“是”：")
        sys.stdout.flush()
        answer = sys.stdin.readline().strip()
        if answer not in ("是", "yes", "y"):
            out("已取消，数据库没有改动。")
            return 1
    report = import_package(office, args.file, password, re_register=True)
    out(report.text)
    return 0


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
