"""What every benchmark module uses: the registry, the cached demo databases, timing."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
