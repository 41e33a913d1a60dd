"""Exchange figures: the county package of one township, and a county importing twenty.

Twenty township databases (the demo, one per township name of the county demo, each with
its own seed) are built once into benchmarks/.cache/townships/ and exported; the import
goes into a fresh county database each run."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import CACHE, SEED, Context, benchmark, demo_version, median_ms

PASSWORD = "bench-2026"


def township_databases(rebuild: bool) -> list[Path]:
    from app.demo import TOWNSHIP_NAMES, build_demo
    from app.office import Office

    folder = CACHE / "townships"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    started = time.perf_counter()
    built = 0
    for i, name in enumerate(TOWNSHIP_NAMES):
        path = folder / f"{name}.sqlite"
        if rebuild or not path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            with Office.open(path) as office:
                build_demo(office, seed=3000 + i, township_name=name)
                office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            built += 1
        paths.append(path)
    if built:
        print(f"# built {built} township demos in {time.perf_counter() - started:.1f} s")
    return paths


def large_township_databases(rebuild: bool) -> list[Path]:
    """Twenty township databases as large as a county's townships (about 5,000 suggestions
    each, `township_large`), built once per demo generator."""
    from app.demo import TOWNSHIP_NAMES, build_demo
    from app.office import Office

    folder = CACHE / f"townships_large-{demo_version()}"
    for old in CACHE.glob("townships_large-*"):
        if old != folder:
            shutil.rmtree(old)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    started, built = time.perf_counter(), 0
    for i, name in enumerate(TOWNSHIP_NAMES):
        path = folder / f"{name}.sqlite"
        if rebuild or not path.exists():
            part = folder / f"{name}.part"
            for suffix in ("", "-wal", "-shm"):
                Path(str(part) + suffix).unlink(missing_ok=True)
            with Office.open(part) as office:
                build_demo(office, scale="township_large", seed=SEED + i, township_name=name)
                office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            part.rename(path)
            built += 1
        paths.append(path)
    if built:
        print(f"# built {built} county-scale townships in {time.perf_counter() - started:.1f} s")
    return paths


def _a_month_of_work(office) -> None:
    """What changes in a township between two packages: titles corrected, a deputy's
    phone, suggestions replied to (through the facade, as the clerk does)."""
    from app.core import dates
    from app.suggestions.records import SuggestionQuery

    s = office.suggestions
    for sid in s.search(SuggestionQuery(status="registered"))[:20]:
        title = s.get(sid).title
        s.edit(sid, title=title.replace("的建议", "问题的建议"))
    solved = s.classes()[0][0]
    for sid in s.search(SuggestionQuery(status="handling"))[:30]:
        last = s.events(sid)[-1].date
        s.act(
            sid,
            "reply",
            date=max(last, dates.today().isoformat()),
            result_class=solved,
            summary="已办结",
            operator="陈秀兰",
        )
    deputy = office.db.execute("SELECT id FROM deputies LIMIT 1").fetchone()[0]
    office.deputies.update(deputy, phone="13800000000")


def _load() -> str:
    """The machine's load average (1 min), where the system tells it: a single run of
    minutes on a shared machine says little without it."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):  # Windows
        return "unknown"


def _import_all(county, packages: list[Path], what: str) -> tuple[float, float]:
    from app.county.merge import import_packages

    load = _load()
    started, cpu = time.perf_counter(), time.process_time()
    for path, outcome in import_packages(county, packages, PASSWORD):
        assert not isinstance(outcome, Exception), f"{path.name}: {outcome}"
    wall, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    print(f"# {what}: load average {load} before, {_load()} after", flush=True)
    return wall, cpu


@benchmark("exchange_county_scale")
def bench_exchange_county_scale(ctx: Context) -> list[tuple]:
    """The county imports twenty county-scale packages into an empty database, then twenty
    newer ones (a month of work in each township) into the county that holds them: the
    update case, where every row is compared. One run each (minutes), wall and CPU time
    (CPU counts every thread: the worker threads' key derivation and decryption too)."""
    from app.exchange.package import export_package
    from app.office import Office

    towns = large_township_databases(ctx.rebuild)
    results: list[tuple] = []
    with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp:
        out = Path(tmp)
        first, newer = [], []
        for path in towns:
            copy = out / path.name
            shutil.copyfile(path, copy)
            folder = out / path.stem
            folder.mkdir()
            with Office.open(copy) as office:
                first.append(export_package(office, folder, PASSWORD).path)
                _a_month_of_work(office)
                later = folder / "later"
                later.mkdir()
                newer.append(export_package(office, later, PASSWORD).path)
        size = sum(p.stat().st_size for p in first) / 20 / 1e6
        results.append(("package_size_county_scale_township", size, "MB"))
        with Office.open(out / "county.sqlite") as county:
            county.setup_county(county="溪山县")
            wall, cpu = _import_all(county, first, "import into an empty county")
            results.append(("package_import_20_county_scale_townships", wall, "ms (1 run)"))
            results.append(("package_import_20_county_scale_townships_cpu", cpu, "ms"))
            wall, cpu = _import_all(county, newer, "update")
            results.append(("package_update_20_county_scale_townships", wall, "ms (1 run)"))
            results.append(("package_update_20_county_scale_townships_cpu", cpu, "ms"))
            n = county.db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
            results.append(("county_suggestions_after_import", n, "suggestions"))
    return results


@benchmark("exchange")
def bench_exchange(ctx: Context) -> list[tuple[str, float, str]]:
    from app.county.merge import import_packages
    from app.exchange.package import export_package
    from app.exchange.roster_export import export_roster
    from app.exchange.roster_import import plan_import
    from app.exchange.sealed import SCRYPT, kdf_seconds
    from app.office import Office

    results: list[tuple[str, float, str]] = []
    results.append(
        (f"package_kdf_one_guess_scrypt_n{SCRYPT['n']}_r{SCRYPT['r']}_p{SCRYPT['p']}",
         kdf_seconds(5) * 1000, "ms")
    )  # fmt: skip
    towns = township_databases(ctx.rebuild)
    with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp:
        out = Path(tmp)
        packages = []
        times = []
        for path in towns:
            folder = out / path.stem
            folder.mkdir()
            with Office.open(path) as office:
                started = time.perf_counter()
                packages.append(export_package(office, folder, PASSWORD).path)
                times.append((time.perf_counter() - started) * 1000)
        results.append(("package_export_one_township", statistics.median(times), "ms"))
        results.append(("package_size_one_township", packages[0].stat().st_size / 1024, "KB"))

        county_path = out / "county.sqlite"
        with Office.open(county_path) as county:
            county.setup_county(county="溪山县")
            for label in ("package_import_20_townships", "package_reimport_20_identical"):
                # As the 数据交换 page imports the packages chosen at once: one batch,
                # the next packages decrypted in worker threads while one merges.
                started, cpu = time.perf_counter(), time.process_time()
                for path, outcome in import_packages(county, packages, PASSWORD):
                    assert not isinstance(outcome, Exception), f"{path.name}: {outcome}"
                results.append((label, (time.perf_counter() - started) * 1000, "ms"))
                # This process's CPU time, all its threads (the key derivation included).
                results.append((f"{label}_cpu", (time.process_time() - cpu) * 1000, "ms"))
            deputies = county.db.execute("SELECT count(*) FROM deputies").fetchone()[0]
            results.append(("county_deputies_after_import", deputies, "deputies"))

        with Office.open(ctx.db("township")) as office:
            roster = out / "roster.xlsx"
            results.append(
                (
                    "roster_export_township",
                    median_ms(lambda: export_roster(office, roster), 5, 1),
                    "ms",
                )
            )
            results.append(
                (
                    "roster_import_preview_township",
                    median_ms(lambda: plan_import(office, roster, policy="update"), 5, 1),
                    "ms",
                )
            )
        scale = "county" if ctx.scale == "township" else ctx.scale
        with Office.open(ctx.db(scale)) as office:
            big = out / "county_roster.xlsx"
            started = time.perf_counter()
            export_roster(office, big)
            results.append(
                (
                    f"roster_export_{scale}_all_townships",
                    (time.perf_counter() - started) * 1000,
                    "ms",
                )
            )
        shutil.rmtree(out / "townships", ignore_errors=True)
    return results
