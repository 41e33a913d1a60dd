"""The one writer of every exported list: its fast rows are openpyxl's own, sheets stream,
and a cancel leaves nothing behind."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import canonicalize

import pytest
from openpyxl import Workbook, load_workbook

from app.core.errors import Cancelled
from app.core.progress import NO_PROGRESS, Progress
from app.exchange import table_export as te

COLUMNS = [
    te.ExportColumn("编号", "code"),
    te.ExportColumn("标题"),
    te.ExportColumn("内容", "longtext"),
    te.ExportColumn("日期", "date"),
    te.ExportColumn("出生年月", "month"),
    te.ExportColumn("人数", "number"),
    te.ExportColumn("满意率", "percent"),
    te.ExportColumn("重点", "bool"),
]
ROWS = [
    ["2026-015", "王𠮷 & <李䶮>", " 前后有空格 \n第二行", "2026-03-12", "1975-03", 3, 0.875, True],
    ["", None, "  ", "1900-01-15", "", 2.5, None, False],
    ["0123", "响\x07铃", "x", date(2026, 1, 1), "1975-03-08", -1, 1.0, True],
    ["13812345678", "只有年份", "", "2025", None, 0, 0.0, None],
]


def sheet(rows: list | None = None) -> te.Sheet:
    rows = [list(r) for r in rows or ROWS]
    return te.Sheet("清溪镇测试表", COLUMNS, rows, sheet_name="测试", note="注", total=len(rows))


def test_the_fast_rows_are_byte_for_byte_what_openpyxl_writes(tmp_path):
    fast = te.export_sheets(tmp_path / "fast.xlsx", [sheet()])
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("测试")
    te._write_sheet(ws, sheet(), te._Styles(wb), NO_PROGRESS, 0, 4)  # openpyxl's cells
    reference = io.BytesIO()
    wb.save(reference)
    part = "xl/worksheets/sheet1.xml"
    # Canonical XML: openpyxl writes 王 as a character reference when lxml is installed and
    # as UTF-8 otherwise; both are the same document, and it is the document that counts.
    # openpyxl without lxml drops xml:space on a cell of spaces only (Excel then reads it as
    # empty); ours keeps it, so the attribute is compared apart.
    ours = canonicalize(zipfile.ZipFile(fast).read(part).decode("utf-8"))
    theirs = canonicalize(zipfile.ZipFile(reference).read(part).decode("utf-8"))
    assert '<t xml:space="preserve">  </t>' in ours
    space = ' xml:space="preserve"'
    assert ours.replace(space, "") == theirs.replace(space, "")


def test_values_read_back_as_what_they_are(tmp_path):
    ws = load_workbook(te.export_sheets(tmp_path / "t.xlsx", [sheet()])).active
    assert ws["A1"].value == "清溪镇测试表" and ws["A2"].value == "注"
    assert [c.value for c in ws[3]] == [c.header for c in COLUMNS]
    first, _second, third, fourth = ws[4], ws[5], ws[6], ws[7]
    assert first[0].data_type == "s" and first[0].number_format == "@"
    assert first[1].value == "王𠮷 & <李䶮>"
    assert first[2].value == " 前后有空格 \n第二行" and first[2].alignment.wrap_text
    assert first[3].value == datetime(2026, 3, 12) and first[3].number_format == "yyyy-mm-dd"
    assert first[4].value == datetime(1975, 3, 1) and first[4].number_format == "yyyy.mm"
    assert first[5].value == 3 and first[6].value == 0.875 and first[6].number_format == "0.0%"
    assert first[7].value == "是" and ws["H5"].value is None
    assert third[0].value == "0123" and third[1].value == "响铃"  # a control character dropped
    assert fourth[0].value == "13812345678" and fourth[0].data_type == "s"
    assert fourth[3].value == "2025"  # a year alone stays as written
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws.auto_filter.ref == "A3:H7"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:H1", "A2:H2"}
    assert ws["B4"].border.left.style == "thin"


def test_a_long_note_wraps_over_as_many_lines_as_it_needs(tmp_path):
    note = "按期答复率 = 按期答复件数 ÷（已答复 + 逾期未答复）；" * 4
    path = te.export_table(
        tmp_path / "t.xlsx", title="t", columns=COLUMNS[:2], rows=[["1", "a"]], note=note
    )
    ws = load_workbook(path).active
    assert ws["A2"].alignment.wrap_text and ws.row_dimensions[2].height > 30


def test_several_sheets_in_one_file_with_names_excel_accepts(tmp_path):
    sheets = [sheet(), sheet(ROWS[:1]), te.Sheet("a/b:c", COLUMNS[:1], [])]
    wb = load_workbook(te.export_sheets(tmp_path / "多表", sheets))
    assert wb.sheetnames == ["测试", "测试_2", "abc"]
    assert wb["测试_2"].max_row == 4 and wb["abc"].max_row == 2


def test_a_cancel_leaves_no_file_and_no_temporary_file(tmp_path, monkeypatch):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    progress = Progress()
    rows = ([f"{n}", "标题", "", "2026-01-01", "", n, 0.5, False] for n in range(10_000))

    def stop(done: int, _total: int, _text: str) -> None:
        if done >= 1000:
            progress.cancel()

    progress._listener = stop
    target = tmp_path / "取消.xlsx"
    with pytest.raises(Cancelled):
        te.export_sheets(target, [te.Sheet("t", COLUMNS, rows, total=10_000)], progress=progress)
    assert not target.exists() and list(temp.iterdir()) == []
    assert list(tmp_path.glob("*.xlsx*")) == []


def test_a_row_of_the_wrong_length_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="columns"):
        te.export_table(tmp_path / "x.xlsx", title="t", columns=COLUMNS, rows=[["1"]])


def test_the_template_workbook_in_memory_still_lays_out(tmp_path):
    wb = te.build_workbook(title="模板", columns=COLUMNS, rows=[ROWS[0]], note="说明")
    path = te.save_workbook(wb, Path(tmp_path / "模板"))
    ws = load_workbook(path).active
    assert path.suffix == ".xlsx" and ws["B4"].value == "王𠮷 & <李䶮>"
    assert ws["D4"].number_format == "yyyy-mm-dd"
