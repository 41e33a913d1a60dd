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


DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"


def iso(match: tuple[str, str, str]) -> str:
    y, m, d = match
    return f"{y}-{int(m):02d}-{int(d):02d}"


def test_the_feedback_form_after_a_further_reply_dates_after_it_and_is_not_prefilled(
    demo_office,
):
    from app.documents.suggestion_feedback import feedback_pdf
    from tests.app.documents.pdf_lines import page_lines

    ids = [
        r[0]
        for r in demo_office.db.execute(
            "SELECT DISTINCT suggestion_id FROM suggestion_replies WHERE kind = 'follow_up'"
        )
    ]
    assert ids
    for sid in ids:
        s = demo_office.suggestions.get(sid)
        latest = max(r.date for r in demo_office.suggestions.replies(sid) if r.round == s.round)
        for page in page_lines(feedback_pdf(demo_office, [sid]).data):
            text = "".join(page)
            due = re.search("请于" + DATE + "前", text)
            replied = re.search("答复日期" + DATE, text)
            assert due and replied, text
            assert iso(replied.groups()) == latest, s.number
            assert iso(due.groups()) > latest, s.number
            later = [
                r
                for r in demo_office.suggestions.ratings(sid)
                if r.round == s.round and r.date >= latest
            ]
            if not later:
                assert "■" not in text, s.number  # the earlier reply's ratings are not shown
