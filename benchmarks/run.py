"""Measure renda against the budgets of DESIGN.md and print one line per figure.

    python benchmarks/run.py [--scale township|county] [--only NAME ...] [--rebuild]

The demo databases are built once into benchmarks/.cache/ and reused (--rebuild makes
them anew). Figures are medians of several runs; each line reads `name: value unit`.
Later areas add their measurements with @benchmark.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CACHE = ROOT / "benchmarks" / ".cache"
Bench = Callable[["Context"], list[tuple[str, float, str]]]
BENCHMARKS: list[tuple[str, Bench]] = []


def benchmark(name: str) -> Callable[[Bench], Bench]:
    def register(fn: Bench) -> Bench:
        BENCHMARKS.append((name, fn))
        return fn

    return register


class Context:
    def __init__(self, scale: str, rebuild: bool) -> None:
        self.scale = scale
        self.rebuild = rebuild
        self._paths: dict[str, Path] = {}

    def db(self, scale: str | None = None) -> Path:
        """The demo database of this scale, built on first use."""
        scale = scale or self.scale
        if scale in self._paths:
            return self._paths[scale]
        from app.demo import build_demo
        from app.office import Office

        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"{scale}.sqlite"
        if self.rebuild or not path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            started = time.perf_counter()
            with Office.open(path) as office:
                build_demo(office, scale=scale, seed=2026)
                office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            print(f"# built {scale} demo in {time.perf_counter() - started:.1f} s: {path}")
        self._paths[scale] = path
        return path


def median_ms(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# ---- foundation ------------------------------------------------------------------------


@benchmark("startup")
def bench_startup(ctx: Context) -> list[tuple[str, float, str]]:
    """Process start to the first painted main window, on the township demo."""
    results = []
    for scale in dict.fromkeys(["township", ctx.scale]):
        db = ctx.db(scale)
        runs = []
        for _ in range(5):
            started = time.time()
            out = subprocess.run(
                [sys.executable, "-m", "ui", "--db", str(db), "--startup-time"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            painted = float(out.strip().rsplit(":", 1)[1])
            runs.append((painted - started) * 1000)
        results.append((f"startup_to_first_paint_{scale}", statistics.median(runs), "ms"))
    return results


@benchmark("roster")
def bench_roster(ctx: Context) -> list[tuple[str, float, str]]:
    """Roster search and filters: ids of the matches plus the first screenful of rows."""
    from app.deputies import DeputyQuery
    from app.office import Office

    results = []
    with Office.open(ctx.db()) as office:
        total = office.db.execute("SELECT count(*) FROM deputies").fetchone()[0]

        def run(query: DeputyQuery) -> Callable[[], object]:
            def go() -> object:
                ids = office.deputies.search(query)
                return office.deputies.rows(ids[:100])

            return go

        for name, query in (
            ("roster_all", DeputyQuery()),
            ("roster_search_chinese_substring", DeputyQuery(text="卫生院")),
            ("roster_search_pinyin_initials", DeputyQuery(text="wj")),
            ("roster_search_name", DeputyQuery(text="王")),
            ("roster_filter_county_level_serving", DeputyQuery(level="county", status="serving")),
            ("roster_sort_by_unit", DeputyQuery(sort="unit")),
        ):
            results.append((f"{name}_{ctx.scale}", median_ms(run(query)), "ms"))
        results.append((f"deputies_in_database_{ctx.scale}", total, "deputies"))
    return results


@benchmark("deputy_file")
def bench_deputy_file(ctx: Context) -> list[tuple[str, float, str]]:
    """Opening one deputy's file (一人一档 view) in the real window, and the process memory."""
    from PySide6.QtWidgets import QApplication

    from app.office import Office
    from ui.fonts import install_fonts
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    install_fonts(app)
    office = Office.open(ctx.db())
    window = MainWindow(office)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    ids = [r[0] for r in office.db.execute("SELECT id FROM deputies ORDER BY random() LIMIT 20")]
    cycle = iter(ids * 10)

    def open_file() -> None:
        window.open_deputy(next(cycle))
        app.processEvents()

    figure = median_ms(open_file, repeat=15)
    memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    office.close()
    return [
        (f"open_deputy_file_{ctx.scale}", figure, "ms"),
        (f"peak_memory_with_window_{ctx.scale}", memory_mb, "MB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["township", "county"], default="county")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks")
    parser.add_argument("--rebuild", action="store_true", help="build the demo databases anew")
    args = parser.parse_args()
    ctx = Context(args.scale, args.rebuild)
    for name, fn in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        for label, value, unit in fn(ctx):
            print(
                f"{label}: {value:.1f} {unit}"
                if isinstance(value, float)
                else f"{label}: {value} {unit}",
                flush=True,
            )


if __name__ == "__main__":
    main()
