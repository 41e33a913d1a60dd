"""The roster to Excel, and the blank template for offices that start a roster in Excel.

The first sheet is the roster as it is printed (the columns of the printed 代表名册, A4
landscape at a readable scale, 序号 and 姓名 repeated on every page, page numbers); the
second has every field of the registration form with the labels the import reads, so a
roster exported and imported again changes nothing (the import takes the sheet that names
the most fields). Deputies whose status ended are left out unless asked for. ID numbers,
phones and addresses are masked unless the clerk asks for them (setting `mask_sensitive`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import faults
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


def _printed(office: Office, ids: list[int], *, reveal: bool, county: bool) -> Iterator[list[Any]]:
    """The rows of the printed roster (app/documents/roster.py), chunk by chunk."""
    from app.documents.roster import remark

    for start in range(0, len(ids), 500):
        for n, row in enumerate(office.deputies.rows(ids[start : start + 500]), start=start + 1):
            values: dict[str, Any] = {
                "序号": n,
                "乡镇": row.township_name,
                "姓名": row.name,
                "性别": row.gender_label,
                "民族": row.ethnicity,
                "出生年月": row.birth_date,
                "政治面貌": row.political_status,
                "文化程度": row.education,
                "工作单位及职务": row.unit,
                "代表构成": row.category,
                "选区": row.constituency_name,
                "代表小组": row.group_name,
                "联系电话": row.phone if reveal else mask_phone(row.phone),
                "备注": remark(row),
            }
            yield [values[c.header] for c in printed_columns(county=county)]


def printed_columns(*, county: bool) -> list[ExportColumn]:
    from app.documents.roster import COLUMNS

    kinds = {"序号": "number", "出生年月": "month", "联系电话": "code"}
    columns = [ExportColumn(name, kinds.get(name, "text")) for name, _width in COLUMNS]
    if county:
        columns.insert(1, ExportColumn("乡镇"))
    return columns


def export_roster(
    office: Office,
    path: Path | str,
    *,
    query: DeputyQuery | None = None,
    reveal: bool | None = None,
    with_ended: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Path:
    """The roster (the current term, or what `query` selects) in 姓氏笔画 order: the
    printed roster on the first sheet, every field on the second. Without a query,
    deputies whose status ended are left out unless `with_ended`."""
    county = office.mode == "county"
    if query is None:
        term_id = None if county else office.current_term_id()
        query = DeputyQuery(term_id=term_id, status=None if with_ended else "active")
    ids = office.deputies.search(query)
    if not ids:
        raise RendaError("没有符合条件的代表，没有导出")
    show = office.access.export_reveal(reveal, what="代表名册（Excel）", target=str(path))
    if county:
        title = f"{office.settings.get('county_name')}各乡镇人大代表名册"
    else:
        home = office.township
        term = office.terms.get(query.term_id) if query.term_id else office.current_term
        title = f"{home.name if home else ''}{term.name if term else ''}人民代表大会代表名册"
    hidden = "" if show else "  身份证号码、电话、住址已部分隐藏"
    ended = "" if query.status in ("active", "serving") else "，含代表资格已终止的"
    printed = Sheet(
        title,
        printed_columns(county=county),
        _printed(office, ids, reveal=show, county=county),
        sheet_name="代表名册",
        note=f"（以姓氏笔画为序{ended}）{'  电话已部分隐藏' if hidden else ''}",
        total=len(ids),
        repeat_columns=3 if county else 2,
    )
    every = Sheet(
        title,
        roster_columns(county=county),
        _rows(office, ids, reveal=show, county=county),
        sheet_name="全部项目",
        note=f"（以姓氏笔画为序{ended}；登记表的全部项目，可修改后导入）{hidden}",
        total=len(ids),
        repeat_columns=3 if county else 2,
        fit_width=False,
    )
    return export_sheets(path, [printed, every], progress=progress)


def copy_template(target: Path | str) -> Path:
    """The blank template shipped in data/templates, copied for the clerk to fill in."""
    out = Path(target)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    try:
        shutil.copyfile(template_path(), out)
    except OSError as exc:
        raise RendaError(f"无法保存模板到“{out}”：{faults.reason(exc)}") from exc
    return out
