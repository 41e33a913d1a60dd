"""Figures on printed forms read back from the PDF: the 合计 row of the yearly suggestion
statistics is the sum of its rows, in the PDF and in the Excel export."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from app.documents.suggestion_statistics import statistics_pdf
from app.exchange.list_exports import export_suggestion_stats

NUMBER = re.compile(r"^\d+$")


def layout_rows(data: bytes) -> list[list[str]]:
    """The lines of a PDF as pdftotext -layout sets them, split at spaces."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "f.pdf"
        pdf.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
    return [line.split() for line in text.splitlines() if line.strip()]


def counts(row: list[str]) -> list[int]:
    """收到, 交办, 退回, 已答复, 按期答复 of a figures row."""
    numbers = [int(t) for t in row if NUMBER.match(t)]
    return numbers[:5]


def test_the_total_of_the_yearly_statistics_is_the_sum_of_its_rows(demo_office, tmp_path):
    years = [r[0] for r in demo_office.db.execute("SELECT DISTINCT year FROM suggestions")]
    assert years
    for year in years:
        rows = [r for r in layout_rows(statistics_pdf(demo_office, year).data) if len(r) > 15]
        total = [counts(r) for r in rows if r[0] == "合计"]
        body = [counts(r) for r in rows if r[0] != "合计" and len(counts(r)) == 5]
        assert len(total) == 1 and body, (year, rows)
        assert [sum(col) for col in zip(*body, strict=True)] == total[0], year

        path = export_suggestion_stats(demo_office, tmp_path / f"{year}.xlsx", year).path
        sheet = load_workbook(path).active
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        header = next(r for r in values if r and "收到" in r)
        col = header.index("收到")
        data = [r for r in values[values.index(header) + 1 :] if isinstance(r[col], int)]
        assert data[-1][0] == "合计"
        for name in ("收到", "交办", "退回", "已答复"):
            col = header.index(name)
            assert sum(r[col] for r in data[:-1]) == data[-1][col], (year, name)
