"""What the audit trail costs: a typical write (a deputy's phone number) and the demo
build, with the audit triggers and without them (dropped on a copy, for comparison).

    python -m benchmarks.bench_audit [--county]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Context, benchmark, median_ms


def _write_ms(path: Path, *, audited: bool) -> float:
    from app.db.audit import drop_audit_triggers
    from app.office import Office

    with Office.open(path) as office:
        if not audited:
            drop_audit_triggers(office.db)
        deputy_id = office.db.execute("SELECT min(id) FROM deputies").fetchone()[0]
        phones = iter(f"139{n:08d}" for n in range(10_000))
        return median_ms(lambda: office.deputies.update(deputy_id, phone=next(phones)), 50, 5)


def _build_s(scale: str, *, audited: bool) -> float:
    from app.db.audit import drop_audit_triggers
    from app.demo import build_demo
    from app.office import Office

    with tempfile.TemporaryDirectory() as tmp, Office.open(Path(tmp) / "demo.sqlite") as office:
        if not audited:
            drop_audit_triggers(office.db)
        started = time.perf_counter()
        build_demo(office, scale=scale, seed=2026)
        return time.perf_counter() - started


@benchmark("audit trail")
def bench_audit(ctx: Context) -> list[tuple[str, float, str]]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for audited in (True, False):
            copy = Path(tmp) / f"w{audited}.sqlite"
            shutil.copyfile(ctx.db("township"), copy)
            label = "with" if audited else "without"
            results.append((f"edit a phone, {label} audit", _write_ms(copy, audited=audited), "ms"))
    for audited in (True, False):
        label = "with" if audited else "without"
        seconds = _build_s(ctx.scale, audited=audited)
        results.append((f"{ctx.scale} demo build, {label} audit", seconds, "s"))
    return results


if __name__ == "__main__":
    scale = "county" if "--county" in sys.argv else "township"
    for name, value, unit in bench_audit(Context(scale, rebuild=False)):
        print(f"{name}: {value:.2f} {unit}")
