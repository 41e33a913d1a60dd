"""Roster import from an office's own Excel sheet (代表名册导入).

    plan = plan_import(office, path, policy="update", create_missing=True)
    ... show plan.rows and plan.problems() to the clerk ...
    result = apply_import(office, plan, only_valid=True)

`plan_import` reads and checks everything and writes nothing. The sheet is read a row at a
time in bounded memory (app/exchange/sheet_reader.py); coded cells are understood through
the synonyms and the clerk's remembered mappings (app/exchange/roster_values.py: 汉 → 汉族);
each row is checked by the same `Deputies.check` the form uses, so the rules live in one
place. A row whose ID number finds a deputy of another name is a conflict: it renames no
one unless the clerk confirms that row. `apply_import` writes the planned rows in one
transaction, or nothing."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.chinese import clean_name, clean_text, cn_number, to_halfwidth
from app.core.errors import RendaError, ValidationError
from app.core.progress import NO_PROGRESS, Progress
from app.core.validate import check_id_number, mask_id_number
from app.deputies.fields import DEPUTY_FIELDS, FIELDS_BY_KEY
from app.exchange.roster_fields import LEVEL, LINKS, field_for_header
from app.exchange.roster_values import (
    CODED_KINDS,
    LIST_FIELDS,
    ValueReader,
    normalise,
    remember,
)
from app.exchange.sheet_reader import BLANK, Cell, Row, Sheet, open_workbook

if TYPE_CHECKING:
    from app.deputies.deputies import Deputy
    from app.office import Office

POLICIES = {
    "skip": "跳过（保留名册中已有的记录）",
    "update": "更新（用表格中填写的内容覆盖）",
    "fill": "只补空白（名册中空着的项才填入）",
}
ACTIONS = {
    "new": "新增",
    "update": "更新",
    "fill": "补充空白",
    "unchanged": "无变化",
    "skip": "已有，跳过",
    "conflict": "姓名不一致",
    "unmapped": "待指定",
    "invalid": "有错误",
}
# choice: a value no list has, waiting for the clerk to say which list value it means.
LEVELS = {"error": "错误", "choice": "待指定", "warning": "提醒", "notice": "说明"}
LINK_LABELS = {"constituency": "选区", "group": "代表小组", "station": "联络站"}
HEADER_SCAN_ROWS = 20
TOTAL_WORDS = ("合计", "总计", "共计", "小计", "总人数", "人数合计")
MASK = "*"
KEEP_ROWS = 20  # rows named in a value's note (the count is always whole)


@dataclass(frozen=True)
class Problem:
    row: int  # the row number Excel shows; 0 for the sheet as a whole
    column: str  # column letter, "" for the whole row
    header: str  # the column's header in the sheet (or the field's name)
    message: str
    level: str = "error"  # error | warning | notice

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def where(self) -> str:
        if not self.row:
            return ""  # a note on the whole sheet names its column itself
        if self.column:
            return f"第 {self.row} 行 {self.column} 列（{self.header}）"
        return f"第 {self.row} 行" + (f"（{self.header}）" if self.header else "")


@dataclass(frozen=True)
class RowPlan:
    row: int
    name: str
    action: str
    values: dict[str, Any] = field(default_factory=dict)  # fields to write
    links: dict[str, str] = field(default_factory=dict)  # link field -> name in the sheet
    deputy_id: int | None = None
    problems: tuple[Problem, ...] = ()
    summary: dict[str, str] = field(default_factory=dict)  # what the preview shows
    same_name: bool = False  # a new deputy whose name the term (or an earlier row) has

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]

    @property
    def writes(self) -> bool:
        return self.action in ("new", "update", "fill")


@dataclass(frozen=True)
class ValueNote:
    """A coded value of the sheet read as a list value: 汉 → 汉族 (in `count` rows)."""

    field: str  # field key
    header: str  # the column's header in the sheet
    source: str  # as written in the sheet
    value: str  # as it is imported ("" when the clerk chose to leave it blank)
    how: str  # "synonym" (the shipped table) | "mapping" (the clerk's, now) | "remembered"
    count: int

    @property
    def text(self) -> str:
        shown = self.value if self.value != "" else "（留空）"
        by = {"mapping": "（本次指定）", "remembered": "（按上次指定的对应）"}.get(self.how, "")
        return f"{self.header}：{self.source} → {shown}{by}，{self.count} 行"


@dataclass(frozen=True)
class UnknownValue:
    """A value of a list field that is neither in the list nor understood: the clerk says
    which list value it means (or to leave it blank)."""

    field: str
    list_key: str
    header: str
    column: str
    source: str
    rows: tuple[int, ...]  # the first KEEP_ROWS rows it is in
    count: int
    choices: tuple[str, ...]  # the list's values
    suggested: tuple[str, ...]  # the closest, first

    @property
    def key(self) -> tuple[str, str]:
        return (self.list_key, self.source)

    @property
    def label(self) -> str:
        return FIELDS_BY_KEY[self.field].label


@dataclass(frozen=True)
class ImportPlan:
    file_name: str
    sheet: str
    header_row: int
    columns: dict[str, str]  # field key -> header in the sheet
    rows: list[RowPlan]
    notices: list[Problem]
    missing_links: dict[str, list[str]]  # constituency/group/station -> names to create
    policy: str
    create_missing: bool
    term_id: int
    understood: list[ValueNote] = field(default_factory=list)
    unknown: list[UnknownValue] = field(default_factory=list)
    mappings: dict[tuple[str, str], str] = field(default_factory=dict)  # new, to remember
    # The state of the database the plan was made on (see `_Snapshot`): when nothing was
    # written anywhere since, its checked rows are written as they are, not checked again.
    snapshot: _Snapshot | None = field(default=None, repr=False, compare=False)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def invalid_rows(self) -> list[RowPlan]:
        """Rows that cannot be written as they are: errors, or values still to be mapped."""
        return [r for r in self.rows if r.action in ("invalid", "unmapped")]

    @property
    def unmapped_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == "unmapped"]

    @property
    def conflict_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == "conflict"]

    @property
    def writing_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.writes]

    @property
    def same_name_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.writes and r.same_name]

    def problems(self) -> list[Problem]:
        found = list(self.notices) + [p for r in self.rows for p in r.problems]
        return sorted(found, key=lambda p: (p.row, p.column, p.level != "error"))

    @property
    def summary(self) -> str:
        parts = [f"共 {len(self.rows)} 行代表"]
        for action in (
            "new",
            "update",
            "fill",
            "unchanged",
            "skip",
            "conflict",
            "unmapped",
            "invalid",
        ):
            n = self.count(action)
            if n:
                parts.append(f"{ACTIONS[action]} {n}")
        text = "，".join(parts)
        if self.missing_links:
            names = "；".join(
                f"{LINK_LABELS[k]}：{'、'.join(v)}" for k, v in self.missing_links.items()
            )
            if self.create_missing:
                text += f"。将新建{names}"
            else:
                text += f"。表格中有系统里没有的{names}（可勾选自动新建）"
        if self.unknown:
            text += f"。有 {len(self.unknown)} 个值不在列表中，需要指定对应的值"
        return text


class _Snapshot:
    """Which connection, and what it had seen: SQLite's data_version changes when another
    connection commits, total_changes when this one writes anything."""

    def __init__(self, office: Office) -> None:
        self._conn = office.db.conn
        self._seen = self._state()

    def _state(self) -> tuple[int, int]:
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return version, self._conn.total_changes

    def current(self, office: Office) -> bool:
        return office.db.conn is self._conn and self._state() == self._seen


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    skipped: int
    refused: int
    created: dict[str, list[str]]
    renamed: int = 0
    conflicts_left: int = 0  # rows whose ID number belongs to a deputy of another name

    @property
    def text(self) -> str:
        text = f"新增 {self.added} 名，更新 {self.updated} 名，无变化 {self.unchanged} 名"
        if self.renamed:
            text += f"（其中经确认改名 {self.renamed} 名）"
        if self.skipped:
            text += f"，已有而跳过 {self.skipped} 名"
        if self.conflicts_left:
            text += f"，姓名与名册不一致而未导入 {self.conflicts_left} 行"
        if self.refused:
            text += f"，有错误未导入 {self.refused} 行"
        for kind, names in self.created.items():
            if names:
                text += f"；新建{LINK_LABELS[kind]}：{'、'.join(names)}"
        return text


# ---- reading the sheet ------------------------------------------------------------------


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _header_fields(row: list[Cell]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, cell in enumerate(row):
        if isinstance(cell.value, str):
            key = field_for_header(cell.value)
            if key:
                found[i] = key
    return found


@dataclass(frozen=True)
class _Header:
    sheet: Sheet
    head: Row
    below: Row | None  # the row after the header, when it is the next row of the sheet


def _find_header(sheets: list[Sheet]) -> _Header:
    """The sheet and row whose cells name the most fields (姓名 among them), among the
    first rows that hold a value. On a tie the lower row wins: in a two-row header it is
    the one the data follows."""
    best: tuple[int, int, int] | None = None  # (fields found, -sheet index, row)
    found: dict[tuple[int, int], _Header] = {}
    for s, sheet in enumerate(sheets):
        rows = list(islice(sheet.rows(), HEADER_SCAN_ROWS + 1))
        for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            fields = set(_header_fields(row.cells).values())
            if "name" in fields and len(fields) >= 2:
                score = (len(fields), -s, r)
                if best is None or score > best:
                    best = score
                    after = rows[r + 1] if r + 1 < len(rows) else None
                    below = after if after and after.number == row.number + 1 else None
                    found[(s, r)] = _Header(sheet, row, below)
    if best is None:
        raise RendaError(
            "在表格的前 20 行中找不到表头。表头至少要有“姓名”一列和另一列（如性别、"
            "出生年月、工作单位及职务）。可以先下载空白模板，对照填写。"
        )
    return found[(-best[1], best[2])]


def _columns(header: _Header) -> tuple[dict[int, str], dict[int, str], int, list[str]]:
    """Column -> field, column -> header text, the last header row, notices."""
    head = header.head.cells
    mapping = _header_fields(head)
    texts = {i: clean_text(c.value) for i, c in enumerate(head) if not c.blank}
    last_header = header.head.number
    # A two-row header: the row below names fields in cells of its own (归侨侨眷 and 连任代表
    # under a merged “是否”), while merged cells repeat the top row's value.
    if header.below is not None:
        below_row = header.below.cells
        below = {
            i: key
            for i, key in _header_fields(below_row).items()
            if i >= len(head) or below_row[i] is not head[i]
        }
        if below:
            for i, key in below.items():
                mapping[i] = key
                texts[i] = clean_text(below_row[i].value)
            last_header = header.below.number
    notices: list[str] = []
    seen: dict[str, int] = {}
    for i in sorted(mapping):
        key = mapping[i]
        if key in seen and key != "unit":
            notices.append(
                f"“{texts[i]}”列与“{texts[seen[key]]}”列是同一项，只导入“{texts[seen[key]]}”列"
            )
            del mapping[i]
        else:
            seen.setdefault(key, i)
    for i, text in texts.items():
        if i not in mapping and field_for_header(text) is None:
            notices.append(f"“{text}”列没有对应的登记项，未导入")
    return mapping, texts, last_header, notices


def _number_text(cell: Cell) -> str:
    """A number as the sheet shows it: 1975.1 formatted 0.00 reads 1975.10."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        match = re.search(r"\.(0+)", cell.number_format or "")
        if match:
            return f"{value:.{len(match.group(1))}f}"
        return repr(value)
    return str(value)


def _date_precision_is_month(cell: Cell) -> bool:
    fmt = (cell.number_format or "").lower()
    return "d" not in fmt.replace("[red]", "")


# ---- one cell -> one field value ----------------------------------------------------


@dataclass
class _CellResult:
    value: Any = None
    given: bool = False
    error: str = ""
    warning: str = ""
    masked: bool = False


_NOT_GIVEN = _CellResult()


def _read_cell(key: str, cell: Cell) -> _CellResult:
    if cell.blank:
        return _NOT_GIVEN
    value = cell.value
    if key == LEVEL:
        return _read_level(value)
    spec = FIELDS_BY_KEY[key]
    kind = spec.kind
    if isinstance(value, str):
        text = value.strip()
        if spec.sensitive and MASK in text:
            return _CellResult(masked=True)
        if kind == "month":
            return _read_month_text(text)
        return _CellResult(text, True)
    if isinstance(value, bool):
        return _CellResult(value if kind == "bool" else ("是" if value else "否"), True)
    if isinstance(value, datetime):
        if kind == "month":
            iso = value.date().isoformat()
            return _CellResult(iso[:7] if _date_precision_is_month(cell) else iso, True)
        if kind == "date":
            return _CellResult(value.date().isoformat(), True)
        return _CellResult(value.date().isoformat(), True)
    # A number.
    text = _number_text(cell)
    if kind == "id_number":
        digits = str(int(value)) if isinstance(value, int | float) else text
        if len(digits) >= 16:
            return _CellResult(
                digits,
                True,
                error=(
                    f"身份证号码在表格里存成了数字（{digits}），Excel 只保留 15 位有效数字，"
                    "末尾几位已经丢失，无法还原。请把这一列设为“文本”格式，重新填写正确的号码"
                ),
            )
        return _CellResult(digits, True)
    if kind == "phone":
        result = _CellResult(text, True)
        if not text.startswith("1"):
            result.warning = "电话号码在表格里是数字格式，区号开头的 0 可能已经丢失"
        return result
    if kind == "postcode" and len(text) < 6:
        return _CellResult(text, True, warning="邮政编码在表格里是数字格式，开头的 0 可能已丢失")
    if kind == "bool":
        if value in (0, 1):
            return _CellResult(bool(value), True)
        return _CellResult(text, True, error="只能填“是”或“否”（也可以留空）")
    if kind == "month":
        return _read_month_text(text, from_number=isinstance(value, float))
    return _CellResult(text, True)


def _read_month_text(text: str, *, from_number: bool = False) -> _CellResult:
    result = _CellResult(text, True)
    value = to_halfwidth(text).strip()
    match = re.fullmatch(r"(\d{4})\.(\d)", value)
    if match and from_number:
        year, month = match.groups()
        if month == "1":
            result.warning = (
                f"“{text}”按 {year} 年 1 月导入；如果本来是 {year}.10（10 月），"
                "是 Excel 把它当成数字丢掉了末尾的 0，请改正"
            )
    return result


def _read_level(value: Any) -> _CellResult:
    text = clean_text(value).replace(" ", "")
    both = ("两级" in text) or ("县" in text and ("乡" in text or "镇" in text))
    if both:
        return _CellResult((True, True), True)
    if "县" in text:
        return _CellResult((False, True), True)
    if "乡" in text or "镇" in text:
        return _CellResult((True, False), True)
    return _CellResult(text, True, error="级别应为“乡镇级”、“县级”或“县、乡两级”")


# ---- links: constituency, group, station by name ----------------------------------------


class _Links:
    def __init__(self, office: Office, term_id: int) -> None:
        term = office.terms.get(term_id)
        self.by_kind: dict[str, dict[str, int]] = {
            "constituency": {c.name: c.id for c in office.constituencies.list(term_id)},
            "group": {g.name: g.id for g in office.groups.list(term_id)},
            "station": {s.name: s.id for s in office.stations.list(term.township_id)},
        }
        self.numbers = {c.number: c.id for c in office.constituencies.list(term_id) if c.number}

    def candidates(self, kind: str, name: str) -> list[str]:
        text = clean_text(name)
        options = [text]
        if kind == "constituency":
            digits = to_halfwidth(text).removeprefix("第").removesuffix("选区")
            if digits.isdigit():
                options.append(f"第{cn_number(int(digits))}选区")
            options += [text + "选区", f"第{text}选区"]
        elif kind == "group":
            options += [text + "代表小组", text + "小组", text.removesuffix("小组") + "代表小组"]
        else:
            options += [
                text + "代表联络站",
                text + "代表联络点",
                text + "联络站",
                text + "联络点",
                text + "村代表联络点",
            ]
        return options

    def find(self, kind: str, name: str) -> int | None:
        known = self.by_kind[kind]
        for option in self.candidates(kind, name):
            if option in known:
                return known[option]
        if kind == "constituency":
            digits = to_halfwidth(clean_text(name))
            if digits.isdigit() and int(digits) in self.numbers:
                return self.numbers[int(digits)]
        return None


def _link_name(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


# ---- planning ---------------------------------------------------------------------------


@dataclass
class _Index:
    """The deputies of the term, found by ID number, name and birth month, or name."""

    by_id: dict[str, int]
    by_name_birth: dict[tuple[str, str], list[int]]
    by_name: dict[str, list[int]]
    names: dict[int, str]


def _existing_index(office: Office, term_id: int) -> _Index:
    index = _Index({}, {}, {}, {})
    rows = office.db.execute(
        "SELECT id, name, birth_date, id_number FROM deputies WHERE term_id = ?", [term_id]
    ).fetchall()
    for deputy_id, name, birth, id_number in rows:
        if id_number:
            index.by_id[id_number] = deputy_id
        index.by_name_birth.setdefault((name, (birth or "")[:7]), []).append(deputy_id)
        index.by_name.setdefault(name, []).append(deputy_id)
        index.names[deputy_id] = name
    return index


def _is_blank(value: Any) -> bool:
    return value in (None, "", False)


def plan_import(
    office: Office,
    path: Path | str,
    *,
    policy: str = "skip",
    create_missing: bool = False,
    mappings: dict[tuple[str, str], str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> ImportPlan:
    """Read and check the sheet; write nothing. `mappings` says what values the clerk
    mapped in this preview: (list key, value as in the sheet) -> list value, or "" to
    leave the field blank; they are remembered when the import is written."""
    if policy not in POLICIES:
        raise RendaError("重复记录的处理方式只能是 skip（跳过）、update（更新）或 fill（补空白）")
    if office.mode == "county":
        raise RendaError("县级汇总数据库的代表来自各乡镇的报送包，不能从 Excel 导入名册")
    source = Path(path)
    snapshot = _Snapshot(office)
    term_id = office.current_term_id()
    given_mappings = _checked_mappings(office, mappings or {})
    progress.report(0, 0, f"正在读取“{source.name}”…")
    with open_workbook(source) as book:
        header = _find_header(book.sheets)
        sheet = header.sheet
        sheet.refuse_if_too_long()
        mapping, texts, last_header, column_notes = _columns(header)
        notices = [Problem(0, "", "", text, "notice") for text in column_notes]
        planner = _Planner(
            office,
            mapping,
            texts,
            ValueReader.for_office(office, given_mappings),
            policy=policy,
            create_missing=create_missing,
            term_id=term_id,
        )
        total = sheet.content_rows
        with office.deputies.batch():
            rows = _plan_rows(sheet, planner, mapping, last_header, notices, progress)
        for note in sheet.notes:
            notices.append(Problem(0, "", "", note, "notice"))
    for i in sorted(planner.masked_columns):
        notices.append(
            Problem(
                0,
                column_letter(i),
                texts[i],
                f"“{texts[i]}”列的内容是部分隐藏的（含 *），这一列没有导入，名册中原有的内容不变",
                "notice",
            )
        )
    progress.report(total, total, "检查完毕")
    return ImportPlan(
        file_name=source.name,
        sheet=sheet.name,
        header_row=header.head.number,
        columns={k: texts[i] for i, k in mapping.items()},
        rows=rows,
        notices=notices,
        missing_links={k: v for k, v in planner.missing.items() if v},
        policy=policy,
        create_missing=create_missing,
        term_id=term_id,
        understood=planner.value_notes(),
        unknown=planner.unknown_values(),
        mappings=given_mappings,
        snapshot=snapshot,
    )


def _plan_rows(
    sheet: Sheet,
    planner: _Planner,
    mapping: dict[int, str],
    last_header: int,
    notices: list[Problem],
    progress: Progress,
) -> list[RowPlan]:
    name_column = next(i for i, k in mapping.items() if k == "name")
    rows: list[RowPlan] = []
    total = sheet.content_rows
    for n, line in enumerate(sheet.rows()):
        if line.number <= last_header:
            continue
        if n % 200 == 0:
            progress.report(n, total, "正在检查每一行…")
        cells = line.cells
        number = line.number
        width = len(cells)
        row_cells = {i: (cells[i] if i < width else BLANK) for i in mapping}
        filled = [c for c in cells if not c.blank]
        if not filled or all(c.blank for c in row_cells.values()):
            continue
        if any(
            isinstance(c.value, str) and _squeezed(c.value).startswith(TOTAL_WORDS) for c in filled
        ):
            notices.append(Problem(number, "", "", "合计行，已跳过", "notice"))
            continue
        if len(filled) > 1 and all(c is cells[0] for c in filled):
            text = f"说明文字，已跳过（“{_squeezed(filled[0].value)}”）"
            notices.append(Problem(number, "", "", text, "notice"))
            continue
        name_cell = row_cells[name_column]
        if name_cell.blank and sum(1 for c in row_cells.values() if not c.blank) < 3:
            first = _squeezed(filled[0].value)
            notices.append(Problem(number, "", "", f"没有姓名，已跳过（“{first}”）", "notice"))
            continue
        rows.append(planner.row(number, row_cells))
    return rows


_SPACES = str.maketrans("", "", " \t\r\n\u3000\xa0")


def _squeezed(value: Any) -> str:
    """A cell's text without any space ("合 计" is a total row too)."""
    return str(value).translate(_SPACES)


def _checked_mappings(
    office: Office, mappings: dict[tuple[str, str], str]
) -> dict[tuple[str, str], str]:
    """The clerk's mappings, each to a value of its list (or "" to leave blank)."""
    checked: dict[tuple[str, str], str] = {}
    titles = {ref: FIELDS_BY_KEY[key].label for key, ref in LIST_FIELDS.items()}
    for (list_key, source), value in mappings.items():
        if list_key not in titles:
            raise RendaError(f"“{list_key}”不是可以指定对应值的列表")
        text = clean_text(value)
        if text and not office.reference.contains(list_key, text):
            raise RendaError(f"“{text}”不在{titles[list_key]}列表中，不能作为“{source}”的对应值")
        checked[(list_key, clean_text(source))] = text
    return checked


@dataclass
class _Unknown:
    field: str
    column: int
    source: str
    rows: list[int]
    count: int = 0


class _Planner:
    """Plans one row after another; remembers what rows before it held."""

    def __init__(
        self,
        office: Office,
        mapping: dict[int, str],
        texts: dict[int, str],
        reader: ValueReader,
        *,
        policy: str,
        create_missing: bool,
        term_id: int,
    ) -> None:
        self.office = office
        self.mapping = mapping
        self.texts = texts
        self.reader = reader
        self.policy = policy
        self.create_missing = create_missing
        self.term_id = term_id
        self.links = _Links(office, term_id)
        self.index = _existing_index(office, term_id)
        self.seen_ids: dict[str, int] = {}
        self.seen_people: dict[tuple[str, str], int] = {}
        self.seen_cards: dict[str, int] = {}
        self.seen_names: dict[str, int] = {}
        self.missing: dict[str, list[str]] = {}
        self.masked_columns: set[int] = set()
        self.notes: dict[tuple[str, str, Any], list[Any]] = {}  # -> [header, how, count]
        self.unknown: dict[tuple[str, str], _Unknown] = {}

    # ---- what the preview lists besides the rows ----

    def value_notes(self) -> list[ValueNote]:
        notes = [
            ValueNote(key, header, source, value, how, count)
            for (key, source, value), (header, how, count) in self.notes.items()
        ]
        order = {f.key: n for n, f in enumerate(DEPUTY_FIELDS)}
        return sorted(notes, key=lambda n: (order.get(n.field, 99), -n.count, n.source))

    def unknown_values(self) -> list[UnknownValue]:
        found = []
        for (key, _norm), u in self.unknown.items():
            list_key = LIST_FIELDS[key]
            choices = tuple(self.office.reference.values(list_key))
            found.append(
                UnknownValue(
                    field=key,
                    list_key=list_key,
                    header=self.texts[u.column],
                    column=column_letter(u.column),
                    source=u.source,
                    rows=tuple(u.rows),
                    count=u.count,
                    choices=choices,
                    suggested=tuple(self.reader.suggestions(list_key, u.source)),
                )
            )
        order = {f.key: n for n, f in enumerate(DEPUTY_FIELDS)}
        return sorted(found, key=lambda u: (order[u.field], u.rows[0]))

    def _note(self, key: str, column: int, source: str, value: Any, how: str) -> None:
        shown = "是" if value is True else "否" if value is False else value
        entry = self.notes.get((key, source, shown))
        if entry is None:
            self.notes[(key, source, shown)] = [self.texts[column], how, 1]
        else:
            entry[2] += 1

    def _unknown(self, key: str, column: int, source: str, number: int) -> None:
        entry = self.unknown.get((key, normalise(source)))
        if entry is None:
            entry = self.unknown[(key, normalise(source))] = _Unknown(key, column, source, [])
        entry.count += 1
        if len(entry.rows) < KEEP_ROWS:
            entry.rows.append(number)

    # ---- one row ----

    def _read_cells(
        self, number: int, row_cells: dict[int, Cell], problems: list[Problem]
    ) -> tuple[dict[str, Any], dict[str, str], dict[str, int]]:
        """The row's cells as field values (given), link names, and each field's column."""
        given: dict[str, Any] = {}
        link_names: dict[str, str] = {}
        column_of: dict[str, int] = {}
        texts = self.texts
        for i, key in self.mapping.items():
            cell = row_cells[i]
            column_of.setdefault(key, i)
            result = _read_cell(key, cell)
            if result.masked:
                self.masked_columns.add(i)
                continue
            if not result.given:
                continue
            where = (number, column_letter(i), texts[i])
            if result.error:
                problems.append(Problem(*where, result.error))
                continue
            if result.warning:
                problems.append(Problem(*where, result.warning, "warning"))
            if key == LEVEL:
                given["is_township_deputy"], given["is_county_deputy"] = result.value
                column_of.setdefault("is_township_deputy", i)
                column_of.setdefault("is_county_deputy", i)
                continue
            if key == "unit" and "unit" in given:
                given["unit"] = f"{given['unit']}{clean_text(result.value)}"
                continue
            if key in LINKS:
                link_names[key] = _link_name(cell.value)
                continue
            value = result.value
            spec = FIELDS_BY_KEY[key]
            if spec.kind in CODED_KINDS and isinstance(value, str):
                reading = self.reader.read(key, value)
                if reading.how == "unknown" and spec.kind == "ref":
                    source = clean_text(value)
                    self._unknown(key, i, source, number)
                    problems.append(
                        Problem(
                            *where,
                            f"{spec.label}“{source}”不在列表中，请指定它对应列表中的哪一项",
                            "choice",
                        )
                    )
                    continue
                if reading.how == "unknown" and spec.kind == "bool":
                    problems.append(Problem(*where, "只能填“是”或“否”（也可以留空）"))
                    continue
                mapped = reading.how in ("mapping", "remembered")
                if reading.how == "blank" or (mapped and reading.value == ""):
                    if mapped:
                        self._note(key, i, clean_text(value), "", reading.how)
                    continue
                if reading.how == "synonym" or mapped:
                    self._note(key, i, clean_text(value), reading.value, reading.how)
                if reading.how != "unknown":
                    value = reading.value
            given[key] = value
        return given, link_names, column_of

    def row(self, number: int, row_cells: dict[int, Cell]) -> RowPlan:
        problems: list[Problem] = []
        given, link_names, column_of = self._read_cells(number, row_cells, problems)
        texts = self.texts

        def problem(key: str, message: str, level: str = "error") -> None:
            i = column_of.get(key)
            if i is None:
                label = FIELDS_BY_KEY[key].label if key in FIELDS_BY_KEY else ""
                problems.append(Problem(number, "", label, message, level))
            else:
                problems.append(Problem(number, column_letter(i), texts[i], message, level))

        # Links by name.
        link_ids: dict[str, int | None] = {}
        for key, link_name in link_names.items():
            kind = LINKS[key]
            found = self.links.find(kind, link_name)
            if found is not None:
                link_ids[key] = found
                continue
            if link_name not in self.missing.setdefault(kind, []):
                self.missing[kind].append(link_name)
            if self.create_missing:
                link_ids[key] = None
            else:
                problem(
                    key,
                    f"{LINK_LABELS[kind]}“{link_name}”不存在。请先在“基础数据”中添加，"
                    "或勾选“自动新建表格中出现的小组、选区、联络站”",
                )

        name = clean_name(given.get("name", ""))
        index = self.index

        # Who is this: the ID number first, else name and birth month.
        id_check = check_id_number(given.get("id_number", ""))
        birth = given.get("birth_date") or id_check.birth_date
        try:
            birth_month = dates.parse_partial_date(birth)[:7] if birth else ""
        except dates.DateError:
            birth_month = ""
        existing: int | None = None
        by_id = False
        if id_check.value and not id_check.error and id_check.value in index.by_id:
            existing = index.by_id[id_check.value]
            by_id = True
        elif name and birth_month and len(index.by_name_birth.get((name, birth_month), [])) == 1:
            existing = index.by_name_birth[(name, birth_month)][0]
        elif name and not birth_month and len(index.by_name.get(name, [])) == 1:
            existing = index.by_name[name][0]
            problem(
                "name", "表格中没有出生年月和身份证号码，只按姓名对应到名册中的同名代表", "warning"
            )

        if id_check.value and not id_check.error:
            if id_check.value in self.seen_ids:
                problem("id_number", f"与第 {self.seen_ids[id_check.value]} 行的身份证号码重复")
            self.seen_ids.setdefault(id_check.value, number)
        elif name and birth_month:
            if (name, birth_month) in self.seen_people:
                first = self.seen_people[(name, birth_month)]
                problem("name", f"与第 {first} 行是同一人（姓名、出生年月相同）")
            self.seen_people.setdefault((name, birth_month), number)
        card = clean_text(given.get("card_number", ""))
        if card:
            if card in self.seen_cards:
                problem("card_number", f"与第 {self.seen_cards[card]} 行的代表证号重复")
            self.seen_cards.setdefault(card, number)
        same_name = False
        if name and existing is None:
            earlier = self.seen_names.get(name)
            if earlier is not None and not any(p.level in ("error", "choice") for p in problems):
                problem("name", f"与第 {earlier} 行同名，请核对是否为同一人", "warning")
                same_name = True
            self.seen_names.setdefault(name, number)

        values = {**given, **{k: v for k, v in link_ids.items() if v is not None}}
        summary = {
            "name": name or clean_text(given.get("name", "")),
            "gender": clean_text(given.get("gender", "")),
            "birth_date": clean_text(given.get("birth_date", "")),
            "unit": clean_text(given.get("unit", "")),
        }
        old_name = index.names.get(existing, "") if existing is not None else ""
        renaming = by_id and bool(name) and name != old_name
        if renaming:
            summary["old_name"] = old_name
            summary["id_number"] = mask_id_number(id_check.value)
        policy = self.policy
        deputies = self.office.deputies
        current: Deputy | None = deputies.get(existing) if existing is not None else None
        if current is not None:
            if policy == "skip":
                if renaming:
                    problem("name", _rename_message(old_name, name, skipped=True), "warning")
                kept = tuple(p for p in problems if p.level not in ("error", "choice"))
                return RowPlan(number, name, "skip", {}, {}, existing, kept, summary)
            old = current.form_values()
            if policy == "fill":
                values = {k: v for k, v in values.items() if _is_blank(old.get(k))}
                link_names = {k: v for k, v in link_names.items() if _is_blank(old.get(k))}
            checked = deputies.check(values, deputy_id=existing)
            action = "update" if policy == "update" else "fill"
        else:
            checked = deputies.check(values, term_id=self.term_id)
            action = "new"
        for key, message in checked.errors.items():
            if key in link_ids and link_ids[key] is None:
                continue
            problem(key, message)
        for key, message in checked.warnings.items():
            problem(key, message, "warning")
            if key == "name" and current is None:
                same_name = True

        if any(p.level == "error" for p in problems):
            return RowPlan(number, name, "invalid", {}, {}, existing, tuple(problems), summary)
        if any(p.level == "choice" for p in problems):
            return RowPlan(number, name, "unmapped", {}, {}, existing, tuple(problems), summary)
        pending = {k: v for k, v in link_names.items() if link_ids.get(k) is None}
        if current is not None:
            old = current.form_values()
            changed = {
                k: checked.values[k]
                for k in values
                if k in checked.values and checked.values[k] != old.get(k)
            }
            # A birth date or gender the check derived from the ID number counts as given.
            for derived in ("birth_date", "gender"):
                differs = checked.values.get(derived) != old.get(derived)
                wanted = policy == "update" or _is_blank(old[derived])
                if derived not in values and differs and wanted:
                    changed[derived] = checked.values[derived]
            if renaming:
                # The ID number is this deputy's, the name another: never renamed unasked.
                problem("name", _rename_message(old_name, name, skipped=False))
                return RowPlan(
                    number, name, "conflict", changed, pending, existing, tuple(problems), summary
                )
            if not changed and not pending:
                return RowPlan(
                    number, name, "unchanged", {}, {}, existing, tuple(problems), summary
                )
            return RowPlan(
                number, name, action, changed, pending, existing, tuple(problems), summary
            )
        fields = {f.key for f in DEPUTY_FIELDS}
        clean = {k: v for k, v in checked.values.items() if k in fields and k in values}
        for derived in ("birth_date", "gender"):
            if checked.values.get(derived):
                clean[derived] = checked.values[derived]
        return RowPlan(
            number, name, "new", clean, pending, None, tuple(problems), summary, same_name
        )


def _rename_message(old_name: str, name: str, *, skipped: bool) -> str:
    if skipped:
        return f"身份证号码是名册中“{old_name}”的，表格中的姓名却是“{name}”，请核对（已跳过）"
    return (
        f"身份证号码是名册中“{old_name}”的，表格中的姓名却是“{name}”。没有改名：确认是同一人"
        "改了姓名，才能逐行确认后导入；否则请核对表格中的身份证号码"
    )


# ---- writing ----------------------------------------------------------------------------


def _create_links(office: Office, plan: ImportPlan, rows: list[RowPlan]) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {}
    for row in rows:
        for key, name in row.links.items():
            names = wanted.setdefault(LINKS[key], [])
            if name not in names:
                names.append(name)
    term = office.terms.get(plan.term_id)
    for kind, names in wanted.items():
        for name in names:
            if kind == "constituency":
                office.constituencies.add(name=name, term_id=plan.term_id)
            elif kind == "group":
                office.groups.add(name=name, term_id=plan.term_id)
            else:
                office.stations.add(
                    name=name,
                    kind="station" if name.endswith("站") else "point",
                    township_id=term.township_id,
                )
    return wanted


def apply_import(
    office: Office,
    plan: ImportPlan,
    *,
    only_valid: bool = False,
    renames: Collection[int] | None = None,
    progress: Progress = NO_PROGRESS,
) -> ImportResult:
    """Write the planned rows in one transaction, with the clerk's mappings of values.

    With errors in the plan, nothing is written unless `only_valid` says to leave those
    rows out. A conflict (an ID number of a deputy with another name) is written only when
    its row is in `renames`, the rows the clerk confirmed one by one; with `renames` given,
    the other conflicts are left out as the clerk decided; without it (the command line)
    they count as rows with errors."""
    invalid = plan.invalid_rows
    conflicts = plan.conflict_rows
    confirmed = [r for r in conflicts if renames is not None and r.row in renames]
    unresolved = conflicts if renames is None else []
    if (invalid or unresolved) and not only_valid:
        first = min(r.row for r in invalid + unresolved)
        wrong = len(invalid) - len(plan.unmapped_rows)
        parts = [f"{wrong} 行有错误"] if wrong else []
        if plan.unmapped_rows:
            parts.append(f"{len(plan.unmapped_rows)} 行有列表中没有的值待指定")
        if unresolved and parts:
            parts.append(f"{len(unresolved)} 行的姓名与名册不一致")
        elif unresolved:
            parts.append(f"{len(unresolved)} 行的身份证号码是名册中另一姓名的代表的")
        text = "有 " + "、".join(parts)
        raise RendaError(
            f"{text}（第 {first} 行起），没有导入任何记录。"
            "请改正后重新导入，或选择“只导入没有错误的行”。"
        )
    rows = sorted(plan.writing_rows + confirmed, key=lambda r: r.row)
    with office.transaction():
        current = plan.snapshot is not None and plan.snapshot.current(office)
        remember(office, plan.mappings)
        created = _create_links(office, plan, rows) if plan.create_missing else {}
        links = _Links(office, plan.term_id)
        with office.deputies.batch():
            added, updated = _write_rows(office, plan, rows, links, progress, current=current)
    progress.report(len(rows), len(rows), "导入完成")
    return ImportResult(
        added=added,
        updated=updated,
        unchanged=plan.count("unchanged"),
        skipped=plan.count("skip"),
        refused=len(invalid),
        created=created,
        renamed=len(confirmed),
        conflicts_left=len(conflicts) - len(confirmed),
    )


def _write_rows(
    office: Office,
    plan: ImportPlan,
    rows: list[RowPlan],
    links: _Links,
    progress: Progress,
    *,
    current: bool,
) -> tuple[int, int]:
    """Write the rows; a new deputy of a plan made on the database as it still is goes in
    as checked, anything else is checked again (someone may have registered that ID
    number since the preview)."""
    added = updated = 0
    for n, row in enumerate(rows):
        if n % 50 == 0:
            progress.report(n, len(rows), f"正在写入第 {row.row} 行…")
        values = dict(row.values)
        for key, name in row.links.items():
            values[key] = links.find(LINKS[key], name)
        try:
            if row.action == "new" and current:
                office.deputies.insert_checked(values, term_id=plan.term_id)
                added += 1
            elif row.action == "new":
                office.deputies.add(term_id=plan.term_id, **values)
                added += 1
            else:
                assert row.deputy_id is not None
                office.deputies.update(row.deputy_id, **values)
                updated += 1
        except ValidationError as exc:
            raise RendaError(
                f"第 {row.row} 行（{row.name}）：{exc.message}。名册在预览后有了变动，"
                "没有导入任何记录，请重新预览。"
            ) from exc
    return added, updated


def save_problems(plan: ImportPlan, path: Path | str) -> Path:
    """The problems of the preview as an .xlsx the clerk can work through."""
    from app.exchange.table_export import ExportColumn, export_table

    names = {r.row: r.name for r in plan.rows}
    columns = [
        ExportColumn("行号", "number", 8),
        ExportColumn("列", "text", 6),
        ExportColumn("列名"),
        ExportColumn("姓名"),
        ExportColumn("类别", "text", 8),
        ExportColumn("问题", "longtext", 70),
    ]
    rows = [
        [p.row or None, p.column, p.header, names.get(p.row, ""), p.level_label, p.message]
        for p in plan.problems()
    ]
    return export_table(
        path,
        title=f"名册导入问题清单：{plan.file_name}",
        columns=columns,
        rows=rows,
        sheet_name="问题清单",
        note=plan.summary,
    )
