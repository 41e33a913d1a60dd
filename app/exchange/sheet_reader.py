"""Read a worksheet row by row, the way it looks on screen, in bounded time and memory.

    with open_workbook(path) as book:
        for sheet in book.sheets:          # the visible worksheets
            for row in sheet.rows():       # only rows that hold a value, in order
                row.number, row.cells      # the row number Excel shows, cells from column A

Merged cells hold their value in every cell they cover (a title over the whole sheet, a
group name merged down over its members), numbers keep their number format (to tell
1975.10 from 1975.1), formulas give their last computed value.

An .xlsx is read by our own streaming parser (expat), never loaded whole: a first pass over
each sheet checks that its XML is whole and collects the merged ranges and the number of
rows that hold a value; `rows()` then reads the sheet again and hands out one row at a
time. Styled empty rows and cells cost nothing but the parse, a stray cell at row
1,048,576 is one row. Every part of the file is capped (uncompressed size, XML elements,
shared strings, merged ranges, rows with values) and refused with a Chinese message that
says what to do; no DOCTYPE or entity is accepted. .xls through xlrd (a format capped at
65,536 rows by itself), its file size capped."""

from __future__ import annotations

import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from xml.parsers import expat

from app.core import faults
from app.core.errors import RendaError

MIB = 1024 * 1024
# Limits of one import. A township's roster has about a hundred rows and a county's a few
# thousand; these leave room for 50,000 rows of 40 columns and refuse what is not a roster
# (a zip bomb, a sheet formatted down to row 1,048,576 cell by cell) within seconds.
MAX_PART_BYTES = 160 * MIB  # one part of the file (a sheet, the shared strings), unpacked
MAX_TOTAL_BYTES = 256 * MIB  # all parts read, unpacked
MAX_ELEMENTS = 6_000_000  # XML elements in all parts, on the first pass
MAX_SHARED_STRINGS = 1_000_000
MAX_MERGES = 100_000
MAX_MERGE_FILL = 2_000_000  # cells filled from merged ranges
MAX_ROWS = 60_000  # rows holding a value in the sheet imported
MAX_COLUMNS = 256  # cells right of column IV are not read
MAX_XLS_BYTES = 64 * MIB
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
CHUNK = 256 * 1024

RESAVE = "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"

# Number formats Excel does not write into the file: the built-in ones, and the zh-CN
# locale's date formats (ECMA-376 Part 1, 18.8.30), which Chinese Excel and WPS use.
_ZH_FORMATS = {
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any = None  # str, int, float, bool, datetime or None
    number_format: str = "General"

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


BLANK = Cell()


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # the row number Excel shows
    cells: list[Cell]  # from column A; a merged range repeats one Cell object


@dataclass
class Sheet:
    name: str
    content_rows: int  # rows that hold a value; more than MAX_ROWS when too_long
    too_long: bool = False
    notes: list[str] = field(default_factory=list)
    _reader: Callable[[], Iterator[Row]] | None = None

    def rows(self) -> Iterator[Row]:
        """The rows that hold a value of their own, read afresh on each call."""
        assert self._reader is not None
        return self._reader()

    def refuse_if_too_long(self) -> None:
        if self.too_long:
            raise RendaError(
                f"工作表“{self.name}”有超过 {MAX_ROWS} 行内容，超出一次导入的上限。"
                "请把名册分成几个文件，分批导入。"
            )


class Workbook:
    """An open workbook; close it (or use `with`) when done."""

    def __init__(self, sheets: list[Sheet], closer: Callable[[], None] = lambda: None) -> None:
        self.sheets = sheets
        self._closer = closer

    def close(self) -> None:
        self._closer()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_workbook(path: Path | str) -> Workbook:
    """Every visible worksheet of the file, checked and ready to be read row by row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise RendaError(f"找不到文件“{path}”")
    if suffix not in (".xlsx", ".xlsm", ".xls"):
        raise RendaError("只能导入 Excel 文件（.xlsx 或 .xls）。WPS 表格请先另存为 .xlsx。")
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise RendaError(f"无法打开“{path.name}”：{faults.reason(exc)}") from exc
    if head.startswith(b"PK"):
        return _open_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix != ".xls":
            raise RendaError(
                f"“{path.name}”设有打开密码（或是改了扩展名的 .xls 文件），无法读取。"
                "请在 Excel 中取消密码，另存为 .xlsx 再导入。"
            )
        return _open_xls(path)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise RendaError(
            f"“{path.name}”其实是网页或 XML 格式的表格，不是真正的 Excel 文件。{RESAVE}"
        )
    raise RendaError(f"无法读取“{path.name}”：文件已损坏，或不是 Excel 文件。{RESAVE}")


def read_sheets(path: Path | str) -> list[list[Row]]:
    """Every visible sheet's rows at once (small files and tests)."""
    with open_workbook(path) as book:
        return [list(sheet.rows()) for sheet in book.sheets]


def as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


# ---- .xlsx ------------------------------------------------------------------------------


_TRUNCATED = {
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
    expat.errors.codes[expat.errors.XML_ERROR_PARTIAL_CHAR],
}
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_DIRECTORY = 4 * MIB


class _Refused(Exception):
    """Raised inside an expat handler to stop parsing with a message for the clerk."""


class _Stop(Exception):
    """Raised inside an expat handler when enough was read."""


def _damaged(file_name: str, what: str) -> RendaError:
    return RendaError(f"无法读取“{file_name}”：{what}。{RESAVE}")


def _local(name: str, _cache: dict[str, str] = {}) -> str:  # noqa: B006 (a cache)
    found = _cache.get(name)
    if found is None:
        found = _cache[name] = name.rpartition(":")[2]
    return found


_COLUMNS: dict[str, int] = {}


def _column_index(ref: str) -> tuple[int, int]:
    """'AB12' -> (27, 12); a column of −1 for what is not a cell reference."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    col = _COLUMNS.get(letters)
    if col is None:
        col = 0
        for ch in letters.upper():
            if not "A" <= ch <= "Z":
                return -1, 0
            col = col * 26 + ord(ch) - 64
        col -= 1
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = col
    return col, int(digits) if digits else 0


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes control characters as _x000D_."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


class _Budget:
    """What the file may still cost: unpacked bytes and XML elements, across all parts."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.bytes_left = MAX_TOTAL_BYTES
        self.elements_left = MAX_ELEMENTS

    def claim_bytes(self, info: zipfile.ZipInfo, what: str) -> None:
        size = info.file_size
        if size > MAX_PART_BYTES or size > self.bytes_left:
            raise RendaError(
                f"无法导入“{self.file_name}”：{what}解压后有 {size / MIB:.0f} MB，超过了"
                f"一次导入的上限（{min(MAX_PART_BYTES, MAX_TOTAL_BYTES) // MIB} MB）。"
                "名册不会有这么大，文件可能已损坏或被改造过。请用 Excel 或 WPS 打开，"
                "只留下名册那张表，另存为 .xlsx 再导入。"
            )
        self.bytes_left -= size

    def too_many_elements(self, what: str) -> RendaError:
        return RendaError(
            f"无法导入“{self.file_name}”：{what}中的单元格太多（超过 {MAX_ELEMENTS // 10000} 万个，"
            "多半是带格式的空白行或空白列）。请在 Excel 或 WPS 中删除名册下方和右侧的空行空列，"
            "另存为 .xlsx 再导入。"
        )


def _expat_damage(file_name: str, what: str, exc: expat.ExpatError) -> RendaError:
    cause = "内容在中途截断" if exc.code in _TRUNCATED else "XML 格式错误"
    return _damaged(
        file_name,
        f"{what}{cause}（第 {exc.lineno} 行第 {exc.offset} 个字符处），文件不完整或已损坏",
    )


def _parser(file_name: str) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024

    def refuse(*_args: object) -> None:
        raise _Refused(
            f"无法导入“{file_name}”：文件中含有 Excel 不会写入的 XML 声明（DOCTYPE 或实体），"
            f"可能是被改造过的文件。{RESAVE}"
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _feed(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    parser: expat.XMLParserType,
    file_name: str,
    what: str,
    *,
    ready: Callable[[], bool] | None = None,
    limit: int | None = None,
) -> Iterator[None]:
    """Feed the part to the parser chunk by chunk; yields after each chunk for which
    `ready()` holds (a streaming reader hands out what the chunk completed). With a
    `limit`, stops once that many bytes were fed (what follows is known to be empty)."""
    fed = 0
    try:
        with zf.open(info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                parser.Parse(chunk, not chunk)
                fed += len(chunk)
                if ready is not None and ready():
                    yield
                if not chunk or (limit is not None and fed >= limit):
                    break
    except _Refused as exc:
        raise RendaError(str(exc)) from None
    except expat.ExpatError as exc:
        raise _expat_damage(file_name, what, exc) from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise _damaged(file_name, f"{what}已损坏，无法解压（{exc}）") from None
    except RuntimeError as exc:  # an encrypted member
        raise _damaged(file_name, f"{what}无法解压（{exc}）") from None


def _parse_part(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: _Budget,
    what: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] = lambda _tag: None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Parse a whole part with handlers that get local tag names; counts its elements."""
    budget.claim_bytes(info, what)
    parser = _parser(budget.file_name)

    def on_start(name: str, attrs: dict[str, str]) -> None:
        budget.elements_left -= 1
        if budget.elements_left < 0:
            raise _Refused(str(budget.too_many_elements(what)))
        start(_local(name), attrs)

    parser.StartElementHandler = on_start
    parser.EndElementHandler = lambda name: end(_local(name))
    if text is not None:
        parser.CharacterDataHandler = text
    for _ in _feed(zf, info, parser, budget.file_name, what):
        pass


@dataclass
class _SheetEntry:
    name: str
    info: zipfile.ZipInfo


def _attr(attrs: dict[str, str], local: str) -> str | None:
    for key, value in attrs.items():
        if _local(key) == local:
            return value
    return None


def _rels(
    zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], part: str, budget: _Budget
) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target path in the zip) of a part."""
    folder = PurePosixPath(part).parent
    rels_name = str(folder / "_rels" / (PurePosixPath(part).name + ".rels")).lstrip("/")
    info = names.get(rels_name.lower())
    found: dict[str, tuple[str, str]] = {}
    if info is None:
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                parts: list[str] = []
                for piece in (folder / target).parts:
                    if piece == "..":
                        if parts:
                            parts.pop()
                    elif piece not in (".", "/"):
                        parts.append(piece)
                path = "/".join(parts)
            found[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], path)

    _parse_part(zf, info, budget, "文件的目录", start)
    return found


def _check_zip_directory(path: Path) -> None:
    """Refuse a zip whose directory alone would take the memory (millions of entries)
    before zipfile reads it: the end record says how many entries and how large."""
    import struct

    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 65557))
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise _damaged(path.name, "文件已损坏（找不到压缩包的目录），或不是 Excel 文件")
    entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory == 0xFFFFFFFF:  # ZIP64: the real counts are elsewhere
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        if locator < 0:
            raise _damaged(path.name, "压缩包的目录已损坏")
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        with path.open("rb") as f:
            f.seek(offset)
            record = f.read(56)
        if not record.startswith(b"PK\x06\x06") or len(record) < 56:
            raise _damaged(path.name, "压缩包的目录已损坏")
        entries, directory = struct.unpack("<QQ", record[32:48])
    if entries > MAX_ZIP_ENTRIES or directory > MAX_ZIP_DIRECTORY:
        raise RendaError(
            f"无法导入“{path.name}”：压缩包中有 {entries} 个文件，不是一个正常的 Excel 表格"
            f"（可能已损坏或被改造过）。{RESAVE}"
        )


def _open_xlsx(path: Path) -> Workbook:
    file_name = path.name
    _check_zip_directory(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _damaged(file_name, f"文件已损坏，或不是 Excel 文件（{exc}）") from None
    try:
        return _read_xlsx(zf, file_name)
    except BaseException:
        zf.close()
        raise


def _read_xlsx(zf: zipfile.ZipFile, file_name: str) -> Workbook:
    budget = _Budget(file_name)
    names = {info.filename.lower(): info for info in zf.infolist()}
    root = _rels(zf, names, "", budget)
    workbook_part = next(
        (target for kind, target in root.values() if kind == "officeDocument"), "xl/workbook.xml"
    )
    workbook_info = names.get(workbook_part.lower())
    if workbook_info is None:
        raise _damaged(file_name, "文件中没有工作簿（不是 Excel 文件，或已损坏）")

    declared: list[tuple[str, str, str]] = []  # (name, state, relationship id)
    flags = {"date1904": False}

    def workbook_start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            rid = _attr(attrs, "id") or ""
            declared.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
        elif tag == "workbookPr":
            flags["date1904"] = attrs.get("date1904", "0") in ("1", "true")

    _parse_part(zf, workbook_info, budget, "工作簿目录", workbook_start)
    rels = _rels(zf, names, workbook_part, budget)
    strings: list[str] = []
    formats: list[str] = []
    for kind, target in rels.values():
        info = names.get(target.lower())
        if info is None:
            continue
        if kind == "sharedStrings":
            strings = _shared_strings(zf, info, budget)
        elif kind == "styles":
            formats = _cell_formats(zf, info, budget)
    is_date = [_is_date_format(fmt) for fmt in formats]
    epoch = datetime(1904, 1, 1) if flags["date1904"] else None

    sheets: list[Sheet] = []
    for name, state, rid in declared:
        kind, target = rels.get(rid, ("", ""))
        info = names.get(target.lower())
        if state != "visible" or kind != "worksheet" or info is None:
            continue
        entry = _SheetEntry(name, info)
        scan = _scan_sheet(zf, entry, budget)
        sheet = Sheet(name, scan.content_rows, scan.too_long)
        context = _SheetContext(
            strings, formats, is_date, epoch, scan.merges, scan.prefix, sheet.notes, scan.data_end
        )
        sheet._reader = _row_reader(zf, entry, file_name, context)
        sheets.append(sheet)
    if not sheets:
        raise _damaged(file_name, "文件中没有可见的工作表")
    return Workbook(sheets, zf.close)


def _shared_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> list[str]:
    strings: list[str] = []
    state = {"in_t": False, "phonetic": 0}
    parts: list[str] = []

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if tag == "t":
            state["in_t"] = True
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "si":
            parts.clear()

    def end(tag: str) -> None:
        if tag == "t":
            state["in_t"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            if len(strings) >= MAX_SHARED_STRINGS:
                raise _Refused(
                    f"无法导入“{budget.file_name}”：表格中不同的文字超过 "
                    f"{MAX_SHARED_STRINGS // 10000} 万条，超出一次导入的上限。请把名册分成"
                    "几个文件，分批导入。"
                )
            strings.append(_unescape("".join(parts)))

    def text(data: str) -> None:
        if state["in_t"] and not state["phonetic"]:
            parts.append(data)

    _parse_part(zf, info, budget, "文字表", start, end, text)
    return strings


def _cell_formats(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> list[str]:
    """The number format of each cell style (the `s` of a cell), in order."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    custom: dict[int, str] = {}
    ids: list[int] = []
    state = {"in_xfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt":
            try:
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "General")
            except ValueError:
                pass
        elif tag == "cellXfs":
            state["in_xfs"] = True
        elif tag == "xf" and state["in_xfs"] and len(ids) < 65536:
            try:
                ids.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                ids.append(0)

    def end(tag: str) -> None:
        if tag == "cellXfs":
            state["in_xfs"] = False

    _parse_part(zf, info, budget, "格式表", start, end)
    return [custom.get(i) or BUILTIN_FORMATS.get(i) or _ZH_FORMATS.get(i, "General") for i in ids]


def _is_date_format(fmt: str) -> bool:
    from openpyxl.styles.numbers import is_date_format

    return fmt not in ("General", "@") and is_date_format(fmt)


@dataclass
class _Scan:
    content_rows: int = 0
    too_long: bool = False
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    prefix: str = ""  # the namespace prefix of the sheet's tags ("x:"), mostly none
    # Where the last row holding a value ends (the start of the row after it): the rows
    # below, styled but empty down to row 1,048,576, are not parsed again. None: the end.
    data_end: int | None = None


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_VALUE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)[\s>]")
_MERGE_TAG = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=[\"']([A-Za-z]{1,3}\d{1,7})"
    rb"(?::([A-Za-z]{1,3}\d{1,7}))?[\"']"
)
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_OVERLAP = 512


def _scan_sheet(zf: zipfile.ZipFile, entry: _SheetEntry, budget: _Budget) -> _Scan:
    """The first pass: the XML is whole and within the limits; the merged ranges; how
    many rows hold a value. expat checks the XML without calling back into Python for each
    element; the counting is done on the bytes, so the pass costs about a second for a
    sheet of 50,000 rows and refuses a bomb at the cap."""
    what = f"工作表“{entry.name}”"
    scan = _Scan()
    budget.claim_bytes(entry.info, what)
    parser = _parser(budget.file_name)
    rows = 0
    has_value = False
    carry = b""
    base = 0  # where `text` starts in the unpacked sheet
    first = True
    try:
        with zf.open(entry.info) as stream:
            while True:
                chunk = stream.read(CHUNK)
                try:
                    parser.Parse(chunk, not chunk)
                except _Refused as exc:
                    raise RendaError(str(exc)) from None
                if first:
                    root = _ROOT_TAG.search(chunk)
                    scan.prefix = (root.group(1) or b"").decode("ascii") if root else ""
                    first = False
                budget.elements_left -= chunk.count(b"<") - chunk.count(b"</")
                if budget.elements_left < 0:
                    raise budget.too_many_elements(what)
                # Counted on the bytes, the end of each chunk read again with the next
                # (`carry`) so that no tag cut in two is missed: rows holding a value (a
                # row start, then a <v> or <is> before the next) and merged ranges.
                text = carry + chunk
                cut = len(text) if not chunk else max(0, len(text) - _OVERLAP)
                starts = []
                for m in _ROW_TAG.finditer(text):
                    if m.start() >= cut:
                        break
                    starts.append(m.start())
                at = 0
                for start in starts:
                    if not has_value and _VALUE_TAG.search(text, at, start):
                        has_value = True
                    if rows and has_value:
                        scan.content_rows += 1
                        scan.data_end = base + start
                    rows += 1
                    has_value = False
                    at = start
                following = _ROW_TAG.search(text, cut)  # read again with the next chunk
                end = following.start() if following else len(text)
                if not has_value and _VALUE_TAG.search(text, at, max(at, end)):
                    has_value = True
                for m in _MERGE_TAG.finditer(text, 0, len(text)):
                    if m.start() >= cut:
                        break
                    _add_merge(scan, m.group(1), m.group(2), budget, what)
                carry = text[cut:]
                base += cut
                if scan.content_rows > MAX_ROWS:
                    scan.too_long = True
                    break
                if not chunk:
                    break
        if rows and has_value and not scan.too_long:
            scan.content_rows += 1
            scan.data_end = None
    except expat.ExpatError as exc:
        raise _expat_damage(budget.file_name, what, exc) from None
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise _damaged(budget.file_name, f"{what}已损坏，无法解压（{exc}）") from None
    scan.merges.sort()
    return scan


def _add_merge(scan: _Scan, first: bytes, last: bytes | None, budget: _Budget, what: str) -> None:
    c0, r0 = _column_index(first.decode("ascii"))
    c1, r1 = _column_index((last or first).decode("ascii"))
    if min(c0, c1) < 0 or min(r0, r1) < 1 or max(r0, r1) > EXCEL_ROWS:
        return
    if len(scan.merges) >= MAX_MERGES:
        raise RendaError(
            f"无法导入“{budget.file_name}”：{what}中合并的单元格超过 "
            f"{MAX_MERGES // 10000} 万处，超出一次导入的上限。{RESAVE}"
        )
    c0, c1 = min(c0, c1), max(c0, c1)
    if c0 < MAX_COLUMNS:
        scan.merges.append((min(r0, r1), c0, max(r0, r1), min(c1, MAX_COLUMNS - 1)))


@dataclass
class _SheetContext:
    strings: list[str]
    formats: list[str]
    is_date: list[bool]
    epoch: datetime | None  # None: the 1900 date system
    merges: list[tuple[int, int, int, int]]
    prefix: str
    notes: list[str]
    data_end: int | None


def _row_reader(
    zf: zipfile.ZipFile, entry: _SheetEntry, file_name: str, ctx: _SheetContext
) -> Callable[[], Iterator[Row]]:
    def read() -> Iterator[Row]:
        return _read_rows(zf, entry, file_name, ctx)

    return read


def _number(text: str) -> int | float | str:
    try:
        if text.lstrip("-").isdigit():
            return int(text)
        return float(text)
    except ValueError:
        return text


def _read_rows(
    zf: zipfile.ZipFile, entry: _SheetEntry, file_name: str, ctx: _SheetContext
) -> Iterator[Row]:
    """The second pass: the rows that hold a value, merged ranges filled in. The handlers
    are closures over plain variables: they run once per XML element."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

    what = f"工作表“{entry.name}”"
    epoch = ctx.epoch or WINDOWS_EPOCH
    strings, formats, is_date = ctx.strings, ctx.formats, ctx.is_date
    n_strings, n_formats = len(strings), len(formats)
    p = ctx.prefix
    tag_c, tag_v, tag_t, tag_row, tag_rph = p + "c", p + "v", p + "t", p + "row", p + "rPh"
    ready: deque[Row] = deque()
    cells: dict[int, Cell] = {}
    parts: list[str] = []
    ref: str | None = None
    col = -1  # the current cell's column, when known (ref is None)
    kind = "n"
    style = 0
    collect = False
    phonetic = 0
    number = 0
    wide = False
    pending = deque(ctx.merges)
    active: list[tuple[int, int, int, Cell]] = []  # r1, c0, c1, top-left cell
    fill_left = MAX_MERGE_FILL

    def column() -> int:
        nonlocal ref, col
        if ref is not None:
            letters = ref.rstrip("0123456789")
            found = _COLUMNS.get(letters)
            col = found if found is not None else _column_index(ref)[0]
            ref = None
        return col

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal ref, col, kind, style, collect, phonetic, number
        if name == tag_c:
            r = attrs.get("r")
            if r is None:
                col = column() + 1
            ref = r
            kind = attrs.get("t", "n")
            s = attrs.get("s")
            style = int(s) if s is not None and s.isdigit() else 0
            if parts:
                parts.clear()
        elif name == tag_v or (name == tag_t and not phonetic):
            collect = True
        elif name == tag_row:
            r = attrs.get("r")
            number = int(r) if r is not None and r.isdigit() else number + 1
            if number > EXCEL_ROWS:
                raise _Refused(str(_damaged(file_name, f"{what}中有超出 Excel 范围的行")))
            ref, col = None, -1
            cells.clear()
        elif name == tag_rph:
            phonetic += 1

    def end(name: str) -> None:
        nonlocal collect, phonetic, wide
        if name == tag_c:
            if parts:
                c = column()
                if 0 <= c < MAX_COLUMNS:
                    made = make_cell("".join(parts))
                    if made is not None:
                        cells[c] = made
                elif c >= MAX_COLUMNS and not wide:
                    wide = True
                    ctx.notes.append(f"{what}第 IV 列右边的内容没有读取")
        elif name in (tag_v, tag_t):
            collect = False
        elif name == tag_row:
            if cells:
                finish_row()
        elif name == tag_rph:
            phonetic -= 1

    def text(data: str) -> None:
        if collect:
            parts.append(data)

    def make_cell(raw: str) -> Cell | None:
        fmt = formats[style] if style < n_formats else "General"
        value: Any
        if kind == "s":
            index = int(raw) if raw.strip().isdigit() else -1
            value = strings[index] if 0 <= index < n_strings else None
        elif kind in ("inlineStr", "str"):
            value = _unescape(raw)
        elif kind == "b":
            value = raw.strip() in ("1", "true")
        elif kind == "e":
            value = None
        elif kind == "d":
            try:
                value = datetime.fromisoformat(raw.strip())
            except ValueError:
                value = raw
        else:
            value = _number(raw.strip()) if raw.strip() else None
            if isinstance(value, int | float) and style < n_formats and is_date[style]:
                try:
                    when = from_excel(value, epoch)
                except (OverflowError, ValueError, TypeError):
                    when = None
                if isinstance(when, datetime):
                    value = when
        if value is None or (value.__class__ is str and (not value or value.isspace())):
            return None
        return Cell(value, fmt)

    def finish_row() -> None:
        line = [BLANK] * (max(cells) + 1)
        for c, made in cells.items():
            line[c] = made
        if pending or active:
            line = merge_into(line)
        ready.append(Row(number, line))

    def merge_into(line: list[Cell]) -> list[Cell]:
        nonlocal fill_left
        while pending and pending[0][0] <= number:
            r0, c0, r1, c1 = pending.popleft()
            if r0 == number and c0 < len(line) and not line[c0].blank:
                active.append((r1, c0, c1, line[c0]))
        if not active:
            return line
        active[:] = [m for m in active if m[0] >= number]
        for _r1, c0, c1, top in active:
            fill_left -= c1 - c0 + 1
            if fill_left < 0:
                raise _Refused(str(_damaged(file_name, f"{what}中合并的单元格互相重叠")))
            if len(line) <= c1:
                line.extend([BLANK] * (c1 + 1 - len(line)))
            for c in range(c0, c1 + 1):
                line[c] = top
        return line

    parser = _parser(file_name)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    for _ in _feed(
        zf, entry.info, parser, file_name, what, ready=lambda: bool(ready), limit=ctx.data_end
    ):
        while ready:
            yield ready.popleft()
    while ready:
        yield ready.popleft()


# ---- .xls -------------------------------------------------------------------------------


def _open_xls(path: Path) -> Workbook:
    import xlrd

    size = path.stat().st_size
    if size > MAX_XLS_BYTES:
        raise RendaError(
            f"无法导入“{path.name}”：文件有 {size / MIB:.0f} MB，超过了 .xls 文件的上限"
            f"（{MAX_XLS_BYTES // MIB} MB）。{RESAVE}"
        )
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises many kinds for a damaged file
        raise _damaged(path.name, f"文件已损坏，或不是 .xls 格式（{exc}）") from exc
    sheets = []
    for sh in book.sheets():
        if sh.visibility != 0:
            continue
        grid = _xls_grid(book, sh)
        content = [Row(number, cells) for number, cells in grid]
        sheet = Sheet(sh.name, len(content), len(content) > MAX_ROWS)
        sheet._reader = lambda content=content: iter(content)
        sheets.append(sheet)
    if not sheets:
        raise _damaged(path.name, "文件中没有可见的工作表")
    return Workbook(sheets, book.release_resources)


def _xls_grid(book: Any, sh: Any) -> list[tuple[int, list[Cell]]]:
    import xlrd

    formats: dict[int, str] = {}
    grid: dict[int, list[Cell]] = {}
    for r in range(sh.nrows):
        row: list[Cell] = []
        for c in range(min(sh.ncols, MAX_COLUMNS)):
            cell = sh.cell(r, c)
            value: Any = cell.value
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                row.append(BLANK)
                continue
            fmt = formats.get(cell.xf_index)
            if fmt is None:
                try:
                    fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                except (KeyError, IndexError, AttributeError):
                    fmt = "General"
                formats[cell.xf_index] = fmt
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                except (ValueError, OverflowError):
                    pass
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif cell.ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
                value = int(value)
            row.append(Cell(value, fmt))
        while row and row[-1].blank:
            row.pop()
        if row:
            grid[r] = row
    for r0, r1, c0, c1 in sh.merged_cells:
        top = grid.get(r0, [])
        if c0 >= len(top) or top[c0].blank:
            continue
        for r in range(r0, r1):
            line = grid.get(r)
            if line is None:
                continue
            end = min(c1, MAX_COLUMNS)
            if len(line) < end:
                line.extend([BLANK] * (end - len(line)))
            for c in range(c0, end):
                line[c] = top[c0]
    return [(r + 1, grid[r]) for r in sorted(grid)]
