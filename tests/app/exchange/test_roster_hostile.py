"""Hostile rosters (issue 19): each is refused with a Chinese message, or read, within the
budgets (5 s, 300 MB), and the database is left as it was. The files are made by
tests/hostile_workbooks.py: zip bombs, an element bomb, truncated and malformed XML, entity
bombs, a zip of 30,000 members, 60,001 rows, overlapping merged ranges, a stray cell at row
1,048,576 and 300,000 styled empty rows."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.errors import RendaError
from app.exchange.roster_import import apply_import, plan_import
from app.exchange.tables import exchange_schema, records_digest
from tests.hostile_workbooks import CORPUS, corpus

ROOT = Path(__file__).resolve().parents[3]
SECONDS = 5.0
PEAK_MB = 300
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def digest(office) -> str:
    return records_digest(office.db.conn, exchange_schema(office.db.conn))


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {h.name: path for h, path in corpus(folder)}


@pytest.mark.parametrize("case", CORPUS, ids=[h.name for h in CORPUS])
def test_a_hostile_file_is_refused_or_read_quickly_and_changes_nothing(office, hostile_files, case):
    path = hostile_files[case.name]
    before = digest(office)
    started = time.process_time()
    if case.refused:
        with pytest.raises(RendaError) as caught:
            plan = plan_import(office, path, create_missing=True)
            apply_import(office, plan, only_valid=True)
        spent = time.process_time() - started
        message = caught.value.message
        assert re.search(case.refused, message), message
        assert CHINESE.search(message) and "Traceback" not in message
        assert "请" in message  # says what to do
        assert digest(office) == before
    else:
        plan = plan_import(office, path, create_missing=True)
        spent = time.process_time() - started
        assert [r.action for r in plan.rows] == ["new"] * case.rows, plan.problems()[:3]
        assert digest(office) == before  # a preview writes nothing
    assert spent < SECONDS, f"{case.name}: {spent:.1f} s"


PROBE = """
import json, resource, sys, time
from pathlib import Path
from app.core.errors import RendaError
from app.office import Office
from app.exchange.roster_import import plan_import
office = Office.open(sys.argv[1])
office.setup(township="清溪镇", county="溪山县", term_number=17, term_start="2021-12-28")
report = {}
for path in sys.argv[2:]:
    started = time.perf_counter()
    try:
        outcome = "read %d" % len(plan_import(office, Path(path)).rows)
    except RendaError as exc:
        outcome = exc.message
    report[Path(path).stem] = [outcome, time.perf_counter() - started]
# VmHWM: the peak of this program only (ru_maxrss would count the test runner that
# forked it, whose pages the child shares until exec).
status = Path("/proc/self/status").read_text().splitlines()
peak = [int(line.split()[1]) for line in status if line.startswith("VmHWM:")]
report["peak_mb"] = (peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
print(json.dumps(report, ensure_ascii=False))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="peak memory read from /proc")
def test_the_whole_corpus_stays_within_300_mb_in_one_process(hostile_files, tmp_path):
    """Peak memory of a process that meets every hostile file in turn (the figure the
    issue measured: 3.3 GB for the bomb, 3.4 GB for the stray cell)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            str(tmp_path / "probe.sqlite"),
            *map(str, hostile_files.values()),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report.pop("peak_mb") < PEAK_MB
    for case in CORPUS:
        outcome, seconds = report[case.name]
        expected = case.refused or f"^read {case.rows}$"
        assert re.search(expected, outcome), (case.name, outcome)
        assert seconds < SECONDS * 2, (case.name, seconds)  # wall time, machine shared
