"""Measure renda against the budgets of DESIGN.md and print one line per figure.

    python benchmarks/run.py [--scale township|county] [--only NAME ...] [--rebuild]

The demo databases are built once into benchmarks/.cache/ and reused (--rebuild makes
them anew). Figures are medians of several runs; each line reads `name: value unit`.
Each area keeps its measurements in benchmarks/bench_<area>.py, registered with
@benchmark from benchmarks/common.py; this script runs them all.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.common import BENCHMARKS, Context  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["township", "county"], default="county")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks")
    parser.add_argument("--rebuild", action="store_true", help="build the demo databases anew")
    args = parser.parse_args()
    for module in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        importlib.import_module(f"benchmarks.{module.stem}")
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
