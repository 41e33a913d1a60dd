"""Exchange actions reachable from several places (the 数据交换 page, the roster page):
each asks for a file, runs the work in the background with progress, and says what
happened."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.core import dates
from app.deputies.deputies import DeputyQuery
from app.exchange.roster_export import copy_template, export_roster
from app.exchange.table_export import ExportColumn, export_table
from app.office import Office
from ui.context import AppContext
from ui.widgets.messages import confirm, show_error, show_info
from ui.widgets.progress import run_with_progress

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def ask_save_path(parent: QWidget | None, title: str, name: str) -> Path | None:
    target, _ = QFileDialog.getSaveFileName(parent, title, name, XLSX_FILTER)
    if not target:
        return None
    path = Path(target)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def default_roster_name(office: Office) -> str:
    today = dates.today().strftime("%Y%m%d")
    if office.mode == "county":
        return f"{office.settings.get('county_name')}代表名册_{today}.xlsx"
    home = office.township
    return f"{home.name if home else ''}代表名册_{today}.xlsx"


def ended_in(office: Office, query: DeputyQuery | None) -> int:
    """How many deputies whose status has ended the roster export would leave out (none
    when the query chooses a status itself)."""
    if query is not None and query.status is not None:
        return 0
    if query is None:
        term_id = None if office.mode == "county" else office.current_term_id()
        query = DeputyQuery(term_id=term_id)
    return len(office.deputies.search(replace(query, status="ended")))


def export_roster_interactive(
    parent: QWidget, context: AppContext, query: DeputyQuery | None = None
) -> None:
    """Ask where, then export the roster (what `query` selects) in the background."""
    office = context.office
    path = ask_save_path(parent, "导出名册到 Excel", default_roster_name(office))
    if path is None:
        return
    reveal = office.access.reveal(None, what="代表名册")
    with_ended = False
    ended = ended_in(office, query)
    if ended:
        with_ended = confirm(
            parent,
            "导出名册",
            f"所选范围内有 {ended} 名代表的代表资格已终止。\n"
            "导出时包括他们吗？（选“否”只导出在任和暂停执行职务的代表）",
        )

    def done(written: Path) -> None:
        hidden = "" if reveal else "身份证号码、电话和住址已部分隐藏（可在“基础数据—设置”中改）。"
        show_info(parent, f"名册已导出到“{written}”。{hidden}", "导出完成")

    run_with_progress(
        parent,
        context.runner,
        lambda ctx: export_roster(
            ctx.office, path, query=query, with_ended=with_ended, progress=ctx.progress
        ),
        title="正在导出名册…",
        on_done=done,
    )


def save_template_interactive(parent: QWidget) -> Path | None:
    path = ask_save_path(parent, "保存空白名册模板", "代表名册导入模板.xlsx")
    if path is None:
        return None
    try:
        written = copy_template(path)
    except Exception as exc:  # RendaError with the reason
        show_error(parent, exc)
        return None
    show_info(parent, f"空白模板已保存到“{written}”。填好后用“从 Excel 导入名册”导入。")
    return written


def export_rows_interactive(
    parent: QWidget,
    context: AppContext,
    *,
    title: str,
    file_name: str,
    columns: list[ExportColumn],
    rows: list[list],
) -> None:
    """Any list already on screen, through the one export function."""
    path = ask_save_path(parent, f"导出{title}", file_name)
    if path is None:
        return
    run_with_progress(
        parent,
        context.runner,
        lambda ctx: export_table(path, title=title, columns=columns, rows=rows),
        title=f"正在导出{title}…",
        on_done=lambda written: show_info(parent, f"已导出到“{written}”。", "导出完成"),
    )
