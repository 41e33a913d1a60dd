"""Read a worksheet as a grid of cells, the way it looks on screen.

Merged cells hold their value in every cell they cover (a title over the whole sheet, a
group name merged down over its members), numbers keep their number format (to tell
1975.10 from 1975.1), formulas give their last computed value. .xlsx through openpyxl,
.xls through xlrd."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.core.errors import RendaError


@dataclass(frozen=True)
class Cell:
    value: Any = None  # str, int, float, bool, datetime or None
    number_format: str = "General"

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


BLANK = Cell()


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Cell]]


def read_sheets(path: Path) -> list[Sheet]:
    """Every visible worksheet of the file."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise RendaError(f"找不到文件“{path}”")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        return _read_xls(path)
    raise RendaError("只能导入 Excel 文件（.xlsx 或 .xls）。WPS 表格请先另存为 .xlsx。")


def _read_xlsx(path: Path) -> list[Sheet]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RendaError(
            f"无法读取“{path.name}”：文件已损坏，或不是 Excel 文件（{exc}）。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
        ) from exc
    sheets = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        grid: list[list[Cell]] = []
        for row in ws.iter_rows():
            grid.append([Cell(c.value, c.number_format or "General") for c in row])
        for merged in ws.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1] if grid else BLANK
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                row = grid[r]
                while len(row) < merged.max_col:
                    row.append(BLANK)
                for c in range(merged.min_col - 1, merged.max_col):
                    row[c] = top
        sheets.append(Sheet(ws.title, grid))
    wb.close()
    return sheets


def _read_xls(path: Path) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises many kinds for a damaged file
        raise RendaError(
            f"无法读取“{path.name}”：文件已损坏，或不是 .xls 格式（{exc}）。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
        ) from exc
    sheets = []
    for sh in book.sheets():
        if sh.visibility != 0:
            continue
        grid: list[list[Cell]] = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                fmt = "General"
                try:
                    fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                except (KeyError, IndexError, AttributeError):
                    pass
                value: Any = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    value = None
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                    value = int(value)
                row.append(Cell(value, fmt))
            grid.append(row)
        for r0, r1, c0, c1 in sh.merged_cells:
            top = grid[r0][c0]
            for r in range(r0, r1):
                for c in range(c0, c1):
                    grid[r][c] = top
        sheets.append(Sheet(sh.name, grid))
    return sheets


def as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None
