"""Printing the forms of the work between sessions: the yearly duty file (one deputy, or
all at once in the background), the reception register form, the report ballots and
result."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from ui.context import AppContext
from ui.printing.actions import preview_pdf, save_folder, save_pdf
from ui.tasks import TaskHandle
from ui.widgets.messages import confirm, show_error

YEAR_FILE = "年度履职档案"


def print_year_file(
    parent: QWidget, context: AppContext, deputy_id: int, name: str, year: int
) -> TaskHandle:
    from app.documents.year_file import year_file_pdf

    return preview_pdf(
        parent,
        context,
        lambda ctx: year_file_pdf(ctx.office, [deputy_id], year, progress=ctx.progress),
        title=f"{year}{YEAR_FILE}",
        file_name=f"{year}{YEAR_FILE}_{name}",
    )


def print_all_year_files(
    parent: QWidget, context: AppContext, year: int, *, each: bool
) -> TaskHandle | None:
    """Every deputy's file of the year: one PDF, or one file each into a folder."""
    from app.documents.year_file import scored_deputies, year_file_files, year_file_pdf

    ids = scored_deputies(context.office, year)
    if not ids:
        show_error(parent, f"{year}年没有在任的本乡镇人大代表", "没有可打印的档案")
        return None
    where = "每人一个 PDF 文件，保存到所选文件夹" if each else "合并为一个 PDF 文件"
    if not confirm(
        parent,
        f"打印{YEAR_FILE}",
        f"将生成 {len(ids)} 名代表的{year}{YEAR_FILE}（{where}），在后台进行，可随时取消。继续吗？",
    ):
        return None
    title = f"{year}{YEAR_FILE}"
    if each:
        return save_folder(
            parent,
            context,
            lambda ctx, folder: year_file_files(
                ctx.office, ids, year, folder, progress=ctx.progress
            ),
            title=title,
        )
    return save_pdf(
        parent,
        context,
        lambda ctx: year_file_pdf(ctx.office, ids, year, progress=ctx.progress),
        title=title,
        file_name=f"{title}（{len(ids)}人）",
    )


def year_files_button(page: QWidget, context: AppContext, year: Callable[[], int]) -> QPushButton:
    """The 打印履职档案 button of the scores page, for the year the page shows."""
    button = QPushButton("打印履职档案")
    menu = QMenu(button)
    menu.addAction(
        "全体代表，合并为一个 PDF…",
        lambda: print_all_year_files(page, context, year(), each=False),
    )
    menu.addAction(
        "全体代表，每人一个文件…",
        lambda: print_all_year_files(page, context, year(), each=True),
    )
    button.setMenu(menu)
    return button


def print_reception(parent: QWidget, context: AppContext, reception_id: int) -> TaskHandle:
    from app.documents.reception_form import TITLE, reception_pdf

    return preview_pdf(
        parent,
        context,
        lambda ctx: reception_pdf(ctx.office, reception_id),
        title=TITLE,
        file_name=f"{TITLE}_{reception_id}",
    )


def print_ballots(parent: QWidget, context: AppContext, report_id: int, name: str) -> TaskHandle:
    from app.documents.voter_report_forms import BALLOT, ballot_pdf

    report = context.office.voter_reports.get(report_id)
    return preview_pdf(
        parent,
        context,
        lambda ctx: ballot_pdf(ctx.office, report.deputy_id, report_id=report_id),
        title=BALLOT,
        file_name=f"{BALLOT}_{name}",
    )


def print_report_result(
    parent: QWidget, context: AppContext, report_id: int, name: str
) -> TaskHandle:
    from app.documents.voter_report_forms import RESULT, report_result_pdf

    return preview_pdf(
        parent,
        context,
        lambda ctx: report_result_pdf(ctx.office, report_id),
        title=RESULT,
        file_name=f"{RESULT}_{name}",
    )
