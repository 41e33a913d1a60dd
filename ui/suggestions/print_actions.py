"""Printing the suggestion forms: 交办单, 督办单, 征询意见表 from a suggestion's detail (and
the 交办单 of a whole 交办会), the yearly statistics from 办理统计. Each builds in the
background, then opens the preview (print, save as PDF)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QPushButton, QWidget

from app.suggestions.records import Suggestion
from ui.context import AppContext
from ui.printing.actions import preview_pdf
from ui.tasks import TaskHandle

ASSIGNMENT = "代表建议交办单"
SUPERVISION = "代表建议督办单"
FEEDBACK = "办理情况征询意见表"
STATISTICS = "代表建议办理情况统计表"


def print_assignment(
    parent: QWidget, context: AppContext, ids: Sequence[int], name: str
) -> TaskHandle:
    from app.documents.suggestion_assignment import assignment_pdf

    chosen = list(ids)
    return preview_pdf(
        parent,
        context,
        lambda ctx: assignment_pdf(ctx.office, chosen, progress=ctx.progress),
        title=ASSIGNMENT,
        file_name=f"{ASSIGNMENT}_{name}",
    )


def print_supervision(parent: QWidget, context: AppContext, s: Suggestion) -> TaskHandle:
    from app.documents.suggestion_supervision import supervision_pdf

    return preview_pdf(
        parent,
        context,
        lambda ctx: supervision_pdf(ctx.office, s.id),
        title=SUPERVISION,
        file_name=f"{SUPERVISION}_{s.number}",
    )


def print_feedback(parent: QWidget, context: AppContext, s: Suggestion) -> TaskHandle:
    from app.documents.suggestion_feedback import feedback_pdf

    return preview_pdf(
        parent,
        context,
        lambda ctx: feedback_pdf(ctx.office, [s.id]),
        title=FEEDBACK,
        file_name=f"{FEEDBACK}_{s.number}",
    )


def print_statistics(parent: QWidget, context: AppContext, year: int) -> TaskHandle:
    from app.documents.suggestion_statistics import statistics_pdf

    return preview_pdf(
        parent,
        context,
        lambda ctx: statistics_pdf(ctx.office, year),
        title=STATISTICS,
        file_name=f"{year}年{STATISTICS}",
    )


def print_buttons(parent: QWidget, context: AppContext, s: Suggestion) -> list[QPushButton]:
    """The forms this suggestion has reached: a 交办单 once assigned, a 督办单 once
    supervised, the 征询意见表 once replied."""
    buttons = []

    def add(label: str, slot: object) -> None:
        button = QPushButton(label)
        button.clicked.connect(slot)
        buttons.append(button)

    if s.lead_unit_id:
        add("打印交办单", lambda: print_assignment(parent, context, [s.id], s.number))
    supervised = any(e.action == "supervise" for e in context.office.suggestions.events(s.id))
    if supervised:
        add("打印督办单", lambda: print_supervision(parent, context, s))
    if s.replied_date:
        add("打印征询意见表", lambda: print_feedback(parent, context, s))
    return buttons
