"""Any list to an .xlsx that opens cleanly in Excel, WPS and LibreOffice.

    export_table(path, title="清溪镇代表名册", columns=[ExportColumn("姓名"), …], rows=…)
    export_sheets(path, [Sheet(...), Sheet(...)])   # a list and its details, one file

Chinese headers in a bold row under a merged title, widths from the content, dates as real
dates (a month as `1975.03`), numbers as numbers, shares as percentages, ID and phone
numbers as text (never a number that Excel would round), the header repeated on every
printed page, landscape, fit to width, page numbers in the footer. Every list of every
area exports through here.

openpyxl lays out the workbook (styles, title, header, widths, print settings) in its
write-only mode; the data rows are streamed as sheet XML into a temporary file of their
own and put into the saved workbook after the header (`_XmlRows`): a county's 100,000
suggestions take a few seconds and tens of MB, where openpyxl's cells took 30 s and
half a GB. Widths come from the first SAMPLE_ROWS rows."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from app.core import faults
from app.core.attachments import write_atomically
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.core.replace import replace_file

KINDS = ("text", "longtext", "date", "month", "number", "percent", "bool", "code")
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy.mm"
PERCENT_FORMAT = "0.0%"
NUMBER_FORMATS = {
    "date": DATE_FORMAT,
    "month": MONTH_FORMAT,
    "percent": PERCENT_FORMAT,
    "number": "General",
    "bool": "General",
}
MAX_WIDTH = 48
MAX_CHARS = 32767  # in one cell (Excel's limit)
SAMPLE_ROWS = 2000  # the widths are taken from this many rows
REPORT_EVERY = 200
# zlib level of the sheets' data: 1 writes a county's 100,000 suggestions about a second
# faster than the default 6, for a file about a fifth larger.
ROWS_COMPRESSION = 1
# Characters XML 1.0 forbids (openpyxl refuses them); a pasted text may hold one.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


@dataclass(frozen=True)
class ExportColumn:
    """One column: its header and how its values are written.

    kind: text, longtext (wrapped), date (ISO day), month (ISO "1975-03" or a day),
    number, percent (a share, 0.875 -> 87.5%), bool (是/blank), code (digits kept as
    text: ID numbers, phones, postcodes)."""

    header: str
    kind: str = "text"
    width: int | None = None  # in characters; None: from the content

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Sheet:
    """One worksheet of an export: a title above the header, then the rows."""

    title: str
    columns: Sequence[ExportColumn]
    rows: Iterable[Sequence[Any]]
    sheet_name: str = ""
    note: str = ""
    total: int = 0  # the rows to expect (progress)
    repeat_columns: int = 0  # the first columns printed again on every page (序号, 姓名)
    # Printed one page wide; a sheet of thirty columns would shrink to 25 %: it prints at
    # full size over several pages instead, its first columns repeated (repeat_columns).
    fit_width: bool = True


def display_width(text: str) -> int:
    """Columns a text needs: a Chinese character is as wide as two Latin ones."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def cell_value(kind: str, value: Any) -> Any:
    """The value as the cell should hold it."""
    if value is None or value == "":
        return None
    if kind in ("date", "month") and isinstance(value, str):
        text = value[:10]
        if kind == "month" and len(text) == 7:
            text += "-01"
        try:
            return date.fromisoformat(text)
        except ValueError:
            return value  # a year alone ("2025"), kept as written
    if kind == "bool":
        return "是" if value else None
    if kind in ("number", "percent"):
        return value
    return _ILLEGAL.sub("", str(value))[:MAX_CHARS]


def _shown(kind: str, value: Any) -> str:
    if isinstance(value, date | datetime):
        return "2026-11-22" if kind == "date" else "1975.03"
    if kind == "percent" and isinstance(value, int | float):
        return f"{value:.1%}"
    return "" if value is None else str(value)


class _Styles:
    """The named cell styles of a workbook, one per kind, registered when first used."""

    def __init__(self, wb: Any) -> None:
        self._wb = wb
        self._names: set[str] = set()

    def name(self, kind: str) -> str:
        from openpyxl.styles import Alignment, NamedStyle

        name = f"renda_{kind}"
        if name not in self._names:
            style = NamedStyle(name=name)
            style.border = _border()
            style.alignment = Alignment(vertical="top", wrap_text=kind == "longtext")
            style.number_format = NUMBER_FORMATS.get(kind, "@")
            self._wb.add_named_style(style)
            self._names.add(name)
        return name


def _border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="999999")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _write_sheet(
    ws: Any,
    sheet: Sheet,
    styles: _Styles,
    progress: Progress,
    done: int,
    total: int,
    xml_rows: _XmlRows | None = None,
) -> int:
    """Lay one sheet out and write its rows: as openpyxl cells into a worksheet in memory,
    or (`xml_rows`, a write-only worksheet) as sheet XML into a file of their own, spliced
    into the saved workbook by `export_sheets`. What goes above the rows is set before
    the first (a write-only worksheet writes it then). Returns the rows written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    columns = list(sheet.columns)
    kinds = [c.kind for c in columns]
    n = len(columns)
    rows: Iterator[Sequence[Any]] = iter(sheet.rows)
    sample = [_values(kinds, row) for row in islice(rows, SAMPLE_ROWS)]

    widths = [display_width(c.header) + 2 for c in columns]
    for values in sample:
        for i, (kind, value) in enumerate(zip(kinds, values, strict=True)):
            if value is not None:
                text = _shown(kind, value)
                longest = max(display_width(line) for line in text.split("\n"))
                widths[i] = max(widths[i], longest + 2)
    final = [column.width or min(w, MAX_WIDTH) for column, w in zip(columns, widths, strict=True)]
    for i, column in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = final[i - 1]
        if column.kind in ("code", "text", "longtext"):
            # Cells typed later into an empty part of the column stay text too.
            dimension.number_format = "@"

    header_row = 3 if sheet.note else 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    if sheet.repeat_columns:
        ws.print_title_cols = f"A:{get_column_letter(sheet.repeat_columns)}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    if sheet.fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.row_dimensions[1].height = 28
    if sheet.note:
        # No program fits a merged cell's height to its text: as many lines as it needs.
        lines = -(-display_width(sheet.note) // max(int(sum(final)) - 2, 1))
        if lines > 1:
            ws.row_dimensions[2].height = 15 * lines + 2

    title = WriteOnlyCell(ws, sheet.title)
    title.font = Font(size=14, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.append([title])
    spans = [f"A1:{get_column_letter(n)}1"]
    if sheet.note:
        note = WriteOnlyCell(ws, sheet.note)
        note.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.append([note])
        spans.append(f"A2:{get_column_letter(n)}2")
    if n > 1:
        for span in spans:
            if hasattr(ws, "merge_cells"):
                ws.merge_cells(span)
            else:
                ws.merged_cells.add(span)
    border = _border()
    fill = PatternFill("solid", fgColor="DDE4EE")
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)

    names = [styles.name(kind) for kind in kinds]
    if xml_rows is not None:
        xml_rows.start(header_row + 1, [_style_id(ws, name) for name in names])
    count = 0
    for values in _chain(sample, (_values(kinds, row) for row in rows)):
        if xml_rows is not None:
            xml_rows.write(values)
        else:
            ws.append([_cell(ws, value, name) for value, name in zip(values, names, strict=True)])
        count += 1
        if count % REPORT_EVERY == 0:
            progress.report(done + count, total, "正在写入表格…")
    if count:
        last = get_column_letter(n)
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    return count


def _cell(ws: Any, value: Any, style: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value)
    cell.style = style
    return cell


def _style_id(ws: Any, style: str) -> int:
    """The index openpyxl gives the style in the workbook's cell formats (the `s` of a
    cell), registering it there."""
    return _cell(ws, None, style).style_id


class _XmlRows:
    """A sheet's data rows as sheet XML in a temporary file, written the way openpyxl
    writes cells (tests/app/exchange/test_list_exports.py compares them byte for byte) at a
    fraction of its cost: openpyxl spends about 15 µs on each cell, 100,000 suggestions
    have a million."""

    def __init__(self, columns: int) -> None:
        from openpyxl.utils import get_column_letter

        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._letters = [get_column_letter(i) for i in range(1, columns + 1)]
        self._row = 0
        self._styles: list[int] = []
        self._pending: list[str] = []

    def start(self, first_row: int, style_ids: list[int]) -> None:
        self._row = first_row
        self._styles = style_ids
        # What does not change from row to row, made once: each column's letter and style.
        self._cells = [
            (letter, f' s="{style}"' if style else "")
            for letter, style in zip(self._letters, style_ids, strict=True)
        ]

    def write(self, values: list[Any]) -> None:
        r = self._row
        parts = [f'<row r="{r}">']
        add = parts.append
        if len(values) != len(self._cells):
            raise ValueError(f"a row of {len(values)} values for {len(self._cells)} columns")
        for (letter, s), value in zip(self._cells, values):  # noqa: B905 - checked above
            if value is None:
                add(f'<c r="{letter}{r}"{s} t="n" />')
            elif isinstance(value, str):
                # Leading or trailing spaces (a cell of spaces too) kept as typed.
                space = (
                    ' xml:space="preserve"'
                    if value and (value[0].isspace() or value[-1].isspace())
                    else ""
                )
                if "&" in value:
                    value = value.replace("&", "&amp;")
                if "<" in value:
                    value = value.replace("<", "&lt;")
                if ">" in value:
                    value = value.replace(">", "&gt;")
                add(f'<c r="{letter}{r}"{s} t="inlineStr"><is><t{space}>{value}</t></is></c>')
            else:
                number = _to_excel(value) if isinstance(value, date) else value
                add(f'<c r="{letter}{r}"{s} t="n"><v>{number:.16g}</v></c>')
        add("</row>")
        self._pending.append("".join(parts))
        self._row += 1
        if len(self._pending) >= 500:
            self.flush()

    def flush(self) -> None:
        self.file.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()

    def close(self) -> None:
        self.file.close()


def _to_excel(value: date) -> float:
    """Excel's serial number of a day (or a moment); a list repeats the same days often."""
    if type(value) is date:
        return _excel_day(value)
    from openpyxl.utils.datetime import to_excel

    return to_excel(value)


@lru_cache(maxsize=8192)
def _excel_day(value: date) -> float:
    from openpyxl.utils.datetime import to_excel

    return to_excel(value)


def _values(kinds: list[str], row: Sequence[Any]) -> list[Any]:
    if len(row) != len(kinds):
        raise ValueError(f"a row of {len(row)} values for {len(kinds)} columns")
    return [cell_value(kind, value) for kind, value in zip(kinds, row, strict=True)]


def _chain(first: list[list[Any]], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield from first
    first.clear()  # a long list's sample is not kept while the rest is written
    yield from rest


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
    """The workbook in memory (openpyxl), for callers that add to it (the template).
    A list to a file: `export_table`, which streams."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = (sheet_name or title)[:31]
    sheet = Sheet(title, columns, rows, sheet_name, note, total)
    _write_sheet(ws, sheet, _Styles(wb), progress, 0, total)
    return wb


def save_workbook(wb: Any, path: Path) -> Path:
    """Save under a temporary name, fsync, rename: an open or failed save leaves no half file."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return save_bytes(buffer.getvalue(), path)


def save_bytes(data: bytes, path: Path | str) -> Path:
    """An .xlsx file's bytes to `path` (".xlsx" added if missing), whole or not at all."""
    target = xlsx_path(path)
    try:
        write_atomically(target, data)
    except PermissionError as exc:
        raise RendaError(
            f"无法保存“{target.name}”：文件可能正在 Excel 或 WPS 中打开，请先关闭它再试。"
        ) from exc
    except OSError as exc:
        raise RendaError(f"无法保存到“{target}”：{faults.reason(exc)}") from exc
    return target


def xlsx_path(path: Path | str) -> Path:
    target = Path(path)
    return target if target.suffix.lower() == ".xlsx" else target.with_name(target.name + ".xlsx")


def export_sheets(
    path: Path | str, sheets: Sequence[Sheet], *, progress: Progress = NO_PROGRESS
) -> Path:
    """Write one or more lists, a worksheet each, to an .xlsx file; returns the path
    written. A cancel (progress) leaves no file."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles = _Styles(wb)
    total = sum(s.total for s in sheets)
    done = 0
    used: set[str] = set()
    written: list[tuple[Any, _XmlRows]] = []
    try:
        for sheet in sheets:
            ws = wb.create_sheet(_sheet_name(sheet.sheet_name or sheet.title, used))
            xml_rows = _XmlRows(len(sheet.columns))
            written.append((ws, xml_rows))
            done += _write_sheet(ws, sheet, styles, progress, done, total, xml_rows)
            xml_rows.flush()
        progress.report(done, total, "正在保存文件…")
        skeleton = io.BytesIO()
        wb.save(skeleton)  # names the sheets' parts
        rows = {ws.path.lstrip("/"): xml_rows for ws, xml_rows in written}
        return save_streamed(path, lambda out: _splice(skeleton.getvalue(), rows, out))
    except BaseException:
        # Saving closes the write-only sheets and removes their temporary files, which
        # openpyxl would otherwise keep until the program ends.
        with contextlib.suppress(Exception):
            wb.save(io.BytesIO())
        raise
    finally:
        for _ws, xml_rows in written:
            xml_rows.close()


def _splice(book: bytes, rows: dict[str, _XmlRows], out: BinaryIO) -> None:
    """Write the saved workbook to `out` with each sheet's data rows put in after its
    header, straight from their temporary files: the file is never whole in memory."""
    with (
        zipfile.ZipFile(io.BytesIO(book)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=ROWS_COMPRESSION) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename not in rows:
                target.writestr(info, data)
                continue
            head, end = data.split(b"</sheetData>", 1)
            part = rows[info.filename].file
            part.seek(0)
            with target.open(info.filename, "w", force_zip64=True) as entry:
                entry.write(head)
                shutil.copyfileobj(part, entry)
                entry.write(b"</sheetData>" + end)


def save_streamed(path: Path | str, write: Callable[[BinaryIO], None]) -> Path:
    """An .xlsx file written by `write` into `path` (".xlsx" added if missing) under a
    temporary name, flushed to disk and renamed: whole or not at all."""
    target = xlsx_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".part-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)
                f.flush()
                os.fsync(f.fileno())
            replace_file(temp, target)  # Windows: retried while a scanner holds it
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except PermissionError as exc:
        raise RendaError(
            f"无法保存“{target.name}”：文件可能正在 Excel 或 WPS 中打开，请先关闭它再试。"
        ) from exc
    except OSError as exc:
        raise RendaError(f"无法保存到“{target}”：{faults.reason(exc)}") from exc
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
    sheet = Sheet(title, columns, rows, sheet_name, note, total)
    return export_sheets(path, [sheet], progress=progress)


def _sheet_name(wanted: str, used: set[str]) -> str:
    """A worksheet name Excel accepts: 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "", wanted)[:31] or "Sheet"
    name, n = base, 2
    while name in used:
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
        n += 1
    used.add(name)
    return name
