"""A long list goes to Excel in constant memory: its rows stream from the query into the
file, never all held at once. Measured as the peak memory of a fresh process writing a
list ten times as long as another: the peaks differ by little."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import deque
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[3]

WRITE = """
import json, sys
from datetime import date, timedelta
from pathlib import Path

from app.exchange import table_export as te


def peak_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


count, out = int(sys.argv[1]), Path(sys.argv[2])
columns = [te.ExportColumn("序号", "number"), te.ExportColumn("标题"),
           te.ExportColumn("内容", "longtext"), te.ExportColumn("日期", "date"),
           te.ExportColumn("承办单位"), te.ExportColumn("满意率", "percent")]
rows = ([n, f"关于第{n}村饮水困难的建议", "群众反映饮水困难，" * 8,
         date(2020, 1, 1) + timedelta(days=n % 2000), f"单位{n % 300}", (n % 100) / 100]
        for n in range(1, count + 1))
before = peak_mb()
te.export_table(out, title="清溪镇代表建议", columns=columns, rows=rows, total=count)
print(json.dumps({"before": before, "peak": peak_mb()}))
"""


def _write(count: int, out: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", WRITE, str(count), str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_list_ten_times_as_long_takes_about_the_same_memory(tmp_path) -> None:
    if not Path("/proc/self/status").exists():
        import pytest

        pytest.skip("peak memory is read from /proc (Linux)")
    short = _write(8_000, tmp_path / "short.xlsx")
    long = _write(80_000, tmp_path / "long.xlsx")
    grew_short = short["peak"] - short["before"]
    grew_long = long["peak"] - long["before"]
    # 72,000 more rows of about 300 bytes each would be over 20 MB held at once.
    assert grew_long - grew_short < 8, (short, long)
    ws = load_workbook(tmp_path / "long.xlsx", read_only=True).active
    last = deque(ws.iter_rows(values_only=True), maxlen=1)[0]  # every row is there
    assert last[0] == 80_000 and last[1] == "关于第80000村饮水困难的建议"
