"""The county's evaluation on paper and in Excel: in a county database the results of every
township (名次, 各项得分, 总分, 等次, 流动红旗) followed by each township's detail (the
figure each score read, the value earning full marks); in a township's database its
self-assessment form (自评表) with the presidium's seal line, to send with the package.

Both are built from `county_scores`, so a printed or exported figure is the one on screen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.documents.base import BODY_SIZE, SMALL_SIZE, Document, Kit, PdfResult, presidium_name
from app.documents.fonts import office_font_set
from app.reports.rubric import Rubric, Scores, TownshipScore, county_scores, known_figures

if TYPE_CHECKING:
    from app.office import Office


@dataclass(frozen=True)
class Evaluation:
    """What the form prints: the scores and the names around them."""

    scores: Scores
    title: str
    place: str  # the county (results) or the township (self-assessment)
    figures: dict[str, tuple[str, str]]  # figure key -> (label, kind)
    printed_on: str


def gather(
    office: Office,
    year: int | None = None,
    rubric: Rubric | None = None,
    manual: dict[str, dict[str, float]] | None = None,
) -> Evaluation:
    """The scores of the year with the office's rubric and hand scores (unless given)."""
    scores = county_scores(office, rubric, manual, year=year)
    if not scores.rows:
        raise RendaError("数据库中还没有乡镇：县级汇总数据库请先导入各乡镇的报送包")
    if scores.self_assessment:
        place = scores.rows[0].name
        title = f"{place}{scores.year}年度{scores.rubric.title}自评表"
    else:
        place = str(office.settings.get("county_name") or "")
        title = f"{place}{scores.year}年度{scores.rubric.title}结果"
    return Evaluation(scores, title, place, known_figures(), dates.today().isoformat())


def _points(value: float) -> str:
    return f"{value:g}"


def _summary(kit: Kit, data: Evaluation, width: float) -> list[Flowable]:
    """One line per township: rank, the score of every item, total, 等次, red flag."""
    size = SMALL_SIZE
    items = data.scores.rubric.items
    fixed = [("名次", 11 * mm), ("乡镇", 24 * mm)]
    tail = [("总分", 13 * mm), ("等次", 13 * mm), ("流动红旗", 13 * mm)]
    room = width - sum(w for _h, w in fixed + tail)
    item_width = room / len(items)
    header = [kit.label(h, size=size) for h, _w in fixed]
    header += [kit.label(f"{i.label}\n（{_points(i.points)}分）", size=size) for i in items]
    header += [kit.label(h, size=size) for h, _w in tail]
    body = []
    for row in data.scores.rows:
        line: list[object] = [
            kit.one_line(str(row.rank), size=size),
            kit.text(row.name, align="center", size=size),
        ]
        line += [kit.one_line(_points(i.score), size=size) for i in row.items]
        line += [
            kit.one_line(_points(row.total), size=size),
            kit.one_line(row.grade, size=size),
            kit.one_line("★" if row.red_flag else "", size=size),
        ]
        body.append(line)
    widths = [w for _h, w in fixed] + [item_width] * len(items) + [w for _h, w in tail]
    holders = "、".join(data.scores.red_flag_holders) or "无"
    return [
        kit.line(f"考评年度：{data.scores.year}年", f"流动红旗：{holders}"),
        kit.grid([header, *body], widths, repeat_rows=1, header_rows=1),
    ]


def _detail(
    kit: Kit, data: Evaluation, row: TownshipScore, width: float, size: float = BODY_SIZE
) -> list[Flowable]:
    """One township's items: what each read, the value earning full marks, the score."""
    columns = [
        ("序号", 11 * mm),
        ("考评项目", 0.0),
        ("考评依据（读取的数据）", 48 * mm),
        ("数值", 18 * mm),
        ("满分标准", 18 * mm),
        ("分值", 14 * mm),
        ("得分", 16 * mm),
    ]
    fixed = sum(w for _h, w in columns)
    widths = [w or (width - fixed) for _h, w in columns]
    header = [kit.label(h, size=size) for h, _w in columns]
    body = []
    for n, item in enumerate(row.items, 1):
        if item.figure:
            label, kind = data.figures.get(item.figure, (item.figure, "count"))
            value = f"{item.value:.1f}" if kind == "percent" else f"{item.value:g}"
            target = _points(item.target)
        else:
            label = "县人大常委会评分" if not data.scores.self_assessment else "手工评分（自评）"
            value = target = "—"
        body.append(
            [
                kit.one_line(str(n), size=size),
                kit.text(item.label, size=size),
                kit.text(label, align="center", size=size),
                kit.one_line(value, size=size),
                kit.one_line(target, size=size),
                kit.one_line(_points(item.points), size=size),
                kit.one_line(_points(item.score), size=size),
            ]
        )
    total = [
        kit.label("合计", size=size),
        "",
        "",
        "",
        "",
        kit.one_line(_points(data.scores.rubric.total), size=size),
        kit.one_line(_points(row.total), size=size),
    ]
    flag = "（流动红旗）" if row.red_flag else ""
    grade = [kit.label("等次", size=size), kit.text(row.grade + flag, size=size)]
    grade += [""] * (len(columns) - 2)
    last = len(body) + 1
    spans = [((0, last), (4, last)), ((1, last + 1), (-1, last + 1))]
    return [kit.grid([header, *body, total, grade], widths, spans=spans, header_rows=1)]


def evaluation_pdf(
    office: Office,
    year: int | None = None,
    *,
    rubric: Rubric | None = None,
    manual: dict[str, dict[str, float]] | None = None,
    progress: Progress = NO_PROGRESS,
) -> PdfResult:
    """The county's results (landscape, then each township's detail) or a township's
    self-assessment (portrait, with the presidium's seal line)."""
    progress.report(0, 2, "正在计算考评得分")
    data = gather(office, year, rubric, manual)
    scores = data.scores
    fonts = office_font_set(office.settings.get("print_fonts"))
    note = (
        f"说明：各项得分＝分值×（数值÷满分标准），不超过分值；数据按{scores.year}年度的记录统计"
        f"（在任代表等按打印时的情况），手工评分项由县人大常委会评定。"
        f"等次：{'、'.join(f'{g} {low:g} 分以上' for low, g in scores.rubric.grades[:-1])}，"
        f"其余为{scores.rubric.grades[-1][1]}。"
    )
    progress.report(1, 2, "正在排版")
    if scores.self_assessment:
        doc = Document(fonts, title=data.title, numbers="auto")
        kit = doc.kit()
        (row,) = scores.rows
        filled = f"填表日期：{dates.format_date(data.printed_on)}"
        story: list[Flowable] = [
            *kit.title(data.title),
            kit.line(f"考评年度：{scores.year}年", filled),
            *_detail(kit, data, row, doc.width),
            Spacer(1, 1.5 * mm),
            kit.text(note, size=SMALL_SIZE),
            kit.signatures(["填表人：", f"{presidium_name(row.name)}（盖章）"]),
        ]
        return doc.build(story, kit=kit)
    doc = Document(fonts, title=data.title, orientation="landscape", numbers="auto")
    kit = doc.kit()
    story = [*kit.title(data.title), *_summary(kit, data, doc.width)]
    story.append(kit.text(note, size=SMALL_SIZE))
    story.append(kit.line("", f"打印日期：{dates.format_date(data.printed_on)}"))
    count = len(scores.rows)
    for row in scores.rows:  # each township's detail on a page of its own, to hand it back
        flag = "，获流动红旗" if row.red_flag else ""
        story += [
            PageBreak(),
            *kit.title(f"{row.name}{scores.year}年度人大工作绩效考评得分明细", size=14),
            kit.line(
                f"名次：第 {row.rank} 名（共 {count} 个乡镇）",
                f"总分：{_points(row.total)} 分　等次：{row.grade}{flag}",
            ),
            *_detail(kit, data, row, doc.width),
        ]
    return doc.build(story, kit=kit)


def export_evaluation(
    office: Office,
    path: Path | str,
    year: int | None = None,
    *,
    rubric: Rubric | None = None,
    manual: dict[str, dict[str, float]] | None = None,
    progress: Progress = NO_PROGRESS,
) -> Path:
    """The results as an .xlsx: a sheet of totals (one line per township, the score of
    every item) and a sheet of details (each item's figure, value, full-marks value and
    score), both the numbers themselves."""
    from app.exchange.table_export import ExportColumn, Sheet, export_sheets

    data = gather(office, year, rubric, manual)
    scores = data.scores
    items = scores.rubric.items
    columns = [ExportColumn("名次", "number"), ExportColumn("乡镇")]
    columns += [ExportColumn(f"{i.label}（{_points(i.points)}分）", "number") for i in items]
    columns += [ExportColumn("总分", "number"), ExportColumn("等次")]
    if not scores.self_assessment:
        columns.append(ExportColumn("流动红旗"))
    rows = []
    for r in scores.rows:
        line: list[object] = [r.rank, r.name, *[i.score for i in r.items], r.total, r.grade]
        if not scores.self_assessment:
            line.append("是" if r.red_flag else "")
        rows.append(line)
    detail_columns = [
        ExportColumn("乡镇"),
        ExportColumn("考评项目"),
        ExportColumn("考评依据"),
        ExportColumn("数值", "number"),
        ExportColumn("满分标准", "number"),
        ExportColumn("分值", "number"),
        ExportColumn("得分", "number"),
    ]
    details = [
        [
            r.name,
            i.label,
            data.figures[i.figure][0] if i.figure else "手工评分",
            i.value,
            i.target if i.figure else None,
            i.points,
            i.score,
        ]
        for r in scores.rows
        for i in r.items
    ]
    note = f"考评年度：{scores.year}年　打印日期：{dates.format_date(data.printed_on)}"
    if not scores.self_assessment:
        note += "　流动红旗：" + ("、".join(scores.red_flag_holders) or "无")
    sheets = [
        Sheet(data.title, columns, rows, sheet_name="考评结果", note=note, total=len(rows)),
        Sheet(
            f"{data.title}（得分明细）",
            detail_columns,
            details,
            sheet_name="得分明细",
            total=len(details),
        ),
    ]
    return export_sheets(Path(path), sheets, progress=progress)
