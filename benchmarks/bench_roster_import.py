"""Roster import figures against issue 19's budgets: 50,000 rows in ≤ 30 s and ≤ 300 MB;
any hostile file refused in ≤ 5 s and ≤ 300 MB.

The roster is written once into benchmarks/.cache/ the way offices write theirs (short
forms, IDs as text, a group per row); each run imports it into a fresh township database
through the command line, in a process of its own, and reads that process's peak memory.

    python benchmarks/run.py --only roster_import
    python -m benchmarks.bench_roster_import [ROWS]      (the same, one line per figure)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import CACHE, ROOT, Context, benchmark

ROWS = 50_000
HEADER = [
    "序号", "姓名", "性别", "民族", "出生年月", "籍贯", "政治面貌", "文化程度", "工作单位及职务",
    "代表构成", "连任代表", "县人大代表", "代表证号", "联系电话", "家庭住址", "身份证号码",
    "代表小组", "选区", "备注",
]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅林海波宁𠮷䶮"
AREAS = ["433122", "433101", "433123", "433124", "433125", "433126", "433127", "430102"]

# Run one command line in a process of its own and report its peak memory (VmHWM: of this
# program only, not of whatever forked it).
RUN = """
import json, resource, sys, time
from pathlib import Path
from app.cli import main
started = time.perf_counter()
code = main(sys.argv[1:])
spent = time.perf_counter() - started
status = Path("/proc/self/status").read_text().splitlines() if Path("/proc/self").exists() else []
peak = [int(line.split()[1]) for line in status if line.startswith("VmHWM:")]
if not peak:
    peak = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"code": code, "seconds": spent, "cpu": cpu, "peak_mb": peak[0] / 1024}),
      file=sys.stderr)
"""


def roster_file(rows: int = ROWS, rebuild: bool = False) -> Path:
    """A roster of `rows` deputies as an office types it, cached."""
    from openpyxl import Workbook
    from stdnum.cn import ric

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"roster_{rows}.xlsx"
    if path.exists() and not rebuild:
        return path
    rng = random.Random(rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代表名册")
    ws.append(HEADER)
    for i in range(rows):
        born = date(1950, 1, 1) + timedelta(days=i % 18000)
        body = f"{AREAS[i % len(AREAS)]}{born:%Y%m%d}{i // 18000:02d}{i % 10}"
        id_number = body + ric.calc_check_digit(body + "0")
        # Every name its own (a real roster has few same names; each would be a warning).
        given = GIVEN[i // len(SURNAMES) % len(GIVEN)]
        if i >= len(SURNAMES) * len(GIVEN):
            given += GIVEN[i // (len(SURNAMES) * len(GIVEN)) % len(GIVEN)]
        name = SURNAMES[i % len(SURNAMES)] + given
        ws.append(
            [
                i + 1,
                name,
                "男" if int(id_number[16]) % 2 else "女",
                rng.choice(["汉", "汉族", "苗", "土家", "侗", "瑶族"]),
                f"{born:%Y.%m}",
                "湖南泸溪",
                rng.choice(["党员", "中共党员", "群众", "无党派", "预备党员", "团员"]),
                rng.choice(["本科", "大专", "高中", "中专", "大学本科", "初中"]),
                f"{rng.choice(['桃源', '石桥', '竹山', '枫林'])}村第{i % 30 + 1}村民小组组长",
                rng.choice(["农民", "工人", "干部", "专技人员", "企业负责人", "其他"]),
                rng.choice(["是", "否", "√", ""]),
                rng.choice(["否", "否", "是"]),
                f"D{i + 1:06d}",
                f"139{i:08d}",
                f"湖南省泸溪县桃源镇{rng.choice(['桃源', '石桥'])}村{i % 30 + 1}组{i % 97}号",
                id_number,
                f"第{i % 20 + 1}代表小组",
                "",
                "",
            ]
        )
    wb.save(path)
    return path


def run_cli(args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def measure(rows: int = ROWS, rebuild: bool = False) -> list[tuple[str, float, str]]:
    from app.office import Office
    from tests.hostile_workbooks import corpus

    results: list[tuple[str, float, str]] = []
    started = time.perf_counter()
    path = roster_file(rows, rebuild)
    built = time.perf_counter() - started
    if built > 1:
        print(f"# wrote {path.name} in {built:.1f} s")
    with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp:
        db = Path(tmp) / "office.sqlite"
        with Office.open(db) as office:
            office.setup(
                township="桃源镇", county="泸溪县", term_number=17, term_start="2021-12-28"
            )
        preview = run_cli(["--db", str(db), "roster", "import", str(path), "--dry-run",
                           "--create-missing"])  # fmt: skip
        results.append((f"roster_preview_{rows}_rows", preview["seconds"], "s"))
        results.append((f"roster_preview_{rows}_rows_cpu", preview["cpu"], "s"))
        results.append((f"roster_preview_{rows}_rows_peak", preview["peak_mb"], "MB"))
        full = run_cli(["--db", str(db), "roster", "import", str(path), "--create-missing"])
        assert full["code"] == 0, full
        results.append((f"roster_import_{rows}_rows", full["seconds"], "s"))
        results.append((f"roster_import_{rows}_rows_cpu", full["cpu"], "s"))
        results.append((f"roster_import_{rows}_rows_peak", full["peak_mb"], "MB"))
        with Office.open(db) as office:
            count = office.db.execute("SELECT count(*) FROM deputies").fetchone()[0]
        results.append((f"roster_import_{rows}_rows_written", count, "deputies"))
        worst_time = worst_peak = 0.0
        for hostile, file in corpus(Path(tmp) / "hostile"):
            outcome = run_cli(["--db", str(db), "roster", "import", str(file), "--dry-run"])
            worst_time = max(worst_time, outcome["seconds"])
            worst_peak = max(worst_peak, outcome["peak_mb"])
            results.append((f"hostile_{hostile.name}", outcome["seconds"], "s"))
        results.append(("hostile_worst_time", worst_time, "s"))
        results.append(("hostile_worst_peak", worst_peak, "MB"))
    return results


@benchmark("roster_import")
def bench_roster_import(ctx: Context) -> list[tuple[str, float, str]]:
    return measure(ROWS, ctx.rebuild)


if __name__ == "__main__":
    for label, value, unit in measure(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS):
        print(
            f"{label}: {value:.1f} {unit}"
            if isinstance(value, float)
            else f"{label}: {value} {unit}"
        )
