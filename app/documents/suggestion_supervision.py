"""督办单: the presidium urges a unit on a suggestion: why (overdue, key item, deputies
unsatisfied), how, by when, and the progress so far; the unit signs for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.documents.base import Kit, PdfResult, date_text, presidium_name
from app.documents.suggestion_common import (
    PARTICULAR_SPANS,
    ROW,
    Printed,
    document,
    gather,
    particulars,
    span_rows,
    widths,
)
from app.suggestions.records import Event
from app.suggestions.rules import SUPERVISION_REASONS

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表建议督办单"


def supervisions(p: Printed) -> list[Event]:
    return [e for e in p.events if e.action == "supervise"]


def flowables(kit: Kit, p: Printed, event: Event, index: int) -> list[Flowable]:
    s = p.suggestion
    label, text, one = kit.label, kit.text, kit.one_line
    d = event.details
    deadline = d.get("new_deadline") or s.deadline
    demand = (
        f"请承办单位高度重视，加快办理进度，于{date_text(deadline)}前将办理结果书面答复代表，"
        f"并将办理情况报{presidium_name(p.township)}。"
    )
    rows = [
        *particulars(kit, p),
        [label("交办日期"), one(date_text(s.assigned_date)), label("原答复期限"),
         one(date_text(s.reply_due))],
        [label("督办原因"), text(SUPERVISION_REASONS.get(d.get("reason", ""), ""), align="center"),
         label("督办方式"), text(d.get("method", ""), align="center")],
        [label("督办日期"), one(dates.format_date(event.date)), label("限期答复"),
         one(date_text(deadline))],
        [label("督办要求"), text(demand), "", ""],
        [label("办理进展"), text(event.note), "", ""],
        [label("承办单位\n反馈"), text(""), "", ""],
    ]  # fmt: skip
    grid = kit.grid(
        rows,
        widths(),
        spans=PARTICULAR_SPANS + span_rows([7, 8, 9]),
        heights=[ROW] * 7 + [20 * mm, 40 * mm, 50 * mm],
        top_aligned=[((1, 8), (3, 9))],
    )
    return [
        *kit.title(TITLE, presidium_name(p.township)),
        kit.line(f"建议编号：{s.number}　第 {index} 次督办", f"经办人：{event.operator}"),
        grid,
        Spacer(1, 3 * mm),
        kit.signatures([f"{presidium_name(p.township)}（盖章）", "承办单位负责人签收："]),
    ]


def supervision_pdf(office: Office, suggestion_id: int, *, which: int = 0) -> PdfResult:
    """The supervision form of one supervision of this suggestion: the latest (which=0)
    or the which-th (1 = the first)."""
    p = gather(office, [suggestion_id])[0]
    events = supervisions(p)
    if not events:
        raise RendaError(f"{p.suggestion.number}还没有督办记录，请先在“督办”中登记")
    if not 0 <= which <= len(events):
        raise RendaError(f"{p.suggestion.number}只督办过 {len(events)} 次")
    index = which or len(events)
    doc = document(office, f"{TITLE}（{p.suggestion.number}）")
    kit = doc.kit()
    return doc.build(flowables(kit, p, events[index - 1], index), kit=kit)
