"""Any list to an .xlsx that opens cleanly in Excel, WPS and LibreOffice.

    export_table(path, title="清溪镇代表名册", columns=[ExportColumn("姓名"), …], rows=…)

Chinese headers in a bold row under a merged title, widths from the content, dates as real
dates (a month as `1975.03`), ID and phone numbers as text (never a number that Excel
would round), the header repeated on every printed page, landscape, fit to width.
Every list of every area exports through this one function."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.attachments import write_atomically
from app.errors import RendaError
from app.progress import NO_PROGRESS, Progress

KINDS = ("text", "longtext", "date", "month", "number", "bool", "code")
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy.mm"
MAX_WIDTH = 48


@dataclass(frozen=True)
class ExportColumn:
    """One column: its header and how its values are written.

    kind: text, longtext (wrapped), date (ISO day), month (ISO "1975-03" or a day),
    number, bool (是/blank), code (digits kept as text: ID numbers, phones, postcodes)."""

    header: str
    kind: str = "text"
    width: int | None = None  # in characters; None: from the content

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def display_width(text: str) -> int:
    """Columns a text needs: a Chinese character is as wide as two Latin ones."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def cell_value(kind: str, value: Any) -> Any:
    """The value as the cell should hold it."""
    if value is None or value == "":
        return None
    if kind == "date":
        return date.fromisoformat(str(value)[:10]) if isinstance(value, str) else value
    if kind == "month":
        if isinstance(value, str):
            text = value[:10]
            return date.fromisoformat(text if len(text) == 10 else text[:7] + "-01")
        return value
    if kind == "bool":
        return "是" if value else None
    if kind == "number":
        return value
    return str(value)


def _shown(kind: str, value: Any) -> str:
    if isinstance(value, date | datetime):
        return "2026-11-22" if kind == "date" else "1975.03"
    return "" if value is None else str(value)


def build_workbook(
    *,
    title: str,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "",
    note: str = "",
    progress: Progress = NO_PROGRESS,
    total: int = 0,
) -> Any:
    """The workbook in memory (openpyxl), for callers that add sheets of their own."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = (sheet_name or title)[:31]
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    n = len(columns)
    ws.cell(row=1, column=1, value=title).font = Font(size=14, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if n > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.row_dimensions[1].height = 28
    header_row = 2
    if note:
        ws.cell(row=2, column=1, value=note).alignment = Alignment(horizontal="left")
        if n > 1:
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
        header_row = 3
    widths = [display_width(c.header) + 2 for c in columns]
    fill = PatternFill("solid", fgColor="DDE4EE")
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=i, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # One named style per kind: setting border, alignment and format cell by cell costs
    # openpyxl a hash each time (seconds for a county's roster).
    styles = {}
    for kind in {c.kind for c in columns}:
        style = NamedStyle(name=f"renda_{kind}")
        style.border = border
        style.alignment = Alignment(vertical="top", wrap_text=kind == "longtext")
        style.number_format = {"date": DATE_FORMAT, "month": MONTH_FORMAT, "number": "General"}.get(
            kind, "General" if kind == "bool" else "@"
        )
        wb.add_named_style(style)
        styles[kind] = style.name
    r = header_row
    for r, row in enumerate(rows, start=header_row + 1):
        for i, (column, raw) in enumerate(zip(columns, row, strict=True), start=1):
            value = cell_value(column.kind, raw)
            cell = ws.cell(row=r, column=i, value=value)
            cell.style = styles[column.kind]
            if value is not None:
                text = _shown(column.kind, value)
                longest = max(display_width(line) for line in text.split("\n"))
                widths[i - 1] = max(widths[i - 1], longest + 2)
        if (r - header_row) % 200 == 0:
            progress.report(r - header_row, total, "正在写入表格…")
    for i, column in enumerate(columns, start=1):
        width = column.width or min(widths[i - 1], MAX_WIDTH)
        ws.column_dimensions[get_column_letter(i)].width = width
        if column.kind in ("code", "text", "longtext"):
            # Cells typed later into an empty part of the column stay text too.
            ws.column_dimensions[get_column_letter(i)].number_format = "@"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if r > header_row:
        last = get_column_letter(n)
        ws.auto_filter.ref = f"A{header_row}:{last}{r}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


def save_workbook(wb: Any, path: Path) -> Path:
    """Save under a temporary name, fsync, rename: an open or failed save leaves no half file."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    buffer = io.BytesIO()
    wb.save(buffer)
    try:
        write_atomically(target, buffer.getvalue())
    except PermissionError as exc:
        raise RendaError(
            f"无法保存“{target.name}”：文件可能正在 Excel 或 WPS 中打开，请先关闭它再试。"
        ) from exc
    except OSError as exc:
        raise RendaError(f"无法保存到“{target}”：{exc.strerror or exc}") from exc
    return target


def export_table(
    path: Path | str,
    *,
    title: str,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "",
    note: str = "",
    progress: Progress = NO_PROGRESS,
    total: int = 0,
) -> Path:
    """Write one list to an .xlsx file; returns the path written."""
    wb = build_workbook(
        title=title,
        columns=columns,
        rows=rows,
        sheet_name=sheet_name,
        note=note,
        progress=progress,
        total=total,
    )
    return save_workbook(wb, Path(path))
