"""The UI thread from the clerk's side, and the start against a bare window.

- `startup_vs_bare`: process start to the first painted main window of renda (the county
  demo) and of a bare PySide6 window (benchmarks/bare_window.py), started in turns in the
  same run; median and minimum of each, and the ratio of the medians (budget: 2×).
- `responsiveness`: the longest time the window did not repaint (ui/widgets/ui_gaps.py)
  while the closing backup runs, while the fonts and pypinyin load after the first paint,
  during the first 打印登记表 (after the loading, and asked for just as it starts: it waits
  for the fonts) and the first save of a deputy of a process (budget: 100 ms), with how
  long each took; each run a fresh process (benchmarks/ui_probe.py).
  The first print and save without the background loading are measured beside them as
  the reference (what the clerk met before).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Context, benchmark

Figure = tuple[str, float, str]
STARTS = 7  # of each program, after one unmeasured start of each
PROBE_RUNS = 3


def _env() -> dict[str, str]:
    # As an installed program starts: with compiled bytecode (see bench_startup).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return env


def first_paint_ms(argv: list[str]) -> float:
    started = time.time()
    out = subprocess.run(
        argv, cwd=ROOT, capture_output=True, text=True, check=True, env=_env()
    ).stdout
    painted = float(out.strip().rsplit(":", 1)[1])
    return (painted - started) * 1000


def _ms(seconds: list[float]) -> list[float]:
    return [s * 1000 for s in seconds]


def _median_min(name: str, values: list[float], unit: str) -> list[Figure]:
    return [(name, statistics.median(values), unit), (f"{name}_min", min(values), unit)]


@benchmark("startup_vs_bare")
def bench_startup_vs_bare(ctx: Context) -> list[Figure]:
    db = ctx.db()
    renda = [sys.executable, "-m", "ui", "--db", str(db), "--startup-time"]
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_window.py")]
    first_paint_ms(renda), first_paint_ms(bare)  # compile, warm the disk cache
    times: dict[str, list[float]] = {"renda": [], "bare": []}
    for _ in range(STARTS):
        times["renda"].append(first_paint_ms(renda))
        times["bare"].append(first_paint_ms(bare))
    ratio = statistics.median(times["renda"]) / statistics.median(times["bare"])
    return [
        *_median_min(f"startup_first_paint_{ctx.scale}", times["renda"], "ms"),
        *_median_min("startup_first_paint_bare_window", times["bare"], "ms"),
        ("startup_ratio_to_bare_window", ratio, f"× (budget 2×; {STARTS} starts each)"),
    ]


def probe(scenario: str, db: Path, *extra: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.ui_probe", scenario, "--db", str(db), *extra],
        cwd=ROOT, capture_output=True, text=True, check=True, env=_env(),
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _runs(scenario: str, db: Path, *extra: str) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for _ in range(PROBE_RUNS):
        for key, value in probe(scenario, db, *extra).items():
            found.setdefault(key, []).append(value)
    return found


@benchmark("responsiveness")
def bench_responsiveness(ctx: Context) -> list[Figure]:
    db = ctx.db()
    scale = ctx.scale
    results: list[Figure] = []
    close = _runs("close_backup", db)
    results += _median_min(f"ui_gap_closing_backup_{scale}", close["close_gap_ms"], "ms")
    results += _median_min(f"closing_backup_time_{scale}", close["close_s"], "s")
    results.append(("closing_backup_size", statistics.median(close["backup_mb"]), "MB"))
    printed = _runs("first_print", db)
    results += _median_min("ui_gap_background_loading", printed["warmup_gap_ms"], "ms")
    results += _median_min("background_loading_time", _ms(printed["warmup_s"]), "ms")
    results += _median_min("ui_gap_first_print_preview", printed["first_preview_gap_ms"], "ms")
    results += _median_min("first_print_preview_time", _ms(printed["first_preview_s"]), "ms")
    results += _median_min("second_print_preview_time", _ms(printed["second_preview_s"]), "ms")
    at_start = _runs("print_at_start", db)
    results += _median_min("ui_gap_print_as_loading_starts", at_start["first_preview_gap_ms"], "ms")
    results += _median_min("print_as_loading_starts_time", _ms(at_start["first_preview_s"]), "ms")
    cold = _runs("first_print", db, "--no-warmup")
    results += _median_min(
        "reference_ui_gap_first_print_unloaded", cold["first_preview_gap_ms"], "ms"
    )
    results += _median_min("reference_first_print_unloaded", _ms(cold["first_preview_s"]), "ms")
    saved = _runs("first_save", db)
    results += _median_min("ui_gap_first_deputy_save", saved["first_save_gap_ms"], "ms")
    cold_save = _runs("first_save", db, "--no-warmup")
    results += _median_min(
        "reference_ui_gap_first_save_unloaded", cold_save["first_save_gap_ms"], "ms"
    )
    return results
