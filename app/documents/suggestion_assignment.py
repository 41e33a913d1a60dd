"""建议交办单: the presidium's form that assigns a suggestion to its lead and assisting
units, with the deadline and what the law asks of the unit; the unit signs for it.

One suggestion per page; after a 交办会 all of them in one PDF."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.core import dates
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.documents.base import Kit, PdfResult, date_text, presidium_name
from app.documents.batch import one_pdf
from app.documents.suggestion_common import (
    PARTICULAR_SPANS,
    ROW,
    Printed,
    document,
    gather,
    last_event,
    particulars,
    span_rows,
    widths,
)

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表建议交办单"


def requirements(p: Printed, return_days: int) -> str:
    s = p.suggestion
    months = "六" if s.is_complex else "三"
    return (
        f"请按照代表法的规定，认真研究办理，于交办之日起{months}个月内（{date_text(s.reply_due)}"
        f"前）将办理结果书面答复领衔代表和附议代表，并抄送{presidium_name(p.township)}。办理中应与代表当面"
        "沟通，听取意见。协办单位应在主办单位答复前提出协办意见。\n"
        f"如认为不属于本单位职责，请于交办之日起 {return_days} 个工作日内书面说明理由退回。"
    )


def flowables(kit: Kit, p: Printed, *, return_days: int = 7) -> list[Flowable]:
    s = p.suggestion
    label, text = kit.label, kit.text
    content = s.content + (f"\n建议办法：{s.proposal}" if s.proposal else "")
    assign = last_event(p, "reassign") or last_event(p, "assign")
    rows = [
        *particulars(kit, p),
        [label("收到日期"), kit.one_line(dates.format_date(s.received_date)), label("来源"),
         text(s.source_label, align="center")],
        [label("建议内容"), text(content), "", ""],
        [label("交办日期"), kit.one_line(date_text(s.assigned_date)), label("答复期限"),
         kit.one_line(date_text(s.reply_due) + ("（复杂建议）" if s.is_complex else ""))],
        [label("办理要求"), text(requirements(p, return_days)), "", ""],
        [label("主席团\n意见"), text(assign.note if assign and assign.note else ""), "", ""],
    ]  # fmt: skip
    heights = [ROW] * 4 + [ROW, 70 * mm, ROW, 24 * mm, 18 * mm]
    grid = kit.grid(
        rows,
        widths(),
        spans=PARTICULAR_SPANS + span_rows([5, 7, 8]),
        heights=heights,
        top_aligned=[((1, 5), (3, 5))],
    )
    return [
        *kit.title(TITLE, presidium_name(p.township)),
        kit.line(f"编号：{s.number}", f"打印日期：{dates.format_date(p.printed_on)}"),
        grid,
        Spacer(1, 3 * mm),
        kit.signatures([f"{presidium_name(p.township)}（盖章）", "承办单位签收人："]),
    ]


def assignment_pdf(
    office: Office, suggestion_ids: Sequence[int], *, progress: Progress = NO_PROGRESS
) -> PdfResult:
    """The assignment forms of these suggestions, each on its own page."""
    forms = gather(office, suggestion_ids)
    unassigned = [p.suggestion.number for p in forms if not p.suggestion.lead_unit_id]
    if unassigned:
        raise RendaError(
            "以下建议还没有交办（或已被退回、尚未重新交办），不能打印交办单："
            + "、".join(unassigned)
        )
    days = int(office.settings.get("suggestion_return_workdays"))
    title = TITLE if len(forms) > 1 else f"{TITLE}（{forms[0].suggestion.number}）"
    return one_pdf(
        document(office, title),
        forms,
        lambda kit, p: flowables(kit, p, return_days=days),
        lambda p: p.suggestion.number,
        progress=progress,
    )
