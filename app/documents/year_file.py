"""年度履职档案: one deputy's duty file of a year (一人一档), A4 portrait: a cover, the
contents, the eight parts of DOMAIN.md §2 and the duty score with the line of every point.

The same file for every deputy of the township goes into one PDF (each deputy a numbered
section) or one file each, in the background with progress and cancel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.documents.base import SMALL_SIZE, SUBTITLE_SIZE, Document, Kit, OneLine, PdfResult
from app.documents.batch import FolderResult, one_file_each, one_pdf
from app.documents.fonts import office_font_set
from app.duties.scoring import QUARTERS, format_points
from app.duties.year_file import YearFile, year_file

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表履职档案"
PHOTO = (25 * mm, 35 * mm)


@dataclass(frozen=True)
class PrintedFile:
    file: YearFile
    photo: bytes | None
    printed_on: str
    presidium: str  # who keeps the file: 清溪镇人民代表大会主席团

    @property
    def title(self) -> str:
        return f"{self.file.year}年度{TITLE}"


def gather(office: Office, deputy_ids: Sequence[int], year: int) -> list[PrintedFile]:
    today = dates.today().isoformat()
    result = []
    for deputy_id in deputy_ids:
        file = year_file(office, deputy_id, year)
        photo = office.deputies.photo(deputy_id) if file.deputy.has_photo else None
        result.append(PrintedFile(file, photo, today, f"{file.township_name}人民代表大会主席团"))
    return result


def _heading(kit: Kit, text: str) -> list[Flowable]:
    return [
        CondPageBreak(30 * mm),  # a heading is never left alone at a page's foot
        Spacer(1, 3 * mm),
        OneLine(text, kit.fonts.title, SUBTITLE_SIZE + 1, align="left", heavy=True),
        Spacer(1, 1.5 * mm),
    ]


def _cover(kit: Kit, p: PrintedFile, width: float) -> list[Flowable]:
    f = p.file
    d = f.deputy
    basic = dict(f.basic)
    rows = [
        [kit.label("姓　　名"), kit.text(d.name, align="center")],
        [
            kit.label("届　　次"),
            kit.text(f"{f.township_name}{f.term_name}人大代表", align="center"),
        ],
        [kit.label("代表小组"), kit.text(basic.get("代表小组", ""), align="center")],
        [kit.label("选　　区"), kit.text(basic.get("选区", ""), align="center")],
        [kit.label("工作单位"), kit.text(d.unit, align="center")],
        [kit.label("档案年度"), kit.text(f"{f.year}年", align="center")],
    ]
    grid = kit.grid(rows, [30 * mm, 80 * mm], heights=[12 * mm] * len(rows))
    grid.hAlign = "CENTER"
    return [
        Spacer(1, 40 * mm),
        *kit.title(f"{f.township_name}人民代表大会代表", size=22),
        *kit.title(p.title, size=26),
        Spacer(1, 30 * mm),
        grid,
        Spacer(1, 60 * mm),
        OneLine(p.presidium, kit.fonts.body, SUBTITLE_SIZE + 2),
        Spacer(1, 3 * mm),
        OneLine(f"{dates.format_date(p.printed_on)}", kit.fonts.body, SUBTITLE_SIZE),
        PageBreak(),
    ]


def _contents(kit: Kit, p: PrintedFile, width: float) -> list[Flowable]:
    rows = [[kit.label("序号"), kit.label("内　　容"), kit.label("本年度记录")]]
    for part in p.file.parts:
        count = "—" if part.number == 1 else f"{len(part.entries)} 条"
        rows.append(
            [kit.label("①②③④⑤⑥⑦⑧"[part.number - 1]), kit.text(part.title), kit.label(count)]
        )
    score = p.file.score
    rows.append(
        [
            kit.label("附"),
            kit.text("履职积分及积分明细"),
            kit.label(f"{format_points(score.total)} 分" if score else "—"),
        ]
    )
    return [
        *kit.title("目　　录"),
        kit.grid(rows, [20 * mm, width - 60 * mm, 40 * mm], heights=[10 * mm] * len(rows)),
        PageBreak(),
    ]


def _basic(kit: Kit, p: PrintedFile, width: float) -> list[Flowable]:
    f = p.file
    pairs = [(k, v) for k, v in f.basic if k != "姓名"]
    label_w, photo_w = 24 * mm, PHOTO[0] + 6
    value_w = (width - 2 * label_w - photo_w) / 2
    rows = [
        [
            kit.label("姓名"),
            kit.text(f.deputy.name, align="center"),
            kit.label(pairs[0][0]),
            kit.text(pairs[0][1], align="center"),
            kit.photo(p.photo, *PHOTO, who=f.deputy.name),
        ]
    ]
    rest = pairs[1:]
    for i in range(0, len(rest), 2):
        left = rest[i]
        right = rest[i + 1] if i + 1 < len(rest) else ("", "")
        rows.append(
            [
                kit.label(left[0]),
                kit.text(left[1], align="center"),
                kit.label(right[0]),
                kit.text(right[1], align="center"),
                "",
            ]
        )
    # The photo spans the first rows; the rows below it span to the right edge.
    spans = [((4, 0), (4, 3))]
    spans += [((3, r), (4, r)) for r in range(4, len(rows))]
    grid = kit.grid(
        rows, [label_w, value_w, label_w, value_w, photo_w], spans=spans,
        heights=[9 * mm] * len(rows),
    )  # fmt: skip
    resume = "\n".join(e.line() for e in f.resume) or "（未填写）"
    bottom = kit.grid(
        [[kit.label("简\n\n历"), kit.text(resume)]],
        [label_w, width - label_w],
        heights=[30 * mm],
        split_in_row=True,
        top_aligned=[((0, 0), (1, -1))],
        open_top=True,
    )
    story = [grid, bottom]
    changes = f.part(1).entries
    if changes:
        story += [Spacer(1, 2 * mm), kit.text("本年度代表状态变动：" + "；".join(
            f"{e.date_label}{e.text}" for e in changes))]  # fmt: skip
    return story


def _entries(kit: Kit, p: PrintedFile, number: int, width: float) -> list[Flowable]:
    part = p.file.part(number)
    rows = [[kit.label("序号"), kit.label("日期"), kit.label("内容"), kit.label("说明")]]
    for i, e in enumerate(part.entries, 1):
        rows.append(
            [
                kit.label(str(i)),
                kit.one_line(e.date_label, size=SMALL_SIZE),
                kit.text(e.text),
                kit.text(e.detail, size=SMALL_SIZE),
            ]
        )
    if not part.entries:
        rows.append([kit.label(""), kit.label(""), kit.text("本年度无记录"), kit.label("")])
    widths = [12 * mm, 30 * mm, width * 0.5, width * 0.5 - 42 * mm]
    return [
        kit.text(part.summary, size=SMALL_SIZE),
        Spacer(1, 1 * mm),
        kit.grid(rows, widths, heights=[7.5 * mm] * len(rows), repeat_rows=1, header_rows=1),
    ]


def _score(kit: Kit, p: PrintedFile, width: float) -> list[Flowable]:
    score = p.file.score
    if score is None:
        return [kit.text(p.file.score_note)]
    cells = ["基础分", *QUARTERS, "加分", "扣分", "总分", "等次", "名次"]
    values = [
        format_points(score.base),
        *(format_points(q) for q in score.quarters),
        format_points(score.added),
        format_points(score.deducted),
        format_points(score.total),
        score.grade,
        str(score.rank),
    ]
    summary = kit.grid(
        [[kit.label(c, size=SMALL_SIZE) for c in cells], [kit.label(v) for v in values]],
        [width / len(cells)] * len(cells),
        heights=[8 * mm, 8 * mm],
        header_rows=1,
    )
    rows = [[kit.label("日期"), kit.label("积分项目"), kit.label("计分"), kit.label("来源")]]
    for line in score.lines:
        source = line.event.text + (f"（{line.note}）" if line.note else "")
        rows.append(
            [
                kit.one_line(dates.format_date(line.event.date), size=SMALL_SIZE),
                kit.text(line.rule_label, size=SMALL_SIZE),
                kit.label(format_points(line.points)),
                kit.text(source, size=SMALL_SIZE),
            ]
        )
    story: list[Flowable] = [summary, Spacer(1, 2 * mm)]
    if score.lines:
        widths = [30 * mm, 48 * mm, 14 * mm, width - 92 * mm]
        story.append(kit.grid(rows, widths, repeat_rows=1, header_rows=1))
    return story


def flowables(kit: Kit, p: PrintedFile, width: float) -> list[Flowable]:
    story = [*_cover(kit, p, width), *_contents(kit, p, width)]
    for part in p.file.parts:
        story += _heading(kit, part.heading)
        story += _basic(kit, p, width) if part.number == 1 else _entries(kit, p, part.number, width)
    story += _heading(kit, "附 履职积分")
    story += _score(kit, p, width)
    story += [
        Spacer(1, 4 * mm),
        kit.signatures(["代表本人签名：", "审核人：", f"{p.presidium}（盖章）"]),
    ]
    return story


def _document(office: Office, title: str) -> Document:
    return Document(office_font_set(office.settings.get("print_fonts")), title=title)


def year_file_pdf(
    office: Office, deputy_ids: Sequence[int], year: int, *, progress: Progress = NO_PROGRESS
) -> PdfResult:
    """The yearly files of these deputies in one PDF, each a section of its own."""
    if not deputy_ids:
        raise RendaError("请先选择要打印履职档案的代表")
    files = gather(office, deputy_ids, year)
    title = f"{year}年度{TITLE}" + (f"（{files[0].file.deputy.name}）" if len(files) == 1 else "")
    # Printed on both sides and bound, each deputy's file starts on a right-hand page.
    doc = Document(
        office_font_set(office.settings.get("print_fonts")), title=title, odd_sections=True
    )
    return one_pdf(
        doc,
        files,
        lambda kit, p: flowables(kit, p, doc.width),
        lambda p: p.file.deputy.name,
        progress=progress,
    )


def file_name(p: PrintedFile) -> str:
    return f"{p.title}_{p.file.deputy.name}"


def year_file_files(
    office: Office,
    deputy_ids: Sequence[int],
    year: int,
    folder: Path,
    *,
    progress: Progress = NO_PROGRESS,
) -> FolderResult:
    """One PDF per deputy in `folder`, named 2026年度代表履职档案_姓名.pdf."""
    if not deputy_ids:
        raise RendaError("请先选择要打印履职档案的代表")
    files = gather(office, deputy_ids, year)
    doc = _document(office, f"{year}年度{TITLE}")

    def build(p: PrintedFile) -> PdfResult:
        kit = doc.kit()
        return doc.build([kit.section(p.file.deputy.name), *flowables(kit, p, doc.width)], kit=kit)

    return one_file_each(folder, files, build, file_name, progress=progress)


def scored_deputies(office: Office, year: int) -> list[int]:
    """The deputies whose yearly file is printed: the township deputies in office at some
    time of the year (those whose status ended in it keep their file), in stroke order."""
    return [deputy_id for deputy_id, _name, _group in office.scores.deputies_in_year(year)]
