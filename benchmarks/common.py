"""What every benchmark module uses: the registry, the cached demo databases, timing.

A benchmark returns lines `(label, value, unit)` or, to be set beside a reference in
`--compare` mode, `(label, value, unit, reference_label, reference_value)`. A value timed
with `timed()`/`median_ms()` is a `Timing`: the median of several runs, which also knows
the minimum (printed beside it: the machine may be shared and loaded)."""

from __future__ import annotations

import ast
import hashlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CACHE = ROOT / "benchmarks" / ".cache"
Line = tuple  # (label, value, unit) or (label, value, unit, reference label, reference value)
Bench = Callable[["Context"], list[Line]]
BENCHMARKS: list[tuple[str, Bench]] = []


def benchmark(name: str) -> Callable[[Bench], Bench]:
    def register(fn: Bench) -> Bench:
        BENCHMARKS.append((name, fn))
        return fn

    return register


class Timing(float):
    """Milliseconds: the median of `runs` runs (the float itself) and their minimum."""

    minimum: float
    runs: int

    def __new__(cls, times: list[float]) -> Timing:
        value = super().__new__(cls, statistics.median(times))
        value.minimum = min(times)
        value.runs = len(times)
        return value

    def text(self) -> str:
        return f"{float(self):.1f} (min {self.minimum:.1f}, {self.runs} runs)"


def timed(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> Timing:
    """Run `fn` `warmup` times unmeasured (warm: the budgets are for warm use), then
    `repeat` times; the median and minimum in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(times)


median_ms = timed  # the older name; a Timing is the median as a float


def demo_version() -> str:
    """A digest of the demo generator: the syntax trees (not the formatting or comments)
    of app/demo.py and every area's demo modules. A cached demo database is used only if
    it was built by the same generator."""
    digest = hashlib.sha256()
    files = [ROOT / "app" / "demo.py", *sorted((ROOT / "app").glob("*/demo*.py"))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(ast.dump(tree).encode())
    return digest.hexdigest()[:12]


SEED = 2026


class Context:
    def __init__(self, scale: str, rebuild: bool, compare: bool = False) -> None:
        self.scale = scale
        self.rebuild = rebuild
        self.compare = compare  # run the references beside the figures and print ratios
        self._paths: dict[str, Path] = {}

    def db(self, scale: str | None = None) -> Path:
        """The demo database of this scale, built on first use and kept in
        benchmarks/.cache/ under the generator's version (a prefecture's takes minutes)."""
        scale = scale or self.scale
        if scale in self._paths:
            return self._paths[scale]
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"{scale}-{demo_version()}-seed{SEED}.sqlite"
        if self.rebuild or not path.exists():
            for old in CACHE.glob(f"{scale}-*.sqlite*"):  # other generators' copies
                old.unlink()
            build_demo_file(path, scale)
        self._paths[scale] = path
        return path


def build_demo_file(path: Path, scale: str) -> float:
    """Build the demo into `path` (written to a side file first, so an interrupted build
    leaves no half database under the cache's name); returns the seconds it took."""
    from app.demo import build_demo
    from app.office import Office

    part = path.with_name(path.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    with Office.open(part) as office:
        build_demo(office, scale=scale, seed=SEED)
        office.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - started
    print(
        f"# built the {scale} demo in {seconds:.1f} s ({time.process_time() - cpu:.1f} s of"
        f" CPU): {path.name}",
        flush=True,
    )
    os.replace(part, path)
    return seconds


# A small parent: starts the measured process, so that what it reports is its own (a
# child forked from the big benchmark process would inherit its peak resident memory).
LAUNCHER = """
import subprocess, sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(out.stdout)
sys.stderr.write(out.stderr)
sys.exit(out.returncode)
"""

# Appended to a measured script: its own peak resident memory (VmHWM belongs to this
# process's memory map, which exec made new), in MB.
PEAK_MEMORY = """
def _peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
print("peak_mb", _peak_mb())
"""


def fresh_python(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `script` in a fresh Python started from a small parent; its standard output."""
    return subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout


def reported(output: str, key: str) -> float:
    """The value a fresh process printed as `key value`."""
    return float(next(line.split()[1] for line in output.splitlines() if line.startswith(key)))
