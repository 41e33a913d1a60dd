"""代表建议办理情况统计表: the year's figures per lead unit (per township for the county)
and in total, as the presidium reports them to the session; A4 landscape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import SMALL_SIZE, Document, PdfResult
from app.documents.fonts import office_font_set
from app.suggestions.stats import Rates, YearlyRates, percent, yearly_rates

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表建议办理情况统计表"
# The first column takes what the figures leave of the 261 mm landscape width.
FIGURE_WIDTH = 11.8


def headers(report: YearlyRates) -> list[str]:
    return [
        report.group_title, "收到", "交办", "退回", "已答复", "按期\n答复",
        "按期\n答复率", "逾期\n未答复", *[f"{c}类" for c, _ in report.classes],
        *[f"{c}类\n占比" for c, _ in report.classes], "过程\n满意率", "结果\n满意率",
        "办成率", "已办结",
    ]  # fmt: skip


def cells(r: Rates, codes: list[str]) -> list[str]:
    counts = dict(r.classes)
    return [
        r.label, str(r.received), str(r.assigned), str(r.returned), str(r.replied),
        str(r.on_time), percent(r.on_time_share), str(r.overdue),
        *[str(counts.get(c, 0)) for c in codes], *[percent(r.class_share(c)) for c in codes],
        percent(r.process_satisfaction), percent(r.result_satisfaction),
        percent(r.solved_share), str(r.closed),
    ]  # fmt: skip


def statistics_pdf(office: Office, year: int) -> PdfResult:
    report = yearly_rates(office, year)
    if report.total.received == 0:
        raise RendaError(f"{year}年没有登记建议，没有可统计的内容")
    place = (
        office.township.name
        if office.mode == "township" and office.township
        else (office.settings.get("county_name"))
    )
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=f"{year}年{TITLE}",
        orientation="landscape",
        numbers="always",
        footer=f"打印日期：{dates.format_date(dates.today().isoformat())}",
    )
    kit = doc.kit()
    codes = [c for c, _ in report.classes]
    names = headers(report)
    first = doc.width - FIGURE_WIDTH * mm * (len(names) - 1)
    size = SMALL_SIZE

    def row(values: list[str]) -> list:
        return [kit.text(values[0], size=size)] + [kit.one_line(v, size=size) for v in values[1:]]

    body = [row(cells(g, codes)) for g in report.groups] + [row(cells(report.total, codes))]
    grid = kit.grid(
        [[kit.label(h, size=size) for h in names], *body],
        [first] + [FIGURE_WIDTH * mm] * (len(names) - 1),
        heights=[12 * mm] + [7 * mm] * len(body),
        repeat_rows=1,
        header_rows=1,
    )
    t = report.total
    summary = (
        f"{year}年共收到代表建议 {t.received} 件（不予受理 {t.refused} 件，"
        f"撤回 {t.withdrawn} 件），"
        f"交办 {t.assigned} 件，已答复 {t.replied} 件，其中按期答复 {t.on_time} 件，按期答复率"
        f" {percent(t.on_time_share)}；"
        + "，".join(
            f"{c}类（{label}）{dict(t.classes).get(c, 0)} 件" for c, label in report.classes
        )
        + f"。代表对办理过程的满意率 {percent(t.process_satisfaction)}，对办理结果的满意率"
        f" {percent(t.result_satisfaction)}；办成率 {percent(t.solved_share)}。"
    )
    note = (
        "说明：按期答复率 = 按期答复件数 ÷（已答复件数 + 逾期未答复件数）；满意率按每位领衔、"
        "附议代表最近一次征询意见计算，满意与基本满意计为满意；办成率 = "
        f"{report.classes[0][0]}类（{report.classes[0][1]}）件数 ÷ 已答复件数，与满意率分开统计。"
    )
    story = [
        *kit.title(f"{place}{year}年{TITLE}"),
        kit.text(summary),
        Spacer(1, 3 * mm),
        grid,
        Spacer(1, 2 * mm),
        kit.text(note, size=size),
        Spacer(1, 2 * mm),
        kit.signatures(["填报单位（盖章）：", "填报人："]),
    ]
    return doc.build(story, kit=kit)
