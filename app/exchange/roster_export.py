"""The roster to Excel, and the blank template for offices that start a roster in Excel.

The export has two sheets. The first, 代表名册, holds the columns of a printed roster (as
the PDF roster) and prints on A4 landscape, one page wide at a readable scale, with page
numbers. The second, 完整名册, writes every field of the registration form with the labels
the import reads (the import takes the sheet with the most fields it knows), so a roster
exported and imported again changes nothing; printed, its pages run across with 序号 and
姓名 repeated. Deputies whose status has ended are left out unless asked for. ID numbers,
phones and addresses are masked unless the clerk asks for them (setting `mask_sensitive`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import RendaError
from app.core.paths import data_path
from app.core.progress import NO_PROGRESS, Progress
from app.core.validate import GENDER_LABELS, mask_id_number, mask_phone
from app.deputies.deputies import DeputyQuery
from app.deputies.fields import DEPUTY_FIELDS, PRESIDIUM_ROLES, STATUS_LABELS
from app.exchange.roster_fields import CELL_KINDS, LINKS
from app.exchange.table_export import ExportColumn, Sheet, export_sheets

if TYPE_CHECKING:
    from app.office import Office

TEMPLATE_NAME = "代表名册导入模板.xlsx"
# The level flags are written 是/否 (not 是/blank): a blank would mean "not given".
YES_NO = {"is_township_deputy", "is_county_deputy"}


def template_path() -> Path:
    return data_path("templates", TEMPLATE_NAME)


def roster_columns(*, county: bool) -> list[ExportColumn]:
    columns = [ExportColumn("序号", "number", 6)]
    if county:
        columns += [ExportColumn("乡镇"), ExportColumn("届次", "text", 8)]
    for spec in DEPUTY_FIELDS:
        kind = "text" if spec.key in YES_NO else CELL_KINDS[spec.kind]
        width = 40 if spec.kind == "longtext" else None
        columns.append(ExportColumn(spec.label, kind, width))
    columns.append(ExportColumn("状态", "text"))
    return columns


# The printed roster: (header, kind, width in characters). These 150 characters fill an A4
# landscape page at about 90 %, so the sheet prints one page wide at a readable size.
PRINTED: tuple[tuple[str, str, int], ...] = (
    ("序号", "number", 5),
    ("姓名", "text", 9),
    ("性别", "text", 5),
    ("民族", "text", 7),
    ("出生年月", "month", 9),
    ("政治面貌", "text", 11),
    ("文化程度", "text", 10),
    ("工作单位及职务", "longtext", 28),
    ("代表构成", "text", 12),
    ("选区", "text", 10),
    ("代表小组", "text", 11),
    ("联系电话", "code", 13),
    ("备注", "text", 20),
)


def printed_columns(*, county: bool) -> list[ExportColumn]:
    columns = [ExportColumn(h, k, w) for h, k, w in PRINTED]
    if county:
        columns[1:1] = [ExportColumn("乡镇", "text", 9)]
    return columns


def _remark(row: dict[str, Any]) -> str:
    """备注 as the printed roster has it: the presidium role, a county deputy, a status."""
    parts = [row["主席团职务"]]
    if row["县人大代表"] == "是":
        parts.append("县人大代表" if row["乡镇人大代表"] == "是" else "县人大代表（非本级）")
    if row["状态"] != STATUS_LABELS["serving"]:
        parts.append(row["状态"])
    return "；".join(p for p in parts if p)


def _printed_row(full: list[Any], headers: list[str], county: bool) -> list[Any]:
    row = dict(zip(headers, full, strict=True))
    out = [row[h] if h != "备注" else _remark(row) for h, _k, _w in PRINTED]
    if county:
        out[1:1] = [row["乡镇"]]
    return out


def _mask_address(value: str) -> str:
    # Masked with "*", which the import recognises as "not given" (nothing overwritten).
    return value[:6] + "****" if len(value) > 6 else value


def _rows(office: Office, ids: list[int], *, reveal: bool, county: bool) -> Iterator[list[Any]]:
    names: dict[str, dict[int, str]] = {
        "constituency_id": dict(office.db.execute("SELECT id, name FROM constituencies")),
        "group_id": dict(office.db.execute("SELECT id, name FROM deputy_groups")),
        "station_id": dict(office.db.execute("SELECT id, name FROM liaison_stations")),
    }
    townships = dict(office.db.execute("SELECT id, name FROM townships"))
    terms = {r[0]: r[1] for r in office.db.execute("SELECT id, number FROM terms")}
    for n, deputy_id in enumerate(ids, start=1):
        d = office.deputies.get(deputy_id)
        row: list[Any] = [n]
        if county:
            from app.deputies.deputies import term_label

            row += [townships.get(d.township_id, ""), term_label(terms.get(d.term_id, 0))]
        for spec in DEPUTY_FIELDS:
            value = getattr(d, spec.key)
            if spec.key in LINKS:
                value = names[spec.key].get(value, "") if value else ""
            elif spec.key in YES_NO:
                value = "是" if value else "否"
            elif spec.kind == "gender":
                value = GENDER_LABELS.get(value, "")
            elif spec.kind == "role":
                value = PRESIDIUM_ROLES.get(value, "")
            elif not reveal and spec.key == "id_number":
                value = mask_id_number(value)
            elif not reveal and spec.key == "phone":
                value = mask_phone(value)
            elif not reveal and spec.key == "address":
                value = _mask_address(value)
            row.append(value)
        row.append(STATUS_LABELS[d.status])
        yield row


def export_roster(
    office: Office,
    path: Path | str,
    *,
    query: DeputyQuery | None = None,
    reveal: bool | None = None,
    with_ended: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Path:
    """The roster (the current term, or what `query` selects) in 姓氏笔画 order. Deputies
    whose status has ended are left out unless `with_ended` (or the query asks for a
    status itself)."""
    county = office.mode == "county"
    if query is None:
        term_id = None if county else office.current_term_id()
        query = DeputyQuery(term_id=term_id)
    if query.status is None and not with_ended:
        query = replace(query, status="active")
    ids = office.deputies.search(query)
    if not ids:
        raise RendaError("没有符合条件的代表，没有导出")
    show = (not office.settings.get("mask_sensitive")) if reveal is None else reveal
    if county:
        title = f"{office.settings.get('county_name')}各乡镇人大代表名册"
    else:
        home = office.township
        term = office.terms.get(query.term_id) if query.term_id else office.current_term
        title = f"{home.name if home else ''}{term.name if term else ''}人民代表大会代表名册"
    note = "（以姓氏笔画为序）" + ("" if show else "  身份证号码、电话、住址已部分隐藏")
    columns = roster_columns(county=county)
    headers = [c.header for c in columns]
    full = list(_rows(office, ids, reveal=show, county=county))
    printed = Sheet(
        title,
        printed_columns(county=county),
        [_printed_row(row, headers, county) for row in full],
        sheet_name="代表名册",
        note=note,
        total=len(full),
    )
    complete = Sheet(
        title,
        columns,
        full,
        sheet_name="完整名册",
        note=note + "  本表含全部字段，可修改后重新导入",
        total=len(full),
        fit_width=False,
        repeat_columns=2 if not county else 4,
    )
    return export_sheets(path, [printed, complete], progress=progress)


def copy_template(target: Path | str) -> Path:
    """The blank template shipped in data/templates, copied for the clerk to fill in."""
    out = Path(target)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    try:
        shutil.copyfile(template_path(), out)
    except OSError as exc:
        raise RendaError(f"无法保存模板到“{out}”：{exc.strerror or exc}") from exc
    return out
