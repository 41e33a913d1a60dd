"""代表名册: the roster of a term, A4 landscape, 以姓氏笔画为序 as official rosters are.

The header row repeats on every page; phone numbers are masked as in lists unless the
clerk asks for them in full (setting 隐藏身份证号码、电话 and the reveal option)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from app.core import dates
from app.core.errors import RendaError
from app.core.validate import mask_phone
from app.deputies.deputies import DeputyQuery, DeputyRow
from app.deputies.fields import PRESIDIUM_ROLES, STATUS_SHORT
from app.documents.base import SMALL_SIZE, Document, PdfResult
from app.documents.fonts import office_font_set

if TYPE_CHECKING:
    from app.office import Office

TITLE = "代表名册"

# (heading, width in mm); 261 mm is the landscape page less its margins.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 10),
    ("姓名", 18),
    ("性别", 9),
    ("民族", 12),
    ("出生年月", 16),
    ("政治面貌", 19),
    ("文化程度", 17),
    ("工作单位及职务", 52),
    ("代表构成", 23),
    ("选区", 22),
    ("代表小组", 22),
    ("联系电话", 21),
    ("备注", 20),
)


@dataclass(frozen=True)
class Roster:
    title: str
    subtitle: str
    rows: tuple[DeputyRow, ...]
    reveal: bool
    printed_on: str


def remark(row: DeputyRow) -> str:
    """备注: the presidium role, a county deputy, a status other than serving."""
    parts = [PRESIDIUM_ROLES.get(row.presidium_role, "")]
    if row.is_county_deputy:
        parts.append("县人大代表" if row.is_township_deputy else "县人大代表（非本级）")
    if row.status != "serving":
        parts.append(
            STATUS_SHORT[row.status] + ("执行代表职务" if row.status == "suspended" else "代表资格")
        )
    return "；".join(p for p in parts if p)


def gather(
    office: Office, query: DeputyQuery | None = None, *, reveal: bool | None = None
) -> Roster:
    """The deputies matching `query` (default: the current term, not ended), in stroke order."""
    if query is None:
        query = DeputyQuery(term_id=office.current_term_id(), status="active")
    query = replace(query, sort="strokes", descending=False)
    rows = tuple(office.deputies.rows(office.deputies.search(query)))
    reveal = office.access.export_reveal(reveal, what="代表名册（打印）")
    township = office.township
    term = office.terms.get(query.term_id) if query.term_id else None
    place = township.name if township else ""
    title = f"{place}{term.name if term else ''}人民代表大会{TITLE}" if place else TITLE
    details = ["以姓氏笔画为序"]
    if query.group_id:
        details.append(office.groups.get(query.group_id).name)
    if query.constituency_id:
        details.append(office.constituencies.get(query.constituency_id).name)
    if query.category:
        details.append(query.category)
    if query.level:
        details.append({"township": "乡镇人大代表", "county": "县人大代表"}[query.level])
    if query.text:
        details.append(f"查找“{query.text}”")
    return Roster(title, "（" + "，".join(details) + "）", rows, reveal, dates.today().isoformat())


def roster_pdf(
    office: Office, query: DeputyQuery | None = None, *, reveal: bool | None = None
) -> PdfResult:
    roster = gather(office, query, reveal=reveal)
    if not roster.rows:
        raise RendaError("没有符合条件的代表，名册为空。请调整筛选条件后再打印。")
    doc = Document(
        office_font_set(office.settings.get("print_fonts")),
        title=roster.title,
        orientation="landscape",
        numbers="always",
        footer=f"打印日期：{dates.format_date(roster.printed_on)}",
    )
    kit = doc.kit()
    size = SMALL_SIZE

    def cell(value: str) -> object:
        return kit.text(value, align="center", size=size)

    header = [kit.label(name, size=size) for name, _w in COLUMNS]
    body = []
    for i, r in enumerate(roster.rows, 1):
        phone = r.phone if roster.reveal else mask_phone(r.phone)
        body.append(
            [
                cell(str(i)),
                cell(r.name),
                cell(r.gender_label),
                cell(r.ethnicity),
                kit.one_line(dates.format_month(r.birth_date), size=size),
                cell(r.political_status),
                cell(r.education),
                kit.text(r.unit, size=size),
                cell(r.category),
                cell(r.constituency_name),
                cell(r.group_name),
                kit.one_line(phone, size=size),
                kit.text(remark(r), size=size),
            ]
        )
    grid = kit.grid(
        [header, *body],
        [w * mm for _name, w in COLUMNS],
        heights=[8 * mm] + [6.5 * mm] * len(body),
        repeat_rows=1,
        header_rows=1,
    )
    story = [
        *kit.title(roster.title, roster.subtitle),
        kit.line(f"共 {len(roster.rows)} 名", ""),
        grid,
    ]
    return doc.build(story, kit=kit)
