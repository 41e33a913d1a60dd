"""年度工作要点: the year's work plan as the presidium adopts it, A4 portrait: the items
month by month (时间、类型、工作内容、牵头负责), and, once the year is under way, what
became of each (完成情况) with the tally of done and not done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import SMALL_SIZE, Document, PdfResult
from app.documents.fonts import office_font_set
from app.plans.plans import PlanItem, PlanSummary, WorkPlan

if TYPE_CHECKING:
    from app.office import Office

# (heading, width in mm); 170 mm is the portrait page less its margins.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 10),
    ("时间", 18),
    ("类型", 22),
    ("工作内容", 62),
    ("牵头负责", 26),
    ("完成情况", 32),
)


@dataclass(frozen=True)
class PlanDocument:
    plan: WorkPlan
    items: tuple[PlanItem, ...]
    summary: PlanSummary
    printed_on: str
    with_outcome: bool


def gather(office: Office, year: int, *, with_outcome: bool = True) -> PlanDocument:
    plan = office.plans.for_year(year)
    if plan is None:
        raise RendaError(f"{year}年还没有工作要点，请先在“年度工作”页添加事项")
    items = tuple(office.plans.items(plan.id))
    if not items:
        raise RendaError(f"{plan.title}还没有事项，请先添加")
    return PlanDocument(
        plan, items, office.plans.summary(year), dates.today().isoformat(), with_outcome
    )


def _day(iso: str) -> str:
    return dates.format_date(iso)[5:]  # the year is the plan's


def outcome(item: PlanItem) -> str:
    if item.meeting_id or item.activity_id:
        return f"{item.status_label}（{_day(item.record_date)}）"
    if item.done_date:
        return f"已完成（{_day(item.done_date)}）" + (
            f"，{item.done_note}" if item.done_note else ""
        )
    return item.status_label


def work_plan_pdf(office: Office, year: int, *, with_outcome: bool = True) -> PdfResult:
    """The plan of `year` (with each item's outcome unless `with_outcome` is False: the
    draft handed to the presidium meeting)."""
    data = gather(office, year, with_outcome=with_outcome)
    plan = data.plan
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=plan.title,
        orientation="portrait",
        numbers="auto",
        footer=f"打印日期：{dates.format_date(data.printed_on)}",
    )
    kit = doc.kit()
    size = SMALL_SIZE
    columns = COLUMNS if with_outcome else (*COLUMNS[:3], ("工作内容", 94), COLUMNS[4])

    def cell(value: str) -> object:
        return kit.text(value, align="center", size=size)

    header = [kit.label(name, size=size) for name, _w in columns]
    body = []
    for i, item in enumerate(data.items, 1):
        row = [
            cell(str(i)),
            cell(item.when_label),
            cell(item.kind_label),
            kit.text(item.subject + (f"（{item.note}）" if item.note else ""), size=size),
            cell(item.lead),
        ]
        if with_outcome:
            row.append(kit.text(outcome(item), size=size))
        body.append(row)
    grid = kit.grid(
        [header, *body],
        [w * mm for _name, w in columns],
        heights=[8 * mm] + [7 * mm] * len(body),
        repeat_rows=1,
        header_rows=1,
    )
    if plan.adopted_meeting_id:
        subtitle = f"（{plan.adopted_label}）"
    else:
        subtitle = "（草案）" if not with_outcome else f"（{plan.adopted_label}）"
    story = [*kit.title(plan.title, subtitle)]
    tally = data.summary.text if with_outcome else f"共 {len(data.items)} 项"
    story.append(kit.text(tally))
    if plan.note:
        story.append(kit.text(plan.note))
    story.append(grid)
    story.append(kit.signatures([f"{office.township.name if office.township else ''}人大主席团"]))
    return doc.build(story, kit=kit)
