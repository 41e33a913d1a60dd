"""What the audit trail costs: a typical write (a deputy's phone number) and the demo
build, with the audit triggers and without them (dropped on a copy, for comparison).

    python -m benchmarks.bench_audit [--county | --import]
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


def _import_s(towns: int, *, audited: bool) -> float:
    """Import `towns` township packages into a new county database."""
    from app.county.merge import import_package
    from app.db.audit import drop_audit_triggers
    from app.exchange.package import export_package
    from app.office import Office
    from benchmarks.bench_exchange import PASSWORD, township_databases

    with tempfile.TemporaryDirectory() as tmp:
        packages = []
        for path in township_databases(False)[:towns]:
            with Office.open(path) as office:
                folder = Path(tmp) / path.stem
                folder.mkdir()
                packages.append(export_package(office, folder, PASSWORD).path)
        with Office.open(Path(tmp) / "county.sqlite") as county:
            county.setup_county(county="溪山县")
            if not audited:
                drop_audit_triggers(county.db)
            started = time.perf_counter()
            for package in packages:
                import_package(county, package, PASSWORD)
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
    # Built twice here: at most the county's (a prefecture's takes many minutes).
    scale = "county" if ctx.scale == "prefecture" else ctx.scale
    for audited in (True, False):
        label = "with" if audited else "without"
        seconds = _build_s(scale, audited=audited)
        results.append((f"{scale} demo build, {label} audit", seconds, "s"))
    return results


if __name__ == "__main__":
    if "--import" in sys.argv:
        for audited in (False, True):
            print(f"import 20 packages, audit={audited}: {_import_s(20, audited=audited):.1f} s")
        sys.exit(0)
    scale = "county" if "--county" in sys.argv else "township"
    for name, value, unit in bench_audit(Context(scale, rebuild=False)):
        print(f"{name}: {value:.2f} {unit}")
