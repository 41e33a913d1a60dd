"""Foundation figures: start-up, roster search, opening a deputy's file, memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

from benchmarks.common import (
    PEAK_MEMORY,
    ROOT,
    Context,
    Timing,
    benchmark,
    fresh_python,
    median_ms,
    reported,
)

# A bare PySide6 window: the reference of the start-up figure (--compare).


@benchmark("startup")
def bench_startup(ctx: Context) -> list[tuple]:
    """Process start to the first painted main window, on the township demo and on the
    scale's; with --compare, a bare PySide6 window started the same way beside it.

    As an installed program starts: with its modules' bytecode compiled (the frozen build
    ships it; a development machine may forbid writing it with PYTHONDONTWRITEBYTECODE,
    which would add the compiling of every module to every start). One unmeasured start
    first, to compile and to warm the disk cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def start(command: list[str]) -> float:
        started = time.time()
        out = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, check=True, env=env
        ).stdout
        return (float(out.strip().rsplit(":", 1)[1]) - started) * 1000

    # The same reference as `startup_vs_bare`: a window with a Chinese label, its first
    # paint seen the way renda's is (a QTimer fired before any paint flattered it by 10 ms).
    commands: dict[str, list[str]] = {}
    if ctx.compare:
        commands["bare"] = [sys.executable, str(ROOT / "benchmarks" / "bare_window.py")]
    for scale in dict.fromkeys(["township", ctx.scale]):
        commands[scale] = [sys.executable, "-m", "ui", "--db", str(ctx.db(scale)), "--startup-time"]
    # In turns (bare, township, the scale's; again), so a machine that gets busier or
    # quieter during the minute weighs on each alike and the ratio stays fair.
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for attempt in range(8):
        for name, command in commands.items():
            took = start(command)
            if attempt:
                runs[name].append(took)
    results: list[tuple] = []
    for name, times in runs.items():
        if name == "bare":
            continue
        line: tuple = (f"startup_to_first_paint_{name}", Timing(times), "ms")
        if "bare" in runs:
            line += ("a bare PySide6 window", Timing(runs["bare"]))
        results.append(line)
    return results


@benchmark("roster")
def bench_roster(ctx: Context) -> list[tuple[str, float, str]]:
    """Roster search and filters: ids of the matches plus the first screenful of rows."""
    from app.deputies.deputies import DeputyQuery
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
    window.backup_on_close = False
    window.close()
    office.close()
    return [(f"open_deputy_file_{ctx.scale}", figure, "ms")]


# A clerk's session in a process of its own: every page opened, the lists filled, files,
# meetings and suggestions opened; then the process's peak resident memory.
SESSION = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from app.office import Office
from ui.fonts import install_fonts
from ui.main_window import MainWindow
app = QApplication([])
install_fonts(app)
office = Office.open(sys.argv[1])
window = MainWindow(office)
window.backup_on_close = False
window.resize(1280, 800)
window.show()
for spec in window.specs:
    window.go(spec.key)
    app.processEvents()
for table in ("deputies", "meetings", "suggestions"):
    ids = [r[0] for r in office.db.execute(f"SELECT id FROM {table} ORDER BY random() LIMIT 10")]
    for record_id in ids:
        if table == "deputies":
            window.open_deputy(record_id)
        else:
            window.open_record(table, record_id)
        app.processEvents()
"""
# The largest export of a session: every suggestion to Excel.
EXPORT = """
import tempfile
from pathlib import Path
from app.exchange.list_exports import export_suggestions
with tempfile.TemporaryDirectory() as tmp:
    export_suggestions(office, Path(tmp) / "all.xlsx")
"""
CLOSE = """
window.close()
office.close()
"""


@benchmark("memory")
def bench_memory(ctx: Context) -> list[tuple]:
    """Peak resident memory of the program after a session through every page, and of one
    that also exports every suggestion: each in a fresh process started from a small
    parent, reading its own peak (VmHWM), not one inherited across fork/exec."""
    db = str(ctx.db())
    session = fresh_python(SESSION + CLOSE + PEAK_MEMORY, db)
    with_export = fresh_python(SESSION + EXPORT + CLOSE + PEAK_MEMORY, db)
    return [
        (f"peak_memory_after_every_page_{ctx.scale}", reported(session, "peak_mb"), "MB"),
        (
            f"peak_memory_every_page_and_export_all_suggestions_{ctx.scale}",
            reported(with_export, "peak_mb"),
            "MB",
        ),
    ]
