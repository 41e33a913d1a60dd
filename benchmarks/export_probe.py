"""One export of the suggestion list in a fresh process, with its peak memory:

    python -m benchmarks.export_probe --db county.sqlite --out x.xlsx [--township 1]

prints one JSON line: rows, seconds, the resident memory before the export and the
process's peak (Linux VmHWM: a fresh process's own, not its parent's as ru_maxrss can be)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--township", type=int)
    args = parser.parse_args()
    from app.exchange.list_exports import export_suggestions
    from app.office import Office
    from app.suggestions.records import SuggestionQuery

    with Office.open(args.db) as office:
        before = peak_mb()
        started = time.perf_counter()
        done = export_suggestions(office, args.out, SuggestionQuery(township_id=args.township))
        seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": done.rows,
                "seconds": seconds,
                "before_mb": before,
                "peak_mb": peak_mb(),
                "file_mb": args.out.stat().st_size / 1e6,
            }
        )
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
