"""What the pages of the work between sessions share: the heading row (title, search,
buttons), the filter row, selecting a record by id, and exporting a list to Excel (every
list of the program exports through `export_list`). The search field and the look of the
lists are every list page's: ui/widgets/lists.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.progress import Progress
from app.exchange.list_exports import Exported, owner_name
from app.office import Office
from ui.context import AppContext
from ui.models.record_table import RecordTableModel
from ui.widgets.form import Choice
from ui.widgets.messages import show_error, show_info


def lay_out(
    page: QWidget,
    title: str,
    head: Sequence[QWidget],
    filters: Sequence[QWidget],
    body: QWidget,
    *,
    search: QLineEdit | None = None,
    count: QLabel | None = None,
) -> None:
    """Title, search and buttons on top; filters and the count below; the body under them."""
    heading = QLabel(title)
    heading.setObjectName("PageTitle")
    top = QHBoxLayout()
    top.addWidget(heading)
    top.addSpacing(16)
    if search is not None:
        top.addWidget(search, 1)
    else:
        top.addStretch()
    for widget in head:
        top.addWidget(widget)
    layout = QVBoxLayout(page)
    layout.addLayout(top)
    if filters or count is not None:
        row = QHBoxLayout()
        for widget in filters:
            row.addWidget(widget)
        row.addStretch()
        if count is not None:
            row.addWidget(count)
        layout.addLayout(row)
    layout.addWidget(body, 1)


def selected_id(table: QTableView, model: RecordTableModel) -> int | None:
    rows = table.selectionModel().selectedRows()
    return model.record_id(rows[0].row()) if rows else None


def select_id(table: QTableView, model: RecordTableModel, record_id: int) -> bool:
    row = model.row_of(record_id)
    if row < 0:
        return False
    table.selectRow(row)
    table.scrollTo(model.index(row, 0))
    return True


def year_items(years: list[int]) -> list[tuple[str, int | None]]:
    """The year filter: the years that have records and this year, then 全部年份."""
    shown = sorted(set(years) | {dates.today().year}, reverse=True)
    return [(f"{y}年", y) for y in shown] + [("全部年份", None)]


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Hint")
    label.setWordWrap(True)
    return label


def record_buttons(
    page: QWidget, add_text: str, *, add: Callable, edit: Callable, delete: Callable, enabled: bool
) -> tuple[QPushButton, QPushButton, QPushButton]:
    """登记…, 编辑 and 删除 of a record list (disabled in a county database)."""
    buttons = []
    for text, slot in ((add_text, add), ("编辑", edit), ("删除", delete)):
        button = QPushButton(text)
        button.clicked.connect(lambda _c=False, s=slot: s())
        button.setEnabled(enabled)
        buttons.append(button)
    buttons[0].setObjectName("Primary")
    return buttons[0], buttons[1], buttons[2]


def year_choice(years: list[int], changed: Callable[[], None]) -> Choice:
    """The year filter, on this year."""
    choice = Choice(year_items(years))
    choice.set_value(dates.today().year)
    choice.currentIndexChanged.connect(lambda _i: changed())
    return choice


EXPORT_TEXT = "导出 Excel…"
EXPORT_TIP = "把列表导出为 Excel 表格：按当前的筛选和查找条件，包括没有显示出来的全部记录"


def export_button(export: Callable[[], None], row: Any = None) -> QPushButton:
    """导出 Excel… calling the page's `export` (which calls `export_list`); added to the
    layout `row` when given."""
    button = QPushButton(EXPORT_TEXT)
    button.setToolTip(EXPORT_TIP)
    button.clicked.connect(lambda _c=False: export())
    if row is not None:
        row.addWidget(button)
    return button


def export_list(
    page: QWidget,
    context: AppContext,
    what: str,
    export: Callable[..., Exported],
    *args: Any,
    count: int | None = None,
    file_name: str = "",
    done_note: str = "",
) -> None:
    """Ask where, then run `export(office, path, *args, progress=…)` (a function of
    app/exchange/list_exports.py) off the UI thread with progress and cancel. The page
    reads its query before calling (on the UI thread) and passes it in `args`; `count`,
    the rows it shows, refuses an empty list before asking for a file."""
    if count == 0:
        show_error(page, f"列表中没有{what}，没有可导出的内容", "没有内容")
        return
    from ui.exchange.actions import ask_save_path

    office = context.office
    stamp = dates.today().strftime("%Y%m%d")
    name = file_name or f"{owner_name(office)}{what}"
    path = ask_save_path(page, f"导出{what}", f"{name}_{stamp}.xlsx")
    if path is None:
        return

    def run(office: Office, target: Path, progress: Progress) -> Exported:
        return export(office, target, *args, progress=progress)

    def done(result: Exported) -> None:
        show_info(page, f"已导出 {result.rows} 行到“{result.path}”。{done_note}", "导出完成")

    from ui.widgets.progress import run_with_progress

    run_with_progress(
        page,
        context.runner,
        lambda ctx: run(ctx.office, path, ctx.progress),
        title=f"正在导出{what}…",
        on_done=done,
    )
