"""The layout of an official document (GB/T 9704-2012) in python-docx: A4, the margins of
the standard, the title in 二号 宋体 (小标宋 where installed is the clerk's choice), the body in
三号 仿宋 with a fixed line pitch (22 lines a page), first-level headings in 黑体, second-level
in 楷体, page numbers `— 1 —` at the foot. The fonts are named as Windows names them; Word,
WPS and LibreOffice substitute what a machine lacks."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.documents.output import write_atomic

# Windows font names (Word and WPS find them there); the Latin face of each run.
TITLE_FONT = "宋体"
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
LATIN_FONT = "Times New Roman"
# Chinese type sizes in points.
SIZE_2 = 22.0  # 二号: the title
SIZE_3 = 16.0  # 三号: the body
SIZE_4 = 14.0  # 四号: page numbers, table text
SIZE_SMALL_4 = 12.0  # 小四: dense tables
LINE_PITCH = 28.0  # fixed line spacing of the body: 22 lines on the text block

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DocxResult:
    """A finished draft: its bytes, its title, and notes for the clerk (Chinese)."""

    data: bytes
    title: str
    notes: tuple[str, ...] = ()

    def save(self, path: Path | str) -> Path:
        """Write the file whole or not at all."""
        target = Path(path)
        if target.suffix.lower() != ".docx":
            target = target.with_name(target.name + ".docx")
        return write_atomic(target, self.data)


def _fonts(run_or_style: object, east_asian: str, size: float, *, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    font.size = Pt(size)
    font.bold = bold
    element = run_or_style.element  # type: ignore[attr-defined]
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


class OfficialDocument:
    """A document laid out after GB/T 9704; add paragraphs top to bottom, then `result()`."""

    def __init__(self, title: str, *, landscape: bool = False) -> None:
        self.title = title
        self.doc: Document = new_document()
        self.doc.core_properties.title = title
        self.doc.core_properties.author = "乡镇人大工作台"
        section = self.doc.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
            section.top_margin, section.bottom_margin = Mm(28), Mm(26)
            section.left_margin, section.right_margin = Mm(37), Mm(35)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin, section.bottom_margin = Mm(37), Mm(35)
            section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(20)
        normal = self.doc.styles["Normal"]
        _fonts(normal, BODY_FONT, SIZE_3)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        self._page_numbers(section.footer.paragraphs[0])

    # ---- parts of the page --------------------------------------------------------------

    def _page_numbers(self, paragraph: Paragraph) -> None:
        """`— 1 —` at the foot of each page (四号, centred)."""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _fonts(paragraph.add_run("— "), TITLE_FONT, SIZE_4)
        run = paragraph.add_run()
        _fonts(run, TITLE_FONT, SIZE_4)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
            if kind is None:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        _fonts(paragraph.add_run(" —"), TITLE_FONT, SIZE_4)

    def heading(self, text: str, subtitle: str = "") -> None:
        """The title (二号, centred; a line break in `text` splits it where the clerk
        would), with subtitle lines in 楷体 under it."""
        for line in text.split("\n"):
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.line_spacing = Pt(36)
            _fonts(p.add_run(line), TITLE_FONT, SIZE_2, bold=True)
        if subtitle:
            for line in subtitle.split("\n"):
                s = self.doc.add_paragraph()
                s.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _fonts(s.add_run(line), SUBHEADING_FONT, SIZE_3)
        self.blank()

    def blank(self) -> None:
        self.doc.add_paragraph()

    def salutation(self, text: str) -> None:
        """`各位代表：` flush left."""
        _fonts(self.doc.add_paragraph().add_run(text), BODY_FONT, SIZE_3)

    def body(self, text: str) -> Paragraph:
        """A body paragraph, indented two characters."""
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(SIZE_3 * 2)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _fonts(p.add_run(text), BODY_FONT, SIZE_3)
        return p

    def level1(self, text: str) -> None:
        """`一、……` in 黑体."""
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(SIZE_3 * 2)
        p.paragraph_format.keep_with_next = True
        _fonts(p.add_run(text), HEADING_FONT, SIZE_3)

    def level2(self, heading: str, text: str = "") -> Paragraph:
        """`（一）……。` in 楷体, the paragraph's text running on in 仿宋."""
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(SIZE_3 * 2)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if not text:
            p.paragraph_format.keep_with_next = True
        _fonts(p.add_run(heading), SUBHEADING_FONT, SIZE_3)
        if text:
            _fonts(p.add_run(text), BODY_FONT, SIZE_3)
        return p

    def signature(self, lines: Sequence[str]) -> None:
        """The issuer and the date, right-aligned, after an empty line."""
        self.blank()
        for line in lines:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(SIZE_3 * 2)
            _fonts(p.add_run(line), BODY_FONT, SIZE_3)

    def caption(self, text: str) -> None:
        """A table's title (黑体, centred)."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        _fonts(p.add_run(text), HEADING_FONT, SIZE_3)

    def note(self, text: str) -> None:
        """A small note under a table."""
        p = self.doc.add_paragraph()
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.paragraph_format.space_before = Pt(4)
        _fonts(p.add_run(text), BODY_FONT, SIZE_SMALL_4)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths_mm: Sequence[float] | None = None,
        size: float = SIZE_SMALL_4,
        bold_last: bool = False,
        first_left: bool = False,
    ) -> Table:
        """A ruled table: the header in 黑体, cells in 仿宋, numbers centred; `first_left`
        puts the first column's names flush left (not the 合计 line)."""
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate([header, *rows]):
            cells = table.rows[r].cells
            bold = r == 0 or (bold_last and r == len(rows))
            for c, value in enumerate(values):
                cell = cells[c]
                p = cell.paragraphs[0]
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                p.paragraph_format.first_line_indent = Pt(0)
                text = "" if value is None else str(value)
                names = first_left and r and c == 0 and not (bold_last and r == len(rows))
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if names else WD_ALIGN_PARAGRAPH.CENTER
                font = HEADING_FONT if r == 0 else BODY_FONT
                _fonts(p.add_run(text), font, size, bold=bold and r != 0)
        _repeat_header(table)
        for row in table.rows:
            row.height = Mm(7)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if widths_mm:
            # Word reads the cells' widths, LibreOffice the grid's: set both.
            table.autofit = False
            for column, width in zip(table.columns, widths_mm, strict=False):
                column.width = Mm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm, strict=False):
                    cell.width = Mm(width)
        return table

    def result(self, notes: Sequence[str] = ()) -> DocxResult:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return DocxResult(buffer.getvalue(), self.title, tuple(notes))


def _repeat_header(table: Table) -> None:
    """The header row repeats on each page the table runs onto."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)
