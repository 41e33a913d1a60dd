"""The shared base of every printed form: A4 pages, ruled grids like the paper forms, a
heavy title, Chinese dates, signature and seal lines, a photo box, page numbers.

A form module builds a list of flowables with a `Kit` (styles and helpers bound to the
document's fonts) and hands it to `Document.build`, which returns a `PdfResult` (the PDF
bytes and any notes for the clerk). See docs/EXTENDING.md, "Printing".
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.core import dates
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.documents.fonts import (
    FontSet,
    markup,
    missing_characters,
    missing_note,
    reset_missing,
    runs,
    string_width,
)
from app.documents.output import write_atomic

# Chinese type sizes in points: 五号 body, 小五 small print, 小二 titles.
BODY_SIZE = 10.5
SMALL_SIZE = 9
SUBTITLE_SIZE = 12
TITLE_SIZE = 18
LINE = 0.75  # ruling of grids, in points
MARGIN = 18 * mm
CELL_PAD = 3  # points, left and right inside a cell

PORTRAIT = A4
LANDSCAPE = landscape(A4)


@dataclass(frozen=True)
class PdfResult:
    """A finished document: its bytes, page count and what the clerk should be told
    (a font replaced, a damaged photo left blank …)."""

    data: bytes
    pages: int
    notes: tuple[str, ...] = ()

    def save(self, path: Path | str) -> Path:
        """Write the PDF to `path` whole or not at all."""
        return write_atomic(Path(path), self.data)


def blank_date() -> str:
    """The date line a clerk fills in by hand."""
    return "　　　　年　　月　　日"


def date_text(iso: str) -> str:
    """'2026-11-22' -> '2026年11月22日'; empty gives the blank date line."""
    return dates.format_date(iso) if iso else blank_date()


def presidium_name(township: str) -> str:
    """The one name of the township's presidium on every form and seal line:
    '清溪镇人民代表大会主席团' (a session's own forms name it after the session)."""
    return f"{township}人民代表大会主席团"


def yes_no(value: bool) -> str:
    return "是" if value else "否"


# ---- flowables -------------------------------------------------------------------------


def draw_runs(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    chain: tuple[str, ...],
    size: float,
    *,
    align: str = "left",
    heavy: bool = False,
) -> float:
    """Draw one line of text in its fallback fonts; returns its width. `heavy` strokes the
    outline too, so a regular Hei face prints as heavy as a title should."""
    width = string_width(text, chain, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    text_object = canvas.beginText(x, y)
    if heavy:
        canvas.saveState()
        canvas.setLineWidth(size * 0.035)
        text_object.setTextRenderMode(2)
    for font, piece in runs(text, chain):
        text_object.setFont(font, size)
        text_object.textOut(piece)
    canvas.drawText(text_object)
    if heavy:
        canvas.restoreState()
    return width


class OneLine(Flowable):
    """Text that never wraps: an ID number, a phone number, a title. Set at `size`, or
    smaller when the space it gets is too narrow (an 18-digit ID number is never split)."""

    def __init__(
        self,
        text: str,
        chain: tuple[str, ...],
        size: float = BODY_SIZE,
        *,
        align: str = "center",
        heavy: bool = False,
        min_size: float = 5,
    ) -> None:
        super().__init__()
        self.text = text
        self.chain = chain
        self.size = size
        self.align = align
        self.heavy = heavy
        self.min_size = min_size
        self._avail = 0.0

    def _fitted_size(self, avail: float) -> float:
        natural = string_width(self.text, self.chain, self.size)
        if natural <= avail or natural == 0:
            return self.size
        return max(self.min_size, self.size * avail / natural)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self._fitted_size(avail_width) * 1.3

    def draw(self) -> None:
        size = self._fitted_size(self._avail)
        x = {"left": 0, "center": self._avail / 2, "right": self._avail}[self.align]
        draw_runs(
            self.canv, x, size * 0.3, self.text, self.chain, size, align=self.align,
            heavy=self.heavy,
        )  # fmt: skip


class PhotoBox(Flowable):
    """A one-inch photo fitted into its box, or the empty box with a faint 照片 to paste one."""

    def __init__(
        self, image: Any | None, width: float, height: float, chain: tuple[str, ...]
    ) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height
        self.chain = chain

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.image is None:
            self.canv.setFillColor(colors.HexColor("#b0b0b0"))
            draw_runs(
                self.canv, self.width / 2, self.height / 2 - 4, "照片", self.chain, SMALL_SIZE,
                align="center",
            )  # fmt: skip
            return
        self.canv.drawImage(
            self.image, 0, 0, self.width, self.height, preserveAspectRatio=True, anchor="c"
        )


class SectionStart(Flowable):
    """Starts a new numbered section (one deputy's form in a batch): page numbers count
    from 1 again, and the batch's progress advances."""

    def __init__(self, label: str = "") -> None:
        super().__init__()
        self.label = label

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.renda_section += 1  # type: ignore[attr-defined]


# Of the content above the signatures, at least this much goes with them to a new page.
TAIL_MIN = 12 * mm


class WithLast(Flowable):
    """The last content of a form and the signature lines under it, kept on one page: when
    both do not fit, the content is split so that a part of it (a grid's last row, the
    end of a long résumé) moves to the next page with the signatures."""

    def __init__(self, content: Flowable, after: list[Flowable], page_height: float) -> None:
        super().__init__()
        self.content = content
        self.after = after
        self.page_height = page_height
        self._sizes: list[tuple[float, float]] = []

    def _all(self) -> list[Flowable]:
        return [self.content, *self.after]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [f.wrap(avail_width, avail_height) for f in self._all()]
        self.width = avail_width
        self.height = sum(h for _w, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for f, (w, h) in zip(self._all(), self._sizes, strict=True):
            y -= h
            f.drawOn(self.canv, 0, y, _sW=self.width - w)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        _w, content_height = self.content.wrap(avail_width, avail_height)
        target = min(avail_height, content_height - TAIL_MIN)
        parts = _split_between_rows(self.content, avail_width, target) if target > 0 else []
        if len(parts) < 2:
            after_height = sum(f.wrap(avail_width, avail_height)[1] for f in self.after)
            if content_height + after_height <= self.page_height:
                return []  # all of it goes to the next page
            # Only what a whole page cannot hold is cut inside a row (a long résumé).
            parts = self.content.split(avail_width, target) if target > 0 else []
            if len(parts) < 2:
                parts = self.content.split(avail_width, avail_height)
            if len(parts) < 2:
                return []
        return [*parts[:-1], WithLast(parts[-1], self.after, self.page_height)]


def _split_between_rows(content: Flowable, width: float, height: float) -> list[Flowable]:
    """Split a grid between its rows only (a row carried over whole with the signatures
    reads better than the end of a cell)."""
    in_row = getattr(content, "splitInRow", None)
    if not in_row:
        return content.split(width, height)
    content.splitInRow = 0  # type: ignore[attr-defined]
    try:
        parts = content.split(width, height)
    finally:
        content.splitInRow = in_row  # type: ignore[attr-defined]
    for part in parts:
        part.splitInRow = in_row  # type: ignore[attr-defined]
    return parts


def keep_signatures_with_content(story: list[Flowable], page_height: float) -> list[Flowable]:
    """Bind every signature block (`Kit.signatures`) to the content above it (spacers
    between them included)."""
    out: list[Flowable] = []
    for flowable in story:
        if not getattr(flowable, "renda_signatures", False):
            out.append(flowable)
            continue
        after = [flowable]
        while len(out) > 1 and isinstance(out[-1], Spacer):
            after.insert(0, out.pop())
        if out and not isinstance(out[-1], (ActionFlowable, SectionStart, Spacer)):
            out.append(WithLast(out.pop(), after, page_height))
        else:
            out += after
    return out


# ---- the kit ---------------------------------------------------------------------------


@dataclass
class Kit:
    """Styles and flowables of one document, bound to its fonts. Notes collected while
    building (a damaged photo …) end up in the PdfResult."""

    fonts: FontSet
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._styles: dict[tuple[str, float], ParagraphStyle] = {}

    # text

    def style(self, align: str = "left", size: float = BODY_SIZE) -> ParagraphStyle:
        key = (align, size)
        if key not in self._styles:
            self._styles[key] = ParagraphStyle(
                f"renda-{align}-{size}",
                fontName=self.fonts.body_font,
                fontSize=size,
                leading=size * 1.4,
                alignment={"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[align],
                wordWrap="CJK",
            )
        return self._styles[key]

    def text(self, value: str, *, align: str = "left", size: float = BODY_SIZE) -> Paragraph:
        """Body text that wraps inside its cell; line breaks in `value` are kept."""
        return Paragraph(markup(value or "", self.fonts.body), self.style(align, size))

    def label(self, value: str, *, size: float = BODY_SIZE) -> Paragraph:
        """The caption cell of a grid (姓名, 性别 …): centred, wraps when long."""
        return self.text(value, align="center", size=size)

    def one_line(self, value: str, *, align: str = "center", size: float = BODY_SIZE) -> OneLine:
        """A value that must stay on one line (ID number, phone, date)."""
        return OneLine(value or "", self.fonts.body, size, align=align)

    def title(self, text: str, subtitle: str = "", *, size: float = TITLE_SIZE) -> list[Flowable]:
        """The heavy title of a form, centred, with an optional line below it."""
        parts: list[Flowable] = [OneLine(text, self.fonts.title, size, heavy=True)]
        if subtitle:
            parts += [Spacer(1, 1 * mm), OneLine(subtitle, self.fonts.body, SUBTITLE_SIZE)]
        parts.append(Spacer(1, 4 * mm))
        return parts

    def line(self, left: str = "", right: str = "", *, size: float = BODY_SIZE) -> Table:
        """One line above or below a grid: text at the left and at the right (填表日期 …)."""
        return self.table(
            [[self.text(left, size=size), self.text(right, align="right", size=size)]],
            ["60%", "40%"],
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ],
        )

    def table(
        self, data: list[list[Any]], widths: Sequence[float | str], commands: list[tuple], **kw: Any
    ) -> Table:
        """A reportlab Table in the document's font: reportlab sets each cell's font even
        for flowables, and its default, Helvetica, would be named in the PDF unembedded."""
        style = [("FONT", (0, 0), (-1, -1), self.fonts.body_font, BODY_SIZE), *commands]
        return Table(data, colWidths=list(widths), style=TableStyle(style), **kw)

    # grids

    def grid(
        self,
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
        heights: Sequence[float | None] | None = None,
        repeat_rows: int = 0,
        split_in_row: bool = False,
        top_aligned: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
        header_rows: int = 0,
        open_top: bool = False,
    ) -> Table:
        """A ruled grid like the paper forms. Cells hold flowables (`text`, `label`,
        `one_line` …) or plain strings (wrapped for you). Spans are ((col, row), (col, row))
        corners as in reportlab; `heights` are minimum heights (None: as tall as needed).
        `split_in_row` lets a tall row (a long résumé) continue on the next page; reportlab
        does that only in a grid without spans. `open_top` continues the grid just above
        (its outer line is drawn once)."""
        data = [[self.text(c) if isinstance(c, str) else c for c in row] for row in rows]
        widths = fit_widths(data, widths, spans, self.fonts.body)
        outer = LINE * 1.6
        commands: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), LINE, colors.black),
            ("LINEBEFORE", (0, 0), (0, -1), outer, colors.black),
            ("LINEAFTER", (-1, 0), (-1, -1), outer, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), outer, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if not open_top:
            commands.append(("LINEABOVE", (0, 0), (-1, 0), outer, colors.black))
        commands += [("SPAN", a, b) for a, b in spans]
        commands += [("VALIGN", a, b, "TOP") for a, b in top_aligned]
        if header_rows:
            commands.append(
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#f0f0f0"))
            )
        return self.table(
            data,
            widths,
            commands,
            rowHeights=_min_heights(self, data, widths, spans, heights),
            repeatRows=repeat_rows,
            splitInRow=1 if split_in_row else 0,
        )

    # photo, signatures, sections

    def photo(self, data: bytes | None, width: float, height: float, *, who: str = "") -> PhotoBox:
        """The photo box; a damaged photo is left blank and noted for the clerk."""
        image = None
        if data:
            image = _read_image(data)
            if image is None:
                self.notes.append(
                    f"{who}的照片已损坏，无法打印，照片框留空。请在档案中重新设置照片。"
                )
        return PhotoBox(image, width, height, self.fonts.body)

    def signatures(self, items: Sequence[str], *, dated: bool = True) -> Table:
        """Signature and seal lines under a form: '代表本人签名：', '（盖章）' …, each with
        room to sign and, if `dated`, a blank date below. `Document.build` keeps them on
        the page of the content above them (never a page holding only the seal lines)."""
        cells = []
        for item in items:
            text = item + ("\n\n" + blank_date() if dated else "")
            cells.append(self.text(text, size=BODY_SIZE))
        # Each part gets room for its own line (a township's seal line is long).
        natural = [string_width(item, self.fonts.body, BODY_SIZE) + 6 * mm for item in items]
        mean = sum(natural) / len(natural)
        weights = [max(n, 0.6 * mean) for n in natural]
        table = self.table(
            [cells],
            [f"{100 * w / sum(weights):.4f}%" for w in weights],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ],
        )
        table.renda_signatures = True  # type: ignore[attr-defined]
        return table

    def section(self, label: str = "") -> SectionStart:
        return SectionStart(label)


# A cell text this short is a word or a caption (序号, 中共预备党员): it is never broken.
SHORT_TEXT = 8
# What a column holding long text keeps at least when it lends width to others.
MIN_TEXT_COLUMN = 4 * BODY_SIZE + 2 * CELL_PAD


def fit_widths(
    data: Sequence[Sequence[Any]],
    widths: Sequence[float],
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    chain: tuple[str, ...],
) -> list[float]:
    """Column widths computed from content: a column is widened until each of its short
    texts (a caption, a political status, up to SHORT_TEXT characters) fits on one line,
    so no word is cut with one character alone on the next line ("序/号"). The width is
    taken from the columns with room to spare; the grid keeps its total width."""
    widths = [float(w) for w in widths]
    if any(isinstance(w, str) for w in widths):
        return widths
    spanned: set[tuple[int, int]] = set()
    for (c0, r0), (c1, r1) in spans:
        if c0 != c1:
            spanned |= {(c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)}
    need = [0.0] * len(widths)
    floor = [0.0] * len(widths)
    for r, row in enumerate(data):
        for c, cell in enumerate(row[: len(widths)]):
            if (c, r) in spanned or not isinstance(cell, Paragraph):
                continue
            text = cell.getPlainText().strip()
            if not text or "<br/>" in cell.text:
                continue
            size = cell.style.fontSize
            natural = string_width(text, chain, size) + 2 * CELL_PAD + 1
            if len(text) <= SHORT_TEXT:
                need[c] = max(need[c], natural)
            else:
                floor[c] = max(floor[c], min(natural, MIN_TEXT_COLUMN))
    short = [max(0.0, need[c] - widths[c]) for c in range(len(widths))]
    missing = sum(short)
    if missing <= 0:
        return widths
    slack = [
        max(0.0, widths[c] - max(need[c], floor[c])) if short[c] == 0 else 0.0
        for c in range(len(widths))
    ]
    room = sum(slack)
    if room <= 0:
        return widths
    give = min(missing, room)
    return [
        widths[c] + short[c] * give / missing - slack[c] * give / room for c in range(len(widths))
    ]


def _min_heights(
    kit: Kit,
    data: list[list[Any]],
    widths: Sequence[float],
    spans: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    heights: Sequence[float | None] | None,
) -> list[float | None] | None:
    """reportlab's rowHeights are fixed, not minimums: give a row its minimum only when
    its content is shorter, else let it grow (None)."""
    if heights is None:
        return None
    spanned: dict[tuple[int, int], float] = {}
    for (c0, r0), (c1, r1) in spans:
        if r0 == r1:
            spanned[(c0, r0)] = sum(widths[c0 : c1 + 1])
    result: list[float | None] = []
    for r, row in enumerate(data):
        minimum = heights[r] if r < len(heights) else None
        if minimum is None:
            result.append(None)
            continue
        tallest = 0.0
        for c, cell in enumerate(row):
            if isinstance(cell, Flowable):
                width = spanned.get((c, r), widths[c]) - 2 * CELL_PAD
                tallest = max(tallest, cell.wrap(width, 10000)[1] + 6)
        result.append(minimum if tallest <= minimum else None)
    return result


def _read_image(data: bytes) -> Any | None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception:  # any decoder error means "damaged"
        return None
    return ImageReader(image.convert("RGB"))


# ---- the document ----------------------------------------------------------------------


BLANK_PAGE = "此页无正文"


def _numbered_canvas(
    fonts: FontSet, footer: str, numbers: str, odd_sections: bool = False
) -> type[Canvas]:
    """A canvas that keeps its pages until the end, so each page can say 第 x 页 共 n 页
    of its section (one form of a batch is a section). With `odd_sections`, a blank page
    (此页无正文) goes before a section that would start on a left-hand (even) page, so
    that each starts on a right-hand page when printed on both sides."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Else every page names Helvetica, a font that is not embedded.
            kwargs["initialFontName"] = fonts.body_font
            super().__init__(*args, **kwargs)
            self.renda_section = 0
            self._pages: list[tuple[dict, int]] = []

        def showPage(self) -> None:
            self._pages.append((dict(self.__dict__), self.renda_section))
            self._startPage()

        def save(self) -> None:
            counts: dict[int, int] = {}
            for _state, section in self._pages:
                counts[section] = counts.get(section, 0) + 1
            seen: dict[int, int] = {}
            emitted = 0
            previous: int | None = None
            for state, section in self._pages:
                if odd_sections and previous is not None and section != previous and emitted % 2:
                    self._blank_page()
                    emitted += 1
                previous = section
                emitted += 1
                self.__dict__.update(state)
                seen[section] = seen.get(section, 0) + 1
                self._footer(seen[section], counts[section])
                Canvas.showPage(self)
            self.renda_emitted = emitted
            Canvas.save(self)

        def _blank_page(self) -> None:
            width, height = self._pagesize
            self.setFillColor(colors.HexColor("#808080"))
            draw_runs(self, width / 2, height / 2, BLANK_PAGE, fonts.body, SMALL_SIZE,
                      align="center")  # fmt: skip
            Canvas.showPage(self)

        def _footer(self, page: int, total: int) -> None:
            width, _height = self._pagesize
            y = MARGIN / 2
            self.setFillColor(colors.black)
            if numbers == "always" or (numbers == "auto" and total > 1):
                draw_runs(
                    self, width / 2, y, f"第 {page} 页  共 {total} 页", fonts.body, SMALL_SIZE,
                    align="center",
                )  # fmt: skip
            if footer:
                draw_runs(self, width - MARGIN, y, footer, fonts.body, SMALL_SIZE, align="right")

    return NumberedCanvas


class _Template(BaseDocTemplate):
    def __init__(self, *args: Any, on_section: Callable[[SectionStart], None], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._on_section = on_section

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionStart):
            self._on_section(flowable)


class Document:
    """One PDF: A4 portrait or landscape, with page numbers per section.

        doc = Document(fonts, title="代表名册", orientation="landscape")
        result = doc.build(flowables)

    `numbers`: "auto" prints 第 x 页 共 n 页 when a section has more than one page,
    "always" or "never". `footer` is printed at the right of every page's foot.
    `odd_sections`: each section (a deputy's file of a batch) starts on a right-hand page
    when printed on both sides (a blank page 此页无正文 goes before it when needed)."""

    def __init__(
        self,
        fonts: FontSet,
        *,
        title: str,
        orientation: str = "portrait",
        numbers: str = "auto",
        footer: str = "",
        margin: float = MARGIN,
        odd_sections: bool = False,
    ) -> None:
        self.fonts = fonts
        self.odd_sections = odd_sections
        self.title = title
        self.pagesize = LANDSCAPE if orientation == "landscape" else PORTRAIT
        self.numbers = numbers
        self.footer = footer
        self.margin = margin

    @property
    def width(self) -> float:
        """The width a grid may use (page less margins), in points."""
        return self.pagesize[0] - 2 * self.margin

    @property
    def height(self) -> float:
        return self.pagesize[1] - 2 * self.margin

    def kit(self) -> Kit:
        """The kit to lay out this document with (it starts the list of characters no
        font has: they end up in the notes of `build`)."""
        reset_missing()
        return Kit(self.fonts)

    def build(
        self,
        flowables: list[Flowable],
        *,
        kit: Kit | None = None,
        progress: Progress = NO_PROGRESS,
        sections: int = 0,
    ) -> PdfResult:
        """Lay out and draw the document. With `sections` given, each SectionStart
        reports progress (and a cancel stops the build: nothing is returned)."""
        buffer = io.BytesIO()
        done = {"sections": 0}

        def on_section(section: SectionStart) -> None:
            if sections:
                progress.report(done["sections"], sections, section.label)
            done["sections"] += 1

        template = _Template(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin,
            bottomMargin=self.margin,
            title=self.title,
            author="乡镇人大工作台",
            creator="乡镇人大工作台",
            on_section=on_section,
        )
        frame = Frame(
            self.margin, self.margin, self.width, self.height, id="body",
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        try:
            template.build(
                keep_signatures_with_content(flowables, self.height),
                canvasmaker=_numbered_canvas(
                    self.fonts, self.footer, self.numbers, self.odd_sections
                ),
            )
        except RendaError:
            raise
        except Exception as exc:
            if type(exc).__name__ == "LayoutError":
                raise RendaError(
                    f"“{self.title}”有一格内容太长，一页放不下，请精简后再打印。"
                ) from exc
            raise
        if sections:
            progress.report(sections, sections, "")
        notes = list(self.fonts.notes) + (kit.notes if kit else [])
        missing = missing_characters()
        if missing:
            notes.append(missing_note(missing))
        pages = getattr(template.canv, "renda_emitted", template.page)
        return PdfResult(buffer.getvalue(), pages, tuple(dict.fromkeys(notes)))
