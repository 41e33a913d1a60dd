"""Printing the deputies' forms from the roster and from a deputy's file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.deputies.deputies import DeputyQuery
from ui.context import AppContext
from ui.printing.actions import preview_pdf, save_folder, save_pdf
from ui.tasks import TaskContext, TaskHandle
from ui.widgets.messages import confirm, show_error

if TYPE_CHECKING:
    from app.documents.base import PdfResult

REGISTRATION = "代表基本情况登记表"
ROSTER = "代表名册"


def print_registration(
    parent: QWidget, context: AppContext, deputy_id: int, name: str
) -> TaskHandle:
    """One deputy's registration form, in the preview."""

    def build(ctx: TaskContext) -> PdfResult:
        # Imported on the worker: the first time, reportlab loads there (or is being
        # loaded by ui/warmup.py, and the worker, not the window, waits for it).
        from app.documents.registration import registration_pdf

        return registration_pdf(ctx.office, [deputy_id], progress=ctx.progress)

    return preview_pdf(
        parent, context, build, title=REGISTRATION, file_name=f"{REGISTRATION}_{name}"
    )


def print_roster(parent: QWidget, context: AppContext, query: DeputyQuery) -> TaskHandle:
    """The roster of the deputies the page shows, in stroke order, in the preview."""
    from app.documents.roster import roster_pdf

    return preview_pdf(
        parent,
        context,
        lambda ctx: roster_pdf(ctx.office, query),
        title=ROSTER,
        file_name=ROSTER,
    )


def print_registrations(
    parent: QWidget, context: AppContext, query: DeputyQuery, *, each: bool
) -> TaskHandle | None:
    """The registration forms of every deputy the page shows: into one PDF, or one file
    each into a folder, in the background."""
    from app.documents.registration import registration_files, registration_pdf

    query = replace(query, sort="strokes", descending=False)
    ids = context.office.deputies.search(query)
    if not ids:
        show_error(parent, "名册中没有代表，请调整筛选条件", "没有可打印的登记表")
        return None
    where = "每人一个 PDF 文件，保存到所选文件夹" if each else "合并为一个 PDF 文件"
    if not confirm(
        parent,
        "批量打印登记表",
        f"将生成名册中 {len(ids)} 名代表的{REGISTRATION}（{where}）。继续吗？",
    ):
        return None
    if each:
        return save_folder(
            parent,
            context,
            lambda ctx, folder: registration_files(ctx.office, ids, folder, progress=ctx.progress),
            title=REGISTRATION,
        )
    return save_pdf(
        parent,
        context,
        lambda ctx: registration_pdf(ctx.office, ids, progress=ctx.progress),
        title=REGISTRATION,
        file_name=f"{REGISTRATION}（{len(ids)}人）",
    )


def roster_print_button(
    page: QWidget,
    context: AppContext,
    current_query: Callable[[], DeputyQuery],
    selected_id: Callable[[], int | None],
) -> QPushButton:
    """The 打印 button of the roster page, with its menu of forms."""
    button = QPushButton("打印")
    menu = QMenu(button)

    def selected_form() -> None:
        deputy_id = selected_id()
        if deputy_id is None:
            show_error(page, "请先在名册中选中一名代表", "未选择代表")
            return
        deputy = context.office.deputies.get(deputy_id)
        print_registration(page, context, deputy.id, deputy.name)

    menu.addAction("打印代表名册…", lambda: print_roster(page, context, current_query()))
    menu.addAction("打印所选代表的登记表…", selected_form)
    menu.addSeparator()
    menu.addAction(
        "批量打印登记表（合并为一个 PDF）…",
        lambda: print_registrations(page, context, current_query(), each=False),
    )
    menu.addAction(
        "批量打印登记表（每人一个文件）…",
        lambda: print_registrations(page, context, current_query(), each=True),
    )
    button.setMenu(menu)
    return button
