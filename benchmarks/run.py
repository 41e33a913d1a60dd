"""Measure renda against the budgets of DESIGN.md and print one line per figure.

    python benchmarks/run.py [--scale township|county|prefecture] [--only NAME ...]
                             [--compare] [--rebuild]

The demo databases are built once into benchmarks/.cache/ and reused while the demo
generator is unchanged (--rebuild makes them anew; the prefecture's takes minutes).
Timed figures read `name: median (min …, N runs) unit`: the median and the minimum of
several warm runs (the machine may be shared). With --compare, a figure that has a
reference (a bare PySide6 window for the start, a LIKE scan for a search) is printed with
the reference measured beside it and their ratio.

Each area keeps its measurements in benchmarks/bench_<area>.py, registered with
@benchmark from benchmarks/common.py; GROUPS lists the modules this script runs.
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

from benchmarks.common import BENCHMARKS, Context, Timing  # noqa: E402

# The benchmark modules, in the order they run. Add a module here (one line).
GROUPS = [
    "bench_foundation",
    "bench_suggestions",
    "bench_figures",
    "bench_meetings",
    "bench_activities",
    "bench_plans",
    "bench_oversight",
    "bench_printing",
    "bench_exchange",
    "bench_list_exports",
    "bench_roster_import",
    "bench_audit",
    "bench_responsiveness",
    "bench_export_stream",
]


def _value(value: object) -> str:
    if isinstance(value, Timing):
        return value.text()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["township", "county", "prefecture"], default="county")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks")
    parser.add_argument("--rebuild", action="store_true", help="build the demo databases anew")
    parser.add_argument(
        "--compare", action="store_true", help="measure references beside figures, with ratios"
    )
    args = parser.parse_args()
    for module in GROUPS:
        importlib.import_module(f"benchmarks.{module}")
    ctx = Context(args.scale, args.rebuild, args.compare)
    for name, fn in BENCHMARKS:
        if args.only and name not in args.only:
            continue
        for line in fn(ctx):
            label, value, unit = line[:3]
            print(f"{label}: {_value(value)} {unit}", flush=True)
            if len(line) > 3 and ctx.compare:
                reference, base = line[3], line[4]
                ratio = float(value) / float(base) if float(base) else float("nan")
                print(f"  beside {reference}: {_value(base)} {unit}; ratio {ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
