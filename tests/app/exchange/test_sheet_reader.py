"""The streaming sheet reader on hand-written workbooks: what Excel, WPS and other programs
write that openpyxl-made files do not."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from app.core.errors import RendaError
from app.exchange import sheet_reader
from app.exchange.sheet_reader import open_workbook, read_sheets
from tests.hostile_workbooks import NS, sheet_xml, write_xlsx

STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>'
    '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy.mm"/></numFmts>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="57"/>'
    '<xf numFmtId="176"/><xf numFmtId="2"/></cellXfs></styleSheet>'
)


def with_styles(path: Path, sheet: str, strings: str | None = None) -> Path:
    write_xlsx(path, sheet, strings=strings)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/styles.xml", STYLES)
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    # Point the workbook at the styles (rewrite the rels in a fresh zip).
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/styles" Target="styles.xml"/></Relationships>',
    )
    out = path.with_name("styled_" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = (
                rels.encode() if info.filename == "xl/_rels/workbook.xml.rels" else src.read(info)
            )
            dst.writestr(info.filename, data)
    return out


def test_dates_in_the_chinese_built_in_formats_are_dates(tmp_path):
    """zh-CN Excel and WPS write 31 (yyyy年m月d日) and 57 (yyyy年m月) without declaring them."""
    xml = sheet_xml(
        '<row r="1"><c r="A1" s="1"><v>27465</v></c><c r="B1" s="2"><v>27454</v></c>'
        '<c r="C1" s="3"><v>27454</v></c><c r="D1" s="4"><v>1975.1</v></c>'
        '<c r="E1"><v>42</v></c></row>'
    )
    [[row]] = read_sheets(with_styles(tmp_path / "d.xlsx", xml))
    a, b, c, d, e = row.cells
    assert a.value == datetime(1975, 3, 12) and "d" in a.number_format
    assert b.value == datetime(1975, 3, 1) and b.number_format == 'yyyy"年"m"月"'
    assert c.value == datetime(1975, 3, 1) and c.number_format == "yyyy.mm"
    assert d.value == 1975.1 and d.number_format == "0.00"  # shows 1975.10
    assert e.value == 42 and isinstance(e.value, int)


def test_rich_text_phonetics_escapes_and_cell_types(tmp_path):
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>'
        "<si><r><t>王</t></r><r><rPr><b/></rPr><t>𠮷</t></r><rPh><t>wang</t></rPh></si>"
        "<si><t>第一行_x000D_\n第二行</t></si></sst>"
    )
    xml = sheet_xml(
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
        '<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>'
        '<c r="E2" t="str"><f>A2</f><v>王𠮷</v></c><c r="F2" t="s"><v>99</v></c>'
        '<c r="G2" t="inlineStr"><is><t xml:space="preserve"> 李 四 </t></is></c></row>'
    )
    [[row]] = read_sheets(write_xlsx(tmp_path / "s.xlsx", xml, strings=strings))
    assert row.number == 2
    values = [c.value for c in row.cells]
    assert values == ["王𠮷", "第一行\r\n第二行", True, None, "王𠮷", None, " 李 四 "]


def test_a_sheet_with_prefixed_tags_is_read(tmp_path):
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c>'
        "</x:row></x:sheetData></x:worksheet>"
    )
    [[row]] = read_sheets(write_xlsx(tmp_path / "x.xlsx", xml))
    assert [c.value for c in row.cells] == [None, "姓名"]


def test_merged_cells_repeat_their_value_in_rows_that_hold_values(tmp_path):
    def c(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    body = (
        f'<row r="1">{c("A1", "名册")}</row>'
        f'<row r="3">{c("A3", "东片")}{c("B3", "王芳")}</row>'
        f'<row r="4">{c("B4", "李娜")}</row>'
        '<row r="5"><c r="A5" s="1"/></row>'  # only a styled cell: not a row
        f'<row r="6">{c("B6", "张伟")}</row>'
    )
    tail = '<mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="A3:A5"/></mergeCells>'
    with open_workbook(write_xlsx(tmp_path / "m.xlsx", sheet_xml(body, tail=tail))) as book:
        sheet = book.sheets[0]
        rows = list(sheet.rows())
    assert sheet.content_rows == 4
    assert [r.number for r in rows] == [1, 3, 4, 6]
    title, first, second, third = rows
    assert len(title.cells) == 4 and all(cell is title.cells[0] for cell in title.cells)
    assert second.cells[0] is first.cells[0] and second.cells[0].value == "东片"
    assert third.cells[0].value is None  # below the merged range


def test_cells_right_of_column_iv_are_not_read_and_said_so(tmp_path):
    xml = sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
        '<c r="ZZ1" t="inlineStr"><is><t>远处</t></is></c></row>'
    )
    with open_workbook(write_xlsx(tmp_path / "w.xlsx", xml)) as book:
        [row] = list(book.sheets[0].rows())
        assert [c.value for c in row.cells] == ["姓名"]
        assert book.sheets[0].notes == ["工作表“名册”第 IV 列右边的内容没有读取"]


def test_the_limits_can_be_met_and_each_says_what_to_do(tmp_path, monkeypatch):
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>张{n}</t></is></c></row>'
        for n in range(1, 40)
    )
    path = write_xlsx(tmp_path / "l.xlsx", sheet_xml(rows))
    monkeypatch.setattr(sheet_reader, "MAX_ROWS", 20)
    with open_workbook(path) as book:
        assert book.sheets[0].too_long
        with pytest.raises(RendaError, match=r"超过 20 行内容.*分批导入"):
            book.sheets[0].refuse_if_too_long()
    monkeypatch.setattr(sheet_reader, "MAX_ELEMENTS", 50)
    with pytest.raises(RendaError, match="单元格太多"):
        open_workbook(path)
    monkeypatch.setattr(sheet_reader, "MAX_PART_BYTES", 1000)
    with pytest.raises(RendaError, match="超过了一次导入的上限"):
        open_workbook(path)
