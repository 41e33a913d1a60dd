"""The suggestion list to Excel in fresh processes (benchmarks/export_probe.py): one
township's (about 5,000 rows at county scale) and the whole county's (about 100,000), three
runs each, time and peak memory (the process's own, Linux VmHWM). The export streams:
the peak should not grow with the rows."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ROOT, Context, benchmark

RUNS = 3


def _probe(db: Path, out: Path, *extra: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.export_probe", "--db", str(db), "--out", str(out),
         *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


@benchmark("export_stream")
def bench_export_stream(ctx: Context) -> list[tuple[str, float, str]]:
    db = ctx.db()
    results: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp:
        for label, extra in (("one_township", ["--township", "1"]), ("all", [])):
            runs = [_probe(db, Path(tmp) / f"{label}.xlsx", *extra) for _ in range(RUNS)]
            rows = int(runs[0]["rows"])
            seconds = [r["seconds"] for r in runs]
            peaks = [r["peak_mb"] for r in runs]
            name = f"export_suggestions_{label}_{ctx.scale}"
            results += [
                (name, statistics.median(seconds), f"s ({rows} rows)"),
                (f"{name}_min", min(seconds), "s"),
                (f"{name}_peak_memory", statistics.median(peaks), "MB (fresh process)"),
                (f"{name}_peak_memory_min", min(peaks), "MB"),
                (f"{name}_file", runs[0]["file_mb"], "MB"),
            ]
    return results
