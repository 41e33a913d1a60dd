"""Roster import from an office's own Excel sheet (代表名册导入).

    plan = plan_import(office, path, policy="update", create_missing=True)
    ... show plan.rows and plan.problems() to the clerk ...
    result = apply_import(office, plan, only_valid=True)

`plan_import` reads and checks everything and writes nothing. Each row is checked by the
same `Deputies.check` the form uses, so the rules live in one place. `apply_import`
writes the planned rows in one transaction, or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.chinese import clean_name, clean_text, cn_number, to_halfwidth
from app.core.errors import RendaError, ValidationError
from app.core.progress import NO_PROGRESS, Progress
from app.core.validate import check_id_number
from app.deputies.fields import DEPUTY_FIELDS, FIELDS_BY_KEY
from app.exchange.roster_fields import LEVEL, LINKS, field_for_header
from app.exchange.sheet_reader import Cell, Sheet, read_sheets

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
    "invalid": "有错误",
}
LEVELS = {"error": "错误", "warning": "提醒", "notice": "说明"}
LINK_LABELS = {"constituency": "选区", "group": "代表小组", "station": "联络站"}
HEADER_SCAN_ROWS = 20
TOTAL_WORDS = ("合计", "总计", "共计", "小计", "总人数", "人数合计")
TRUE_WORDS = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "有"}
FALSE_WORDS = {"否", "×", "✗", "n", "no", "false", "0", "无", "不是"}
MASK = "*"


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

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]

    @property
    def writes(self) -> bool:
        return self.action in ("new", "update", "fill")


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

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def invalid_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.action == "invalid"]

    @property
    def writing_rows(self) -> list[RowPlan]:
        return [r for r in self.rows if r.writes]

    def problems(self) -> list[Problem]:
        found = list(self.notices) + [p for r in self.rows for p in r.problems]
        return sorted(found, key=lambda p: (p.row, p.column, p.level != "error"))

    @property
    def summary(self) -> str:
        parts = [f"共 {len(self.rows)} 行代表"]
        for action in ("new", "update", "fill", "unchanged", "skip", "invalid"):
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
        return text


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    skipped: int
    refused: int
    created: dict[str, list[str]]

    @property
    def text(self) -> str:
        text = f"新增 {self.added} 名，更新 {self.updated} 名，无变化 {self.unchanged} 名"
        if self.skipped:
            text += f"，已有而跳过 {self.skipped} 名"
        if self.refused:
            text += f"，有错误未导入 {self.refused} 行"
        for kind, names in self.created.items():
            if names:
                text += f"；新建{LINK_LABELS[kind]}：{'、'.join(names)}"
        return text


# ---- reading the sheet ------------------------------------------------------------------


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


def _find_header(sheets: list[Sheet]) -> tuple[Sheet, int]:
    """The sheet and row whose cells name the most fields (姓名 among them). On a tie the
    lower row wins: in a two-row header it is the one the data follows."""
    best: tuple[int, int, int] | None = None  # (fields found, -sheet index, row)
    for s, sheet in enumerate(sheets):
        for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            fields = set(_header_fields(row).values())
            if "name" in fields and len(fields) >= 2:
                score = (len(fields), -s, r)
                if best is None or score > best:
                    best = score
    if best is None:
        raise RendaError(
            "在表格的前 20 行中找不到表头。表头至少要有“姓名”一列和另一列（如性别、"
            "出生年月、工作单位及职务）。可以先下载空白模板，对照填写。"
        )
    return sheets[-best[1]], best[2]


def _columns(sheet: Sheet, header: int) -> tuple[dict[int, str], dict[int, str], int, list[str]]:
    """Column -> field, column -> header text, the first data row, notices."""
    head = sheet.rows[header]
    mapping = _header_fields(head)
    texts = {i: clean_text(c.value) for i, c in enumerate(head) if not c.blank}
    first_data = header + 1
    # A two-row header: the row below names fields in cells of its own (归侨侨眷 and 连任代表
    # under a merged “是否”), while merged cells repeat the top row's value.
    if first_data < len(sheet.rows):
        below_row = sheet.rows[first_data]
        below = {
            i: key
            for i, key in _header_fields(below_row).items()
            if i >= len(head) or below_row[i] is not head[i]
        }
        if below:
            for i, key in below.items():
                mapping[i] = key
                texts[i] = clean_text(below_row[i].value)
            first_data += 1
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
    return mapping, texts, first_data, notices


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


def _read_cell(key: str, cell: Cell) -> _CellResult:
    if cell.blank:
        return _CellResult()
    value = cell.value
    if key == LEVEL:
        return _read_level(value)
    spec = FIELDS_BY_KEY[key]
    kind = spec.kind
    if isinstance(value, str):
        text = value.strip()
        if spec.sensitive and MASK in text:
            return _CellResult(masked=True)
        if kind == "bool":
            word = to_halfwidth(text).strip().lower()
            if word in TRUE_WORDS:
                return _CellResult(True, True)
            if word in FALSE_WORDS:
                return _CellResult(False, True)
            return _CellResult(text, True, error="只能填“是”或“否”（也可以留空）")
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


def _existing_index(
    office: Office, term_id: int
) -> tuple[dict[str, int], dict[tuple[str, str], list[int]], dict[str, list[int]]]:
    by_id: dict[str, int] = {}
    by_name_birth: dict[tuple[str, str], list[int]] = {}
    by_name: dict[str, list[int]] = {}
    rows = office.db.execute(
        "SELECT id, name, birth_date, id_number FROM deputies WHERE term_id = ?", [term_id]
    ).fetchall()
    for deputy_id, name, birth, id_number in rows:
        if id_number:
            by_id[id_number] = deputy_id
        by_name_birth.setdefault((name, (birth or "")[:7]), []).append(deputy_id)
        by_name.setdefault(name, []).append(deputy_id)
    return by_id, by_name_birth, by_name


def _is_blank(value: Any) -> bool:
    return value in (None, "", False)


def plan_import(
    office: Office,
    path: Path | str,
    *,
    policy: str = "skip",
    create_missing: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportPlan:
    """Read and check the sheet; write nothing."""
    if policy not in POLICIES:
        raise RendaError("重复记录的处理方式只能是 skip（跳过）、update（更新）或 fill（补空白）")
    if office.mode == "county":
        raise RendaError("县级汇总数据库的代表来自各乡镇的报送包，不能从 Excel 导入名册")
    source = Path(path)
    term_id = office.current_term_id()
    progress.report(0, 0, f"正在读取“{source.name}”…")
    sheet, header = _find_header(read_sheets(source))
    mapping, texts, first_data, column_notes = _columns(sheet, header)
    notices = [Problem(0, "", "", text, "notice") for text in column_notes]
    links = _Links(office, term_id)
    by_id, by_name_birth, by_name = _existing_index(office, term_id)
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, str], int] = {}
    seen_cards: dict[str, int] = {}
    missing: dict[str, list[str]] = {}
    masked_columns: set[int] = set()
    name_column = next(i for i, k in mapping.items() if k == "name")
    rows: list[RowPlan] = []
    data = sheet.rows[first_data:]
    for offset, cells in enumerate(data):
        number = first_data + offset + 1
        if offset % 50 == 0:
            progress.report(offset, len(data), "正在检查每一行…")
        row_cells = {i: (cells[i] if i < len(cells) else Cell()) for i in mapping}
        texts_in_row = [clean_text(c.value).replace(" ", "") for c in cells if not c.blank]
        if not texts_in_row or all(row_cells[i].blank for i in row_cells):
            continue
        if any(t.startswith(TOTAL_WORDS) for t in texts_in_row):
            notices.append(Problem(number, "", "", "合计行，已跳过", "notice"))
            continue
        if cells and len(texts_in_row) > 1 and all(c is cells[0] for c in cells if not c.blank):
            text = f"说明文字，已跳过（“{texts_in_row[0]}”）"
            notices.append(Problem(number, "", "", text, "notice"))
            continue
        name_cell = row_cells[name_column]
        filled = sum(1 for c in row_cells.values() if not c.blank)
        if name_cell.blank and filled < 3:
            notices.append(
                Problem(number, "", "", f"没有姓名，已跳过（“{texts_in_row[0]}”）", "notice")
            )
            continue
        plan = _plan_row(
            office,
            number,
            row_cells,
            mapping,
            texts,
            links,
            policy=policy,
            create_missing=create_missing,
            term_id=term_id,
            index=(by_id, by_name_birth, by_name),
            seen=(seen_ids, seen_people, seen_cards),
            missing=missing,
            masked_columns=masked_columns,
        )
        rows.append(plan)
    for i in sorted(masked_columns):
        notices.append(
            Problem(
                0,
                column_letter(i),
                texts[i],
                f"“{texts[i]}”列的内容是部分隐藏的（含 *），这一列没有导入，名册中原有的内容不变",
                "notice",
            )
        )
    progress.report(len(data), len(data), "检查完毕")
    return ImportPlan(
        file_name=source.name,
        sheet=sheet.name,
        header_row=header + 1,
        columns={k: texts[i] for i, k in mapping.items()},
        rows=rows,
        notices=notices,
        missing_links={k: v for k, v in missing.items() if v},
        policy=policy,
        create_missing=create_missing,
        term_id=term_id,
    )


def _plan_row(
    office: Office,
    number: int,
    row_cells: dict[int, Cell],
    mapping: dict[int, str],
    texts: dict[int, str],
    links: _Links,
    *,
    policy: str,
    create_missing: bool,
    term_id: int,
    index: tuple[dict, dict, dict],
    seen: tuple[dict, dict, dict],
    missing: dict[str, list[str]],
    masked_columns: set[int],
) -> RowPlan:
    problems: list[Problem] = []
    column_of: dict[str, int] = {}
    given: dict[str, Any] = {}
    link_names: dict[str, str] = {}

    def problem(key: str, message: str, level: str = "error") -> None:
        i = column_of.get(key)
        if i is None:
            label = FIELDS_BY_KEY[key].label if key in FIELDS_BY_KEY else ""
            problems.append(Problem(number, "", label, message, level))
        else:
            problems.append(Problem(number, column_letter(i), texts[i], message, level))

    for i, key in mapping.items():
        cell = row_cells[i]
        column_of.setdefault(key, i)
        result = _read_cell(key, cell)
        if result.masked:
            masked_columns.add(i)
            continue
        if not result.given:
            continue
        if result.error:
            problems.append(Problem(number, column_letter(i), texts[i], result.error))
            continue
        if result.warning:
            problems.append(Problem(number, column_letter(i), texts[i], result.warning, "warning"))
        if key == LEVEL:
            given["is_township_deputy"], given["is_county_deputy"] = result.value
            column_of.setdefault("is_township_deputy", i)
            column_of.setdefault("is_county_deputy", i)
        elif key == "unit" and "unit" in given:
            given["unit"] = f"{given['unit']}{clean_text(result.value)}"
        elif key in LINKS:
            link_names[key] = _link_name(cell.value)
        else:
            given[key] = result.value

    # Links by name.
    link_ids: dict[str, int | None] = {}
    for key, name in link_names.items():
        kind = LINKS[key]
        found = links.find(kind, name)
        if found is not None:
            link_ids[key] = found
            continue
        if name not in missing.setdefault(kind, []):
            missing[kind].append(name)
        if create_missing:
            link_ids[key] = None
        else:
            problem(
                key,
                f"{LINK_LABELS[kind]}“{name}”不存在。请先在“基础数据”中添加，"
                "或勾选“自动新建表格中出现的小组、选区、联络站”",
            )

    name = clean_name(given.get("name", ""))
    by_id, by_name_birth, by_name = index
    seen_ids, seen_people, seen_cards = seen

    # Who is this: the ID number first, else name and birth month.
    id_check = check_id_number(given.get("id_number", ""))
    birth = given.get("birth_date") or id_check.birth_date
    try:
        birth_month = dates.parse_partial_date(birth)[:7] if birth else ""
    except dates.DateError:
        birth_month = ""
    existing: int | None = None
    if id_check.value and not id_check.error and id_check.value in by_id:
        existing = by_id[id_check.value]
    elif name and birth_month and len(by_name_birth.get((name, birth_month), [])) == 1:
        existing = by_name_birth[(name, birth_month)][0]
    elif name and not birth_month and len(by_name.get(name, [])) == 1:
        existing = by_name[name][0]
        problem("name", "表格中没有出生年月和身份证号码，只按姓名对应到名册中的同名代表", "warning")

    if id_check.value and not id_check.error:
        if id_check.value in seen_ids:
            problem("id_number", f"与第 {seen_ids[id_check.value]} 行的身份证号码重复")
        seen_ids.setdefault(id_check.value, number)
    elif name and birth_month:
        if (name, birth_month) in seen_people:
            problem(
                "name", f"与第 {seen_people[(name, birth_month)]} 行是同一人（姓名、出生年月相同）"
            )
        seen_people.setdefault((name, birth_month), number)
    card = clean_text(given.get("card_number", ""))
    if card:
        if card in seen_cards:
            problem("card_number", f"与第 {seen_cards[card]} 行的代表证号重复")
        seen_cards.setdefault(card, number)

    values = {**given, **{k: v for k, v in link_ids.items() if v is not None}}
    summary = {
        "name": name or clean_text(given.get("name", "")),
        "gender": clean_text(given.get("gender", "")),
        "birth_date": clean_text(given.get("birth_date", "")),
        "unit": clean_text(given.get("unit", "")),
    }
    action = "new"
    deputies = office.deputies
    current: Deputy | None = deputies.get(existing) if existing is not None else None
    if current is not None:
        if policy == "skip":
            problems_tuple = tuple(p for p in problems if p.level != "error")
            return RowPlan(number, name, "skip", {}, {}, existing, problems_tuple, summary)
        old = current.form_values()
        if policy == "fill":
            values = {k: v for k, v in values.items() if _is_blank(old.get(k))}
            link_names = {k: v for k, v in link_names.items() if _is_blank(old.get(k))}
        checked = deputies.check(values, deputy_id=existing)
        action = "update" if policy == "update" else "fill"
    else:
        checked = deputies.check(values, term_id=term_id)
    for key, message in checked.errors.items():
        if key in link_ids and link_ids[key] is None:
            continue
        problem(key, message)
    for key, message in checked.warnings.items():
        problem(key, message, "warning")

    errors = [p for p in problems if p.level == "error"]
    if errors:
        return RowPlan(number, name, "invalid", {}, {}, existing, tuple(problems), summary)
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
        pending = {k: v for k, v in link_names.items() if link_ids.get(k) is None}
        if not changed and not pending:
            return RowPlan(number, name, "unchanged", {}, {}, existing, tuple(problems), summary)
        return RowPlan(number, name, action, changed, pending, existing, tuple(problems), summary)
    fields = {f.key for f in DEPUTY_FIELDS}
    clean = {k: v for k, v in checked.values.items() if k in fields and k in values}
    for derived in ("birth_date", "gender"):
        if checked.values.get(derived):
            clean[derived] = checked.values[derived]
    pending = {k: v for k, v in link_names.items() if link_ids.get(k) is None}
    return RowPlan(number, name, "new", clean, pending, None, tuple(problems), summary)


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
    progress: Progress = NO_PROGRESS,
) -> ImportResult:
    """Write the planned rows in one transaction. With errors in the plan, nothing is
    written unless `only_valid` says to leave those rows out."""
    invalid = plan.invalid_rows
    if invalid and not only_valid:
        raise RendaError(
            f"有 {len(invalid)} 行有错误（第 {invalid[0].row} 行起），没有导入任何记录。"
            "请改正后重新导入，或选择“只导入没有错误的行”。"
        )
    rows = plan.writing_rows
    added = updated = 0
    with office.transaction():
        created = _create_links(office, plan, rows) if plan.create_missing else {}
        links = _Links(office, plan.term_id)
        for n, row in enumerate(rows):
            progress.report(n, len(rows), f"正在写入第 {row.row} 行…")
            values = dict(row.values)
            for key, name in row.links.items():
                values[key] = links.find(LINKS[key], name)
            try:
                if row.action == "new":
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
    progress.report(len(rows), len(rows), "导入完成")
    return ImportResult(
        added=added,
        updated=updated,
        unchanged=plan.count("unchanged"),
        skipped=plan.count("skip"),
        refused=len(invalid),
        created=created,
    )


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
